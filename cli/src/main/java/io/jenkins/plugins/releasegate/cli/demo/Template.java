package io.jenkins.plugins.releasegate.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's text resources and their {@code ${NAME}} placeholders.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private Template() {}

    /**
     * Reads a resource of this package.
     *
     * @param name the resource name relative to this package, such as {@code workspace/rollback.yaml}
     * @return its text
     */
    static String resource(final String name) {
        try (InputStream stream = Template.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalStateException(
                        "The demo resource " + name + " is missing from the jar: rebuild the CLI");
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
    }

    /**
     * Replaces every {@code ${NAME}} in a text.
     *
     * @param text the text
     * @param values the value of each placeholder
     * @return the text with every placeholder replaced
     * @throws IllegalArgumentException if the text holds a placeholder without a value
     */
    static String fill(final String text, final Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
