package io.jenkins.plugins.releasegate.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes any text given as a URL safe to quote in a message, however malformed it is.
 */
public final class Urls {
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;(,:/]\\s*[a-z._-]*(?:password|passwd|pwd|pass|secret|token)\\d*\\s*=).*", Pattern.DOTALL);

    /** A scheme, or a JDBC scheme with its sub-protocol and an Oracle driver type, before user information. */
    private static final Pattern SCHEME = Pattern.compile("(?i)(?:jdbc:)?[a-z][a-z0-9+.-]*:(?:(?:thin|oci|kprb):)?");

    private Urls() {}

    /**
     * Returns a text given as a URL with its user information and any password parameter masked, so that
     * it can be quoted in a message even when it does not parse. Everything between {@code //} and the last
     * {@code @} is masked (a password may hold {@code /}, {@code ;}, {@code ?} or spaces in a malformed
     * URL); without {@code //}, everything between the scheme and the last {@code @} (as in
     * {@code jdbc:oracle:thin:scott/tiger@db}; {@code jdbc:oracle:thin:@db} has nothing to mask). A password
     * parameter ({@code password=}, {@code pwd=}, {@code sslpassword=}, ...) is masked with the rest of
     * the text.
     *
     * @param text the text given as a URL
     * @return the text without user information or password parameters
     */
    public static String withoutSecrets(final String text) {
        String masked = SECRET_PARAMETER.matcher(text).replaceFirst("$1" + Redaction.MASK);
        int at = masked.lastIndexOf('@');
        if (at < 0) {
            return masked;
        }
        int slashes = masked.lastIndexOf("//", at);
        if (slashes >= 0) {
            return masked.substring(0, slashes + 2) + Redaction.MASK + masked.substring(at);
        }
        Matcher scheme = SCHEME.matcher(masked);
        int start = scheme.lookingAt() && scheme.end() <= at ? scheme.end() : 0;
        return start == at ? masked : masked.substring(0, start) + Redaction.MASK + masked.substring(at);
    }
}
