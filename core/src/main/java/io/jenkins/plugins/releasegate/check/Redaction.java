package io.jenkins.plugins.releasegate.check;

/**
 * Hides secret values in texts bound for logs and reports.
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "****";

    private Redaction() {
    }

    /**
     * Replaces every occurrence of each secret with {@value #MASK}.
     *
     * @param text the text
     * @param secrets the secrets; empty and very short ones are skipped only if empty
     * @return the text without the secrets
     */
    public static String redact(final String text, final Iterable<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
