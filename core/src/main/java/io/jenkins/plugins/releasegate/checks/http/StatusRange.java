package io.jenkins.plugins.releasegate.checks.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of HTTP status codes, written {@code 200}, {@code 2xx} or {@code 200-204}.
 *
 * @param from the lowest code
 * @param to the highest code
 */
record StatusRange(int from, int to) {
    private static final Pattern RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");
    private static final Pattern CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

    static Optional<StatusRange> parse(final String text) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d{3}")) {
            int code = Integer.parseInt(trimmed);
            return code >= 100 && code <= 599 ? Optional.of(new StatusRange(code, code)) : Optional.empty();
        }
        Matcher kind = CLASS.matcher(trimmed);
        if (kind.matches()) {
            int hundreds = Integer.parseInt(kind.group(1)) * 100;
            return Optional.of(new StatusRange(hundreds, hundreds + 99));
        }
        Matcher range = RANGE.matcher(trimmed);
        if (range.matches()) {
            int from = Integer.parseInt(range.group(1));
            int to = Integer.parseInt(range.group(2));
            return from <= to && from >= 100 && to <= 599 ? Optional.of(new StatusRange(from, to)) : Optional.empty();
        }
        return Optional.empty();
    }

    boolean contains(final int code) {
        return code >= from && code <= to;
    }

    @Override
    public String toString() {
        return from == to ? String.valueOf(from) : from + "-" + to;
    }
}
