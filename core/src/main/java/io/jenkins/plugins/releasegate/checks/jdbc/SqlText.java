package io.jenkins.plugins.releasegate.checks.jdbc;

/**
 * What the readers of SQL text share: where a quoted string or identifier ends, and where a block comment
 * ends. Text that ends before its closing mark is read to its end, so that nothing after an unclosed quote
 * is taken for SQL.
 */
public final class SqlText {
    private SqlText() {}

    /**
     * Returns where a quoted run ends: a doubled quote stands for itself, and a backslash escapes the next
     * character where the dialect reads it so.
     *
     * @param text the SQL text
     * @param afterQuote the index just after the opening quote
     * @param quote the quote character, such as {@code '}, {@code "} or {@code `}
     * @param isBackslashEscaping whether a backslash escapes the next character
     * @return the index just after the closing quote, or the text's length if it is not closed
     */
    public static int endOfQuoted(
            final String text, final int afterQuote, final char quote, final boolean isBackslashEscaping) {
        int index = afterQuote;
        while (index < text.length()) {
            char current = text.charAt(index);
            if (isBackslashEscaping && current == '\\') {
                index += 2;
            } else if (current == quote) {
                if (index + 1 < text.length() && text.charAt(index + 1) == quote) {
                    index += 2;
                } else {
                    return index + 1;
                }
            } else {
                index++;
            }
        }
        return text.length();
    }

    /**
     * Returns where a block comment ends.
     *
     * @param text the SQL text
     * @param start the index of the comment's {@code /*}
     * @param isNesting whether comments nest, as in PostgreSQL; in MySQL and MariaDB the first close ends it
     * @return the index just after the comment, or the text's length if it is not closed
     */
    public static int endOfBlockComment(final String text, final int start, final boolean isNesting) {
        int depth = 0;
        int index = start;
        while (index < text.length()) {
            if (text.startsWith("/*", index) && (isNesting || depth == 0)) {
                depth++;
                index += 2;
            } else if (text.startsWith("*/", index)) {
                depth--;
                index += 2;
                if (depth == 0) {
                    return index;
                }
            } else {
                index++;
            }
        }
        return text.length();
    }
}
