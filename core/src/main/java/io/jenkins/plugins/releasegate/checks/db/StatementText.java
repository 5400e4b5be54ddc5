package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.Dialect;
import io.jenkins.plugins.releasegate.checks.jdbc.SqlText;
import java.util.regex.Pattern;

/**
 * The statement text of another session as shown in reports: one line, the first {@value #MAX_LENGTH}
 * characters, and every string literal replaced with {@code ?}, since a statement such as
 * {@code ALTER ROLE app PASSWORD $$...$$} or {@code SET PASSWORD FOR app = '...'} would otherwise put a
 * password in the evidence.
 *
 * <p>Literals are found as the dialect reads them: on PostgreSQL single-quoted strings (with their
 * {@code E}, {@code U&}, {@code B}, {@code X} and {@code N} prefixes) and dollar-quoted strings
 * ({@code $tag$...$tag$}), while double quotes enclose identifiers and are kept; on MySQL and MariaDB
 * single- and double-quoted strings, while backticks enclose identifiers. Whether a backslash escapes a
 * quote depends on server settings ({@code standard_conforming_strings}, {@code NO_BACKSLASH_ESCAPES}), so
 * the text is read both ways and whatever is a literal in either reading is replaced. A literal that is
 * not closed, as in a statement text the server cut, is replaced up to the end.
 */
final class StatementText {
    /** The most characters of a statement shown. */
    static final int MAX_LENGTH = 200;

    /** What replaces a literal. */
    static final String PLACEHOLDER = "?";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private StatementText() {}

    /**
     * Returns the text shown for a statement.
     *
     * @param statement the statement as the server reports it
     * @param dialect the server's dialect
     * @return the shown text, empty for none
     */
    static String of(final String statement, final Dialect dialect) {
        boolean[] literal = new boolean[statement.length()];
        new Lexer(statement, dialect == Dialect.POSTGRESQL, true, literal).markLiterals();
        new Lexer(statement, dialect == Dialect.POSTGRESQL, false, literal).markLiterals();
        StringBuilder masked = new StringBuilder(statement.length());
        for (int index = 0; index < statement.length(); index++) {
            if (!literal[index]) {
                masked.append(statement.charAt(index));
            } else if (index == 0 || !literal[index - 1]) {
                masked.append(PLACEHOLDER);
            }
        }
        String line = WHITESPACE.matcher(masked).replaceAll(" ").strip();
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "…";
    }

    /** One reading of a statement that marks the characters of its literals. */
    private static final class Lexer {
        private final String text;
        private final boolean isPostgres;
        private final boolean isBackslashAnEscape;
        private final boolean[] literal;

        Lexer(final String text, final boolean isPostgres, final boolean isBackslashAnEscape, final boolean[] literal) {
            this.text = text;
            this.isPostgres = isPostgres;
            this.isBackslashAnEscape = isBackslashAnEscape;
            this.literal = literal;
        }

        void markLiterals() {
            int length = text.length();
            int index = 0;
            while (index < length) {
                char current = text.charAt(index);
                if (current == '-' && startsWith(index, "--") && (isPostgres || isBlankOrEnd(index + 2))) {
                    index = endOfLine(index);
                } else if (current == '#' && !isPostgres) {
                    index = endOfLine(index);
                } else if (current == '/' && startsWith(index, "/*")) {
                    index = !isPostgres && (startsWith(index, "/*!") || startsWith(index, "/*+"))
                            ? index + 3 // executable comment: its content is SQL
                            : SqlText.endOfBlockComment(text, index, isPostgres);
                } else if (current == '\'') {
                    boolean isEscapeString = isPostgres && isPrefixedBy(index, "E");
                    int end = SqlText.endOfQuoted(text, index + 1, '\'', isEscapeString || isBackslashAnEscape);
                    mark(startWithPrefix(index), end);
                    index = end;
                } else if (current == '"') {
                    int end = SqlText.endOfQuoted(text, index + 1, '"', !isPostgres && isBackslashAnEscape);
                    if (!isPostgres) {
                        mark(index, end);
                    }
                    index = end;
                } else if (current == '`' && !isPostgres) {
                    index = SqlText.endOfQuoted(text, index + 1, '`', false);
                } else if (current == '$' && isPostgres && (index == 0 || !isIdentifierPart(text.charAt(index - 1)))) {
                    index = dollarQuoted(index);
                } else {
                    index++;
                }
            }
        }

        private int dollarQuoted(final int start) {
            int index = start + 1;
            if (index < text.length() && isIdentifierStart(text.charAt(index))) {
                index++;
                while (index < text.length() && isIdentifierPart(text.charAt(index)) && text.charAt(index) != '$') {
                    index++;
                }
            }
            if (index >= text.length() || text.charAt(index) != '$') {
                return start + 1; // a parameter such as $1, or a lone dollar sign
            }
            String tag = text.substring(start, index + 1);
            int close = text.indexOf(tag, index + 1);
            int end = close < 0 ? text.length() : close + tag.length();
            mark(start, end);
            return end;
        }

        /** Returns where a quoted literal begins, taking in a prefix such as {@code E}, {@code U&} or {@code N}. */
        private int startWithPrefix(final int quote) {
            if (isPostgres && isPrefixedBy(quote, "U&")) {
                return quote - 2;
            }
            for (String prefix : new String[] {"E", "B", "X", "N"}) {
                if (isPrefixedBy(quote, prefix)) {
                    return quote - 1;
                }
            }
            return quote;
        }

        private boolean isPrefixedBy(final int quote, final String prefix) {
            int start = quote - prefix.length();
            return start >= 0
                    && text.regionMatches(true, start, prefix, 0, prefix.length())
                    && (start == 0 || !isIdentifierPart(text.charAt(start - 1)));
        }

        private int endOfLine(final int start) {
            int index = start;
            while (index < text.length() && text.charAt(index) != '\n' && text.charAt(index) != '\r') {
                index++;
            }
            return index;
        }

        private boolean startsWith(final int index, final String prefix) {
            return text.startsWith(prefix, index);
        }

        private boolean isBlankOrEnd(final int index) {
            return index >= text.length() || Character.isWhitespace(text.charAt(index));
        }

        private void mark(final int start, final int end) {
            for (int index = start; index < end; index++) {
                literal[index] = true;
            }
        }

        private static boolean isIdentifierStart(final char character) {
            return Character.isLetter(character) || character == '_' || character >= 0x80;
        }

        private static boolean isIdentifierPart(final char character) {
            return isIdentifierStart(character) || Character.isDigit(character) || character == '$';
        }
    }
}
