package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Makes text from remote systems (job names, JSON values, file names, statement texts) safe to print on a
 * terminal, in a build log or in a report: control characters (C0, DEL, C1, including the escape that starts
 * ANSI sequences and Jenkins console notes), format characters (such as the bidirectional overrides U+202E
 * and U+2066 to U+2069, or zero-width spaces) and the Unicode line and paragraph separators are replaced by
 * {@value #REPLACEMENT}. A tab becomes a space; a line break ({@code \n}, {@code \r\n} or {@code \r}) stays
 * a line break, written {@code \n}.
 */
public final class PrintableText {
    /** What replaces a character that must not be printed. */
    public static final char REPLACEMENT = '\uFFFD';

    private PrintableText() {}

    /**
     * Returns the text with every character replaced that could move the cursor, change colours, hide text
     * or reorder it on a terminal or in a log.
     *
     * @param text the text
     * @return the printable text, with {@code \n} for line breaks
     */
    public static String of(final String text) {
        StringBuilder printable = null;
        int length = text.length();
        for (int index = 0; index < length; ) {
            int codePoint = text.codePointAt(index);
            int next = index + Character.charCount(codePoint);
            String replacement = replacement(codePoint, next < length ? text.charAt(next) : 0);
            if (replacement != null && printable == null) {
                printable = new StringBuilder(length).append(text, 0, index);
            }
            if (printable != null) {
                if (replacement == null) {
                    printable.appendCodePoint(codePoint);
                } else {
                    printable.append(replacement);
                }
            }
            index = next;
        }
        return printable == null ? text : printable.toString();
    }

    /**
     * Returns the replacement of a character, {@code null} to keep it.
     */
    @CheckForNull
    private static String replacement(final int codePoint, final char following) {
        if (codePoint == '\n') {
            return null;
        }
        if (codePoint == '\r') {
            return following == '\n' ? "" : "\n";
        }
        if (codePoint == '\t') {
            return " ";
        }
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                        || type == Character.FORMAT
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR
                        || type == Character.SURROGATE
                ? String.valueOf(REPLACEMENT)
                : null;
    }
}
