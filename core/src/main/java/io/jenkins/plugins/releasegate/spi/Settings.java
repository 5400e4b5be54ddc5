package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a gate definition being read, such as a check's settings. Check types read their
 * keys through it; every problem (a missing key, a wrong value, an unknown key) is recorded with
 * file, line, column and YAML path instead of being thrown, so that a definition reports all its
 * problems at once.
 *
 * <p>Every key a reader does not ask for is an unknown key, reported with a "did you mean" hint: typos
 * must never silently disable a check.</p>
 */
public final class Settings {
    /** A check's time limit when its definition gives none. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(60);

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> consumed = new LinkedHashSet<>();
    private final List<Settings> children = new ArrayList<>();
    private final Set<String> reportedWithoutValue = new LinkedHashSet<>();
    private Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;

    private Settings(final Node node, final String path, final Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (key == null) {
                    problemAt(tuple.getKeyNode(), path, "a key must be a plain name, not a list or mapping");
                } else if (entries.containsKey(key)) {
                    problemAt(tuple.getKeyNode(), join(path, key), "'" + key + "' is given twice; keep one");
                } else {
                    entries.put(key, tuple);
                }
            }
        } else {
            problemAt(node, path, "expected a mapping of keys to values, found " + describe(node));
        }
    }

    /**
     * Returns the time limit of the check these settings configure, so that a check type can fit its own
     * network timeouts inside it.
     *
     * @return the check's timeout, {@link #DEFAULT_CHECK_TIMEOUT} unless the definition loader set another
     */
    public Duration checkTimeout() {
        return checkTimeout;
    }

    /**
     * Sets the time limit of the check these settings configure; the definition loader reads and validates
     * it before the check type reads the rest.
     *
     * @param timeout the check's timeout
     */
    public void checkTimeout(final Duration timeout) {
        checkTimeout = Objects.requireNonNull(timeout);
    }

    /**
     * Reads a mapping.
     *
     * @param node the YAML node, expected to be a mapping
     * @param path its YAML path, empty for the document
     * @param problems where problems are recorded
     * @return the settings
     */
    public static Settings of(final Node node, final String path, final Problems problems) {
        return new Settings(node, path, problems);
    }

    /**
     * Returns the YAML node of this mapping, for readers that need the raw tree.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Returns the YAML path of this mapping.
     *
     * @return the path, such as {@code checks[2]}
     */
    public String path() {
        return path;
    }

    /**
     * Returns the YAML path of a key in this mapping.
     *
     * @param key the key
     * @return the path, such as {@code checks[2].url}
     */
    public String path(final String key) {
        return join(path, key);
    }

