package io.jenkins.plugins.releasegate.checks.db;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One result row, by column name without regard to case, with typed reads that accept what drivers
 * return (numbers, texts holding numbers, arrays) and alternative column names across server versions,
 * such as {@code Seconds_Behind_Source} and {@code Seconds_Behind_Master}.
 */
public final class Row {
    private final Map<String, Object> values;

    private Row(final Map<String, ?> columns) {
        TreeMap<String, Object> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        columns.forEach((name, value) -> {
            if (value != null) {
                map.put(name, value instanceof List<?> list ? List.copyOf(list) : value);
            }
        });
        this.values = Collections.unmodifiableMap(map);
    }

    /**
     * Creates a row; {@code null} values count as absent.
     *
     * @param columns the values by column name
     * @return the row
     */
    public static Row of(final Map<String, ?> columns) {
        return new Row(columns);
    }

    /**
     * Returns whether one of the columns is present with a value.
     *
     * @param names the column names to try
     * @return {@code true} if one has a value
     */
    public boolean has(final String... names) {
        return raw(names) != null;
    }

    /**
     * Returns a text value.
     *
     * @param names the column names to try, in order
     * @return the text, empty if no column has a value
     */
    public Optional<String> text(final String... names) {
        Object value = raw(names);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    /**
     * Returns a text value, or an empty text.
     *
     * @param names the column names to try, in order
     * @return the text
     */
    public String textOrEmpty(final String... names) {
        return text(names).orElse("");
    }

    /**
     * Returns a number.
     *
     * @param names the column names to try, in order
     * @return the number, empty if no column has a value
     * @throws IllegalArgumentException if the value is not a number
     */
    public OptionalDouble number(final String... names) {
        Object value = raw(names);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (value instanceof Number number) {
            return OptionalDouble.of(number.doubleValue());
        }
        String text = String.valueOf(value).trim();
        if (text.isEmpty() || "NULL".equalsIgnoreCase(text)) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(new BigDecimal(text).doubleValue());
        } catch (NumberFormatException exception) {
            throw new IllegalArgumentException(
                    "column " + String.join("/", names) + " holds '" + text + "', not a number", exception);
        }
    }

    /**
     * Returns a number, or a default.
     *
     * @param defaultValue the value when no column has a value
     * @param names the column names to try, in order
     * @return the number
     */
    public double number(final double defaultValue, final String... names) {
        return number(names).orElse(defaultValue);
    }

    /**
     * Returns a whole number, or a default.
     *
     * @param defaultValue the value when no column has a value
     * @param names the column names to try, in order
     * @return the number
     */
    public long whole(final long defaultValue, final String... names) {
        OptionalDouble number = number(names);
        return number.isPresent() ? Math.round(number.getAsDouble()) : defaultValue;
    }

    /**
     * Returns a boolean: SQL booleans, numbers (non-zero is true) and the words {@code true}, {@code yes},
     * {@code on}.
     *
     * @param defaultValue the value when no column has a value
     * @param names the column names to try, in order
     * @return the value
     */
    public boolean bool(final boolean defaultValue, final String... names) {
        Object value = raw(names);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return "true".equals(text) || "t".equals(text) || "yes".equals(text) || "on".equals(text) || "1".equals(text);
    }

    /**
     * Returns a list of whole numbers, such as the result of {@code pg_blocking_pids}.
     *
     * @param names the column names to try, in order
     * @return the numbers, empty if no column has a value
     */
    public List<Long> wholeList(final String... names) {
        Object value = raw(names);
        List<Long> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Number number) {
                    result.add(number.longValue());
                } else if (item != null) {
                    result.add(Long.parseLong(String.valueOf(item).trim()));
                }
            }
        } else if (value != null) {
            String text = String.valueOf(value).replaceAll("[{}\\[\\]\\s]", "");
            for (String part : text.split(",")) {
                if (!part.isEmpty()) {
                    result.add(Long.parseLong(part));
                }
            }
        }
        return List.copyOf(result);
    }

    @CheckForNull
    private Object raw(final String... names) {
        for (String name : names) {
            Object value = values.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
