package io.jenkins.plugins.releasegate.checks.alerts;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes it: {@code service=orders}, {@code env!=staging},
 * {@code alertname=~"Disk.*"}, {@code alertname!~"Watchdog|InfoInhibitor"}. A value may be written bare or in
 * double quotes; inside, {@code \\}, {@code \"} and {@code \n} are escapes and any other backslash stays, so
 * that {@code \d} reaches the regular expression as written. Regular expressions match the whole value, as
 * in Alertmanager.
 *
 * @param name the label name
 * @param operator how the value is compared
 * @param value the value or regular expression, unescaped
 */
record AlertMatcher(String name, Operator operator, String value) {
    /** What Alertmanager accepts: a name, an operator, a value, with blanks around each. */
    private static final Pattern SYNTAX =
            Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)\\s*(.*?)\\s*$", Pattern.DOTALL);

    /** How a matcher compares a label's value. */
    enum Operator {
        /** The value equals. */
        EQUAL("="),
        /** The value differs. */
        NOT_EQUAL("!="),
        /** The whole value matches the regular expression. */
        REGEX("=~"),
        /** The whole value does not match the regular expression. */
        NOT_REGEX("!~");

        private final String symbol;

        Operator(final String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }

        static Operator of(final String symbol) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(symbol)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("no operator " + symbol);
        }
    }

    /**
     * Reads a matcher written as Alertmanager writes it.
     *
     * @param text the matcher, such as {@code alertname!~"Watchdog|InfoInhibitor"}
     * @return the matcher
     * @throws IllegalArgumentException with what is wrong and how to write it instead
     */
    static AlertMatcher parse(final String text) {
        Matcher syntax = SYNTAX.matcher(text);
        if (!syntax.matches()) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a label matcher: write LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX, such as"
                    + " service=orders or alertname!~\"Watchdog|InfoInhibitor\"; a label name is letters, digits and"
                    + " '_' and does not start with a digit");
        }
        Operator operator = Operator.of(syntax.group(2));
        String value = unescape(text, syntax.group(3));
        if (operator.isRegex()) {
            checkRegex(text, value);
        }
        return new AlertMatcher(syntax.group(1), operator, value);
    }

    /** Reads a value as Alertmanager does: quotes around it are optional, a quote inside must be escaped. */
    private static String unescape(final String text, final String raw) {
        String rest = raw;
        boolean expectClosingQuote = false;
        if (rest.startsWith("\"")) {
            rest = rest.substring(1);
            expectClosingQuote = true;
        }
        StringBuilder value = new StringBuilder();
        boolean isEscaped = false;
        for (int index = 0; index < rest.length(); index++) {
            char character = rest.charAt(index);
            if (isEscaped) {
                isEscaped = false;
                switch (character) {
                    case 'n' -> value.append('\n');
                    case '"', '\\' -> value.append(character);
                    default -> value.append('\\').append(character);
                }
            } else if (character == '\\' && index < rest.length() - 1) {
                isEscaped = true;
            } else if (character == '"') {
                if (!expectClosingQuote || index < rest.length() - 1) {
                    throw new IllegalArgumentException("'" + text
                            + "' has a double quote inside its value: quote the whole value and write a quote inside"
                            + " it as \\\", such as summary=\"say \\\"hi\\\"\"");
                }
                expectClosingQuote = false;
            } else {
                value.append(character);
            }
        }
        if (expectClosingQuote) {
            throw new IllegalArgumentException(
                    "'" + text + "' opens a double quote and does not close it: end the value with \"");
        }
        return value.toString();
    }

    private static void checkRegex(final String text, final String regex) {
        String unsupported = notInRe2(regex);
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': '" + unsupported
                    + "' is not supported by Alertmanager's regular expressions (Go RE2 has no look-ahead,"
                    + " look-behind or back-references); rewrite the expression without it");
        }
        try {
            // Go's (?P<name>...) groups are Java's (?<name>...)
            Pattern.compile(regex.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException exception) {
            throw new IllegalArgumentException("'" + text + "': the regular expression is not valid: "
                    + exception.getDescription() + " near index " + exception.getIndex());
        }
    }

    /**
     * Returns the first construct of a Java regular expression that Go's RE2, which Alertmanager uses, lacks:
     * a look-around outside a character class or a back-reference; empty if there is none.
     */
    private static String notInRe2(final String regex) {
        boolean isInClass = false;
        for (int index = 0; index < regex.length(); index++) {
            char character = regex.charAt(index);
            if (character == '\\' && index + 1 < regex.length()) {
                char next = regex.charAt(index + 1);
                if (!isInClass && next >= '1' && next <= '9') {
                    return "\\" + next;
                }
                index++;
            } else if (character == '[') {
                isInClass = true;
            } else if (character == ']') {
                isInClass = false;
            } else if (!isInClass && regex.startsWith("(?", index)) {
                for (String lookAround : new String[] {"(?=", "(?!", "(?<=", "(?<!"}) {
                    if (regex.startsWith(lookAround, index)) {
                        return lookAround;
                    }
                }
            }
        }
        return "";
    }

    /**
     * Returns the matcher as Alertmanager's {@code filter} parameter reads it, the value quoted and escaped.
     *
     * @return the filter, such as {@code service="orders"}
     */
    String toFilter() {
        return name + operator.symbol() + quote(value);
    }

    /**
     * Returns whether a set of labels meets this matcher, for labels compared without a regular expression; a
     * missing label is the empty value, as in Alertmanager.
     *
     * @param labels the alert's labels
     * @return {@code true} if the labels meet the matcher or the matcher is a regular expression
     */
    boolean isMetOrRegex(final Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (operator) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX, NOT_REGEX -> true;
        };
    }

    private static String quote(final String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Override
    public String toString() {
        return toFilter();
    }
}
