package io.jenkins.plugins.releasegate.checks.http;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An expectation on one value of a JSON body: equal to one of some texts, or matching a pattern.
 *
 * @param pointer the JSON pointer
 * @param allowed the allowed values as text, empty when a pattern is used
 * @param pattern the pattern the value must match, or {@code null}
 */
record JsonAssertion(
        String pointer, List<String> allowed, @CheckForNull Pattern pattern) {
    /**
     * Evaluates the assertion.
     *
     * @param body the parsed body
     * @return a sentence describing the mismatch, empty if the value is as expected
     */
    Optional<String> mismatch(final JsonNode body) {
        JsonNode value = body.at(pointer);
        if (value.isMissingNode()) {
            return Optional.of(pointer + " is missing from the response");
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        if (pattern != null) {
            return pattern.matcher(text).matches()
                    ? Optional.empty()
                    : Optional.of(pointer + " is '" + shorten(text) + "', which does not match " + pattern.pattern());
        }
        return allowed.contains(text)
                ? Optional.empty()
                : Optional.of(pointer + " is '" + shorten(text) + "', expected "
                        + (allowed.size() == 1 ? "'" + allowed.get(0) + "'" : "one of " + allowed));
    }

    private static String shorten(final String text) {
        return text.length() <= 120 ? text : text.substring(0, 119) + "…";
    }
}
