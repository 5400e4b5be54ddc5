package io.jenkins.plugins.releasegate.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hides secret values in texts bound for logs and reports.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    private Redaction() {}

    /**
     * Replaces every occurrence of each secret with {@value #MASK}.
     *
     * @param text the text
     * @param secrets the secrets; empty and very short ones are skipped only if empty
     * @return the text without the secrets
     */
    public static String redact(final String text, final Iterable<String> secrets) {
        List<String> longestFirst = new ArrayList<>();
        secrets.forEach(longestFirst::add);
        // A secret that contains another must go first, or hiding the shorter one leaves the rest of it.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String secret : longestFirst) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
