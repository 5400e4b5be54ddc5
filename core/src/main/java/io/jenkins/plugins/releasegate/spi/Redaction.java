package io.jenkins.plugins.releasegate.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secret values in texts bound for logs and reports.
 *
 * <p>A secret of at least {@value #MIN_LENGTH_FOR_FORMS} characters is also hidden in the forms a server may
 * echo it in: JSON-escaped, URL-encoded ({@code %20} or {@code +} for a space), Base64-encoded (with or
 * without padding, standard or URL-safe alphabet), and each of these in any letter case. A shorter secret is
 * hidden only as it is, or its other forms would mask ordinary words and numbers.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /** The shortest secret also looked for in its escaped, encoded and case-changed forms. */
    public static final int MIN_LENGTH_FOR_FORMS = 6;

    private Redaction() {}

    /**
     * Replaces every occurrence of each secret, and of its escaped, encoded and case-changed forms, with
     * {@value #MASK}.
     *
     * @param text the text
     * @param secrets the secrets; empty ones are skipped, short ones are hidden only as they are
     * @return the text without the secrets
     */
    public static String redact(final String text, final Iterable<String> secrets) {
        Set<String> withForms = new LinkedHashSet<>();
        List<String> exactOnly = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() >= MIN_LENGTH_FOR_FORMS) {
                withForms.addAll(forms(secret));
            } else if (!secret.isEmpty()) {
                exactOnly.add(secret);
            }
        }
        String result = text;
        if (!withForms.isEmpty()) {
            result = anyOf(withForms).matcher(result).replaceAll(Matcher.quoteReplacement(MASK));
        }
        // A secret that contains another must go first, or hiding the shorter one leaves the rest of it.
        exactOnly.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : exactOnly) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /**
     * Returns the forms a secret may be echoed in, the secret itself first.
     *
     * @param secret the secret
     * @return its forms, to be matched regardless of letter case
     */
    static Set<String> forms(final String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(json(secret, false));
        forms.add(json(secret, true));
        String plusForSpace = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        for (String encoded : List.of(plusForSpace, plusForSpace.replace("+", "%20"))) {
            forms.add(encoded);
            forms.add(encoded.replace("%7E", "~").replace("*", "%2A"));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (String encoded : List.of(
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes))) {
            forms.add(encoded);
            forms.add(encoded.replace("=", ""));
        }
        return forms;
    }

    /**
     * Escapes a text as a JSON string's content: quotes, backslashes and control characters always, and
     * with {@code isEscapingAll} also the slash and every non-ASCII character.
     */
    private static String json(final String text, final boolean isEscapingAll) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                case '/' -> escaped.append(isEscapingAll ? "\\/" : "/");
                default -> {
                    if (character < 0x20 || isEscapingAll && character > 0x7e) {
                        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) character));
                    } else {
                        escaped.append(character);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static Pattern anyOf(final Set<String> forms) {
        List<String> longestFirst = new ArrayList<>(forms);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternatives = new StringBuilder();
        for (String form : longestFirst) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(form));
        }
        return Pattern.compile(alternatives.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
