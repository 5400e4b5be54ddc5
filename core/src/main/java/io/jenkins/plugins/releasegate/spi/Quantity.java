package io.jenkins.plugins.releasegate.spi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the quantities written in gate definitions and shown in reports: percentages,
 * durations, sizes and plain numbers.
 */
public final class Quantity {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    /** The longest duration read, in days; its nanoseconds still fit in a long. */
    private static final long MAX_DURATION_DAYS = 100_000;

    private static final BigDecimal MAX_DURATION_NANOS =
            BigDecimal.valueOf(MAX_DURATION_DAYS).multiply(BigDecimal.valueOf(86_400_000_000_000L));
    private static final Pattern NUMBER_WITH_SUFFIX = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*([A-Za-z%]*)");

    private Quantity() {}

    /**
     * Parses a value of the given unit.
     *
     * @param text the text as written, such as {@code 80%}, {@code 30s} or {@code 16MiB}
     * @param unit the expected unit
     * @return the value in the unit's base (percent, seconds, bytes, number)
     * @throws IllegalArgumentException with a message that shows how to write the value
     */
    public static double parse(final String text, final Unit unit) {
        String trimmed = text.trim();
        return switch (unit) {
            case SECONDS -> parseDuration(trimmed).toNanos() / 1e9;
            case PERCENT -> parsePercent(trimmed);
            case BYTES -> parseBytes(trimmed);
            case NUMBER -> parseNumber(trimmed);
        };
    }

    /**
     * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 4h}, {@code 2d} or
     * {@code 1h30m}.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration parseDuration(final String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION_PART.matcher(trimmed);
        int position = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (matcher.find() && matcher.start() == position) {
            BigDecimal amount = new BigDecimal(matcher.group(1));
            long nanosPerUnit =
                    switch (matcher.group(2)) {
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        case "h" -> 3_600_000_000_000L;
                        default -> 86_400_000_000_000L;
                    };
            total = total.add(amount.multiply(BigDecimal.valueOf(nanosPerUnit)));
            position = matcher.end();
        }
        if (trimmed.isEmpty() || position != trimmed.length()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write a number with a unit, such as 500ms, 30s, 5m, 4h or 2d");
        }
        if (total.compareTo(MAX_DURATION_NANOS) > 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is too long: a duration is at most " + MAX_DURATION_DAYS + "d");
        }
        return Duration.ofNanos(total.longValue());
    }

    private static double parsePercent(final String text) {
        if (!text.endsWith("%")) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a percentage: write it with a percent sign, such as 80%");
        }
        double value = parseNumber(text.substring(0, text.length() - 1).trim(), "a percentage", "80%");
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("'" + text + "' is not between 0% and 100%");
        }
        return value;
    }

    private static double parseBytes(final String text) {
        Matcher matcher = NUMBER_WITH_SUFFIX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: write a number with a unit, such as 512B, 64KiB, 16MiB or 2GiB");
        }
        double number = Double.parseDouble(matcher.group(1));
        double factor =
                switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "b", "" -> 1;
                    case "kib", "k" -> 1024;
                    case "mib", "m" -> 1024.0 * 1024;
                    case "gib", "g" -> 1024.0 * 1024 * 1024;
                    case "tib", "t" -> 1024.0 * 1024 * 1024 * 1024;
                    case "kb" -> 1e3;
                    case "mb" -> 1e6;
                    case "gb" -> 1e9;
                    case "tb" -> 1e12;
                    default ->
                        throw new IllegalArgumentException("'" + text + "' has an unknown size unit '"
                                + matcher.group(2) + "': use B, KiB, MiB, GiB or TiB (or kB, MB, GB, TB)");
                };
        if (number < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative: a size is 0 or more");
        }
        return number * factor;
    }

    private static double parseNumber(final String text) {
        return parseNumber(text, "a number", "5");
    }

    private static double parseNumber(final String text, final String what, final String example) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException exception) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not " + what + ": write it like " + example, exception);
        }
    }

    /**
     * Formats a value for people: {@code 83.5%}, {@code 4m 10s}, {@code 350ms}, {@code 16.0 MiB}, {@code 12}.
     *
     * @param value the value in the unit's base
     * @param unit the unit
     * @return the text
     */
    public static String format(final double value, final Unit unit) {
        return switch (unit) {
            case PERCENT -> number(value) + "%";
            case SECONDS -> formatSeconds(value);
            case BYTES -> formatBytes(value);
            case NUMBER -> number(value);
        };
    }

    /**
     * Formats a duration for people, such as {@code 350ms}, {@code 42s}, {@code 5m 3s} or {@code 2h 5m}.
     *
     * @param duration the duration
     * @return the text
     */
    public static String format(final Duration duration) {
        return formatSeconds(duration.toNanos() / 1e9);
    }

    private static String formatSeconds(final double seconds) {
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        if (seconds < 60) {
            return number(Math.round(seconds * 10) / 10.0) + "s";
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return joinParts(whole / 60, "m", whole % 60, "s");
        }
        if (whole < 172_800) {
            return joinParts(whole / 3600, "h", whole % 3600 / 60, "m");
        }
        return joinParts(whole / 86_400, "d", whole % 86_400 / 3600, "h");
    }

    private static String joinParts(
            final long major, final String majorUnit, final long minor, final String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + " " + minor + minorUnit;
    }

    private static String formatBytes(final double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double scaled = bytes;
        int index = 0;
        while (Math.abs(scaled) >= 1024 && index < units.length - 1) {
            scaled /= 1024;
            index++;
        }
        return (index == 0 ? number(scaled) : String.format(Locale.ROOT, "%.1f", scaled)) + " " + units[index];
    }

    private static String number(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Math.abs(value) < 0.1) {
            // two significant digits, so that a small ratio such as 0.004 is not shown as 0
            return BigDecimal.valueOf(value)
                    .round(new MathContext(2, RoundingMode.HALF_UP))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return BigDecimal.valueOf(value)
                .setScale(Math.abs(value) < 10 ? 2 : 1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
