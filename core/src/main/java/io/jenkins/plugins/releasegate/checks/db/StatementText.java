package io.jenkins.plugins.releasegate.checks.db;

import java.util.regex.Pattern;

/**
 * The statement text of another session as shown in reports: one line, the first
 * {@value #MAX_LENGTH} characters, and string literals after {@code PASSWORD} or {@code IDENTIFIED BY}
 * masked, since such statements ({@code ALTER USER ... PASSWORD '...'}) would otherwise put a password
 * in the evidence.
 */
final class StatementText {
    /** The most characters of a statement shown. */
    static final int MAX_LENGTH = 200;

    private static final Pattern SECRET_LITERAL = Pattern.compile(
            "(?i)(password|identified\\s+(?:with\\s+\\S+\\s+)?by|pwd)(\\s*(?:=|\\()?\\s*)'(?:[^']|'')*'?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private StatementText() {}

    /**
     * Returns the text shown for a statement.
     *
     * @param statement the statement as the server reports it
     * @return the shown text, empty for none
     */
    static String of(final String statement) {
        String line = WHITESPACE.matcher(statement).replaceAll(" ").strip();
        String masked = SECRET_LITERAL.matcher(line).replaceAll("$1$2'****'");
        return masked.length() <= MAX_LENGTH ? masked : masked.substring(0, MAX_LENGTH) + "…";
    }
}