    /**
     * Returns the file and line of a key, or of this mapping if the key is absent, for messages.
     *
     * @param key the key
     * @return the location, such as {@code gate.yaml:12:5}
     */
    public String location(final String key) {
        NodeTuple tuple = entries.get(key);
        Mark mark = (tuple == null ? node : tuple.getValueNode()).getStartMark();
        return problems.file() + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1));
    }

    /**
     * Returns the problems recorded so far for the whole file.
     *
     * @return the problems
     */
    public Problems problems() {
        return problems;
    }

    /**
     * Returns whether the key is present, and marks it as known.
     *
     * @param key the key
     * @return {@code true} if present with a value
     */
    public boolean has(final String key) {
        return valueOf(key).isPresent();
    }

    /**
     * Returns the keys present in this mapping, in order.
     *
     * @return the keys
     */
    public Set<String> keys() {
        return entries.keySet();
    }

    /**
     * Marks keys as known without reading them, for keys read by someone else.
     *
     * @param keys the keys
     */
    public void markKnown(final String... keys) {
        consumed.addAll(Arrays.asList(keys));
    }

    /**
     * Reads an optional text value.
     *
     * @param key the key
     * @return the value, empty if absent
     */
    public Optional<String> optionalString(final String key) {
        return scalar(key).map(ScalarNode::getValue);
    }

    /**
     * Reads a required text value.
     *
     * @param key the key
     * @param hint what the value is, for the message when it is missing, such as "the JDBC URL of the database"
     * @return the value, or an empty text if missing (a problem is recorded)
     */
    public String requiredString(final String key, final String hint) {
        if (entries.containsKey(key) && isNull(entries.get(key).getValueNode())) {
            consumed.add(key);
            reportedWithoutValue.add(key);
            problem(key, "is required and has no value: give " + hint);
            return "";
        }
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            if (!entries.containsKey(key)) {
                problemAt(node, join(path, key), "is required: add '" + key + ":' with " + hint);
            }
            return "";
        }
        if (value.get().isBlank()) {
            problem(key, "is empty: give " + hint);
        }
        return value.get();
    }

    /**
     * Reads a text value with a default.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public String string(final String key, final String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /**
     * Reads a boolean.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public boolean bool(final String key, final boolean defaultValue) {
        Optional<ScalarNode> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return defaultValue;
        }
        String text = scalar.get().getValue().toLowerCase(Locale.ROOT);
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        problem(key, "'" + scalar.get().getValue() + "' is not a boolean: write true or false");
        return defaultValue;
    }

    /**
     * Reads a whole number within bounds.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public int integer(final String key, final int defaultValue, final int min, final int max) {
        return optionalInteger(key, min, max).orElse(defaultValue);
    }

    /**
     * Reads an optional whole number within bounds.
     *
     * @param key the key
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value, empty if absent or wrong (a problem is recorded)
     */
    public Optional<Integer> optionalInteger(final String key, final int min, final int max) {
        Optional<ScalarNode> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(scalar.get().getValue().trim());
            if (value < min || value > max) {
                problem(key, value + " is out of range: use a whole number from " + min + " to " + max);
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NumberFormatException exception) {
            problem(
                    key,
                    "'" + scalar.get().getValue() + "' is not a whole number: use a whole number from " + min + " to "
                            + max);
            return Optional.empty();
        }
    }

    /**
     * Reads a duration such as {@code 30s}, {@code 5m} or {@code 4h}.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public Duration duration(final String key, final Duration defaultValue) {
        return optionalDuration(key).orElse(defaultValue);
    }

    /**
     * Reads an optional duration.
     *
     * @param key the key
     * @return the value, empty if absent or wrong (a problem is recorded)
     */
    public Optional<Duration> optionalDuration(final String key) {
        Optional<ScalarNode> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.parseDuration(scalar.get().getValue()));
        } catch (IllegalArgumentException exception) {
            problem(key, exception.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads a quantity of a unit, such as {@code 80%} or {@code 16MiB}.
     *
     * @param key the key
     * @param unit the unit
     * @return the value in the unit's base, empty if absent or wrong (a problem is recorded)
     */
    public Optional<Double> optionalQuantity(final String key, final Unit unit) {
        Optional<ScalarNode> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.parse(scalar.get().getValue(), unit));
        } catch (IllegalArgumentException exception) {
            problem(key, exception.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads one of a fixed set of words, compared without case and ignoring {@code -} and {@code _}.
     *
     * @param key the key
     * @param type the enum of allowed values
     * @param defaultValue the value when absent
     * @param <E> the enum type
     * @return the value
     */
    public <E extends Enum<E>> E choice(final String key, final Class<E> type, final E defaultValue) {
        Optional<ScalarNode> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return defaultValue;
        }
        String wanted = normalize(scalar.get().getValue());
        for (E constant : type.getEnumConstants()) {
            if (normalize(constant.name()).equals(wanted)) {
                return constant;
            }
        }
        problem(
                key,
                "'" + scalar.get().getValue() + "' is not allowed: use one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(Settings::yamlName)
                                .collect(Collectors.joining(", ")));
        return defaultValue;
    }

    /**
     * Returns how an enum constant is written in YAML: lower camel case, such as {@code onFail} for
     * {@code ON_FAIL}.
     *
     * @param constant the constant
     * @return the YAML word
     */
    public static String yamlName(final Enum<?> constant) {
        String[] words = constant.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int index = 1; index < words.length; index++) {
            name.append(Character.toUpperCase(words[index].charAt(0))).append(words[index].substring(1));
        }
        return name.toString();
    }

    private static String normalize(final String text) {
        return text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a list of texts. A single text is accepted as a list of one.
     *
     * @param key the key
     * @return the values, empty if absent
     */
    public List<String> stringList(final String key) {
        Optional<Node> present = valueOf(key);
        if (present.isEmpty()) {
            return List.of();
        }
        Node value = present.get();
        if (value instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        if (value instanceof SequenceNode sequence) {
            List<String> result = new ArrayList<>();
            int index = 0;
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar) {
                    result.add(scalar.getValue());
                } else {
                    problemAt(
                            item,
                            join(path, key) + "[" + index + "]",
                            "expected a text, found " + describe(item) + textHint(item));
                }
                index++;
            }
            return result;
        }
        problem(key, "expected a list of texts, found " + describe(value));
        return List.of();
    }

    /**
     * Reads a nested mapping.
     *
     * @param key the key
     * @return the nested settings, empty if absent
     */
    public Optional<Settings> section(final String key) {
        return valueOf(key).map(value -> child(value, join(path, key)));
    }

    /**
     * Reads a list of mappings, such as a list of checks.
     *
     * @param key the key
     * @return the nested settings, empty if absent
     */
    public List<Settings> sectionList(final String key) {
        Optional<Node> present = valueOf(key);
        if (present.isEmpty()) {
            return List.of();
        }
        if (!(present.get() instanceof SequenceNode sequence)) {
            problem(key, "expected a list ('- ' items), found " + describe(present.get()));
            return List.of();
        }
        List<Settings> result = new ArrayList<>();
        int index = 0;
        for (Node item : sequence.getValue()) {
            result.add(child(item, join(path, key) + "[" + index++ + "]"));
        }
        return result;
    }

    /**
     * Reads a mapping of names to texts, such as {@code headers: {X-Request-Source: release-gate}}; a name
     * without a value is a problem.
     *
     * @param key the key
     * @return the entries in order, empty if absent
     */
    public Map<String, String> stringMap(final String key) {
        Map<String, String> result = new LinkedHashMap<>();
        section(key).ifPresent(section -> {
            for (String name : section.keys()) {
                if (!section.has(name)) {
                    section.problem(name, "is empty: give a value, or remove it");
                }
                section.optionalString(name).ifPresent(value -> result.put(name, value));
            }
        });
        return result;
    }

    /**
     * Reads a mapping of names to mappings, such as the jobs of a status document; a name without a value is a
     * problem.
     *
     * @param key the key
     * @return the nested settings by name, in order, empty if absent
     */
    public Map<String, Settings> sectionMap(final String key) {
        Map<String, Settings> result = new LinkedHashMap<>();
        section(key).ifPresent(section -> {
            for (String name : section.keys()) {
                if (!section.has(name)) {
                    section.problem(name, "is empty: give its settings as a mapping, or remove it");
                }
                section.section(name).ifPresent(child -> result.put(name, child));
            }
        });
        return result;
    }

    /**
     * Records a problem with the value of a key.
     *
     * @param key the key
     * @param message what is wrong and what to do
     */
    public void problem(final String key, final String message) {
        NodeTuple tuple = entries.get(key);
        problemAt(tuple == null ? node : tuple.getValueNode(), join(path, key), message);
    }

    /**
     * Records a problem with one text of a list read by {@link #stringList}, at that text: the first item of the
     * list that reads {@code item}, or the value itself when it is a single text.
     *
     * @param key the key of the list
     * @param item the text the problem is about
     * @param message what is wrong and what to do
     */
    public void itemProblem(final String key, final String item, final String message) {
        NodeTuple tuple = entries.get(key);
        if (tuple != null && tuple.getValueNode() instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int index = 0; index < items.size(); index++) {
                if (items.get(index) instanceof ScalarNode scalar
                        && scalar.getValue().equals(item)) {
                    problemAt(scalar, join(path, key) + "[" + index + "]", message);
                    return;
                }
            }
        }
        problem(key, message);
    }

    /**
     * Records a problem with this mapping as a whole.
     *
     * @param message what is wrong and what to do
     */
    public void problem(final String message) {
        problemAt(node, path, message);
    }

    /**
     * Reports every key of this mapping and its nested mappings that no reader asked for, with the
     * closest known key as a hint.
     */
    public void reportUnknownKeys() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!consumed.contains(entry.getKey())) {
                problemAt(
                        entry.getValue().getKeyNode(),
                        join(path, entry.getKey()),
                        "unknown key" + suggestion(entry.getKey(), consumed)
                                + " Remove it or correct its spelling: an unknown key is never ignored.");
            }
        }
        for (Settings child : children) {
            child.reportUnknownKeys();
        }
    }

    /**
     * Returns the hint for an unknown word, such as {@code ; did you mean 'timeout'?}.
     *
     * @param word the unknown word
     * @param known the known words
     * @return the hint with its leading punctuation, or a period if nothing is close
     */
    public static String suggestion(final String word, final Collection<String> known) {
        Optional<String> closest = known.stream()
                .filter(candidate -> distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT))
                        <= Math.max(2, candidate.length() / 3))
                .min(Comparator.comparingInt(
                        candidate -> distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT))));
        if (closest.isPresent()) {
            return "; did you mean '" + closest.get() + "'?";
        }
        if (known.isEmpty()) {
            return "; this section takes no keys.";
        }
        return "; known keys here: " + String.join(", ", known) + ".";
    }

    static int distance(final String first, final String second) {
        int[] previous = new int[second.length() + 1];
        int[] current = new int[second.length() + 1];
        for (int column = 0; column <= second.length(); column++) {
            previous[column] = column;
        }
        for (int row = 1; row <= first.length(); row++) {
            current[0] = row;
            for (int column = 1; column <= second.length(); column++) {
                int cost = first.charAt(row - 1) == second.charAt(column - 1) ? 0 : 1;
                current[column] =
                        Math.min(Math.min(current[column - 1] + 1, previous[column] + 1), previous[column - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[second.length()];
    }

    private Settings child(final Node value, final String childPath) {
        Settings child = new Settings(value, childPath, problems);
        children.add(child);
        return child;
    }

    private Optional<ScalarNode> scalar(final String key) {
        Optional<Node> present = valueOf(key);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        if (present.get() instanceof ScalarNode scalar) {
            return Optional.of(scalar);
        }
        problem(key, "expected a single value, found " + describe(present.get()));
        return Optional.empty();
    }

    /**
     * Returns the value of a key and marks the key as known. A key written without a value is reported
     * once, instead of silently taking the default: {@code timeout:} alone is a mistake, not a choice.
     */
    private Optional<Node> valueOf(final String key) {
        consumed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        if (isNull(tuple.getValueNode())) {
            if (reportedWithoutValue.add(key)) {
                Mark mark = tuple.getKeyNode().getStartMark();
                problems.addGeneric(
                        mark == null ? 0 : mark.getLine() + 1,
                        mark == null ? 0 : mark.getColumn() + 1,
                        join(path, key),
                        "has no value: give it one, or remove the key to keep its default");
            }
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    private void problemAt(@CheckForNull final Node at, final String atPath, final String message) {
        Mark mark = at == null ? null : at.getStartMark();
        problems.add(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, atPath, message);
    }

    private static boolean isNull(final Node value) {
        return value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String describe(final Node value) {
        if (value instanceof MappingNode) {
            return "a mapping";
        }
        if (value instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(value)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) value).getValue() + "'";
    }

    /**
     * Explains a one-entry mapping found where a text was expected: {@code [group: ops]} is a mapping in YAML,
     * {@code [group:ops]} a text.
     */
    private static String textHint(final Node item) {
        if (item instanceof MappingNode mapping
                && mapping.getValue().size() == 1
                && mapping.getValue().get(0).getKeyNode() instanceof ScalarNode key
                && mapping.getValue().get(0).getValueNode() instanceof ScalarNode value
                && !isNull(value)) {
            return "; to write '" + key.getValue() + ": " + value.getValue()
                    + "' as one text, leave out the space after the colon (" + key.getValue() + ":" + value.getValue()
                    + ") or quote it";
        }
        return "";
    }

    private static String join(final String parent, final String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
