package io.jenkins.plugins.releasegate.pipeline;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Gate ids: the URL-safe name of a gate within a build, used in the gate page's URL and the evidence
 * directory {@code <build>/release-gate/<id>/}.
 */
public final class GateIds {
    /** The longest id. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9_-]{0," + (MAX_LENGTH - 1) + "})");

    private GateIds() {}

    /**
     * Returns whether an id is valid: lower-case letters, digits, '-' and '_', starting with a letter or
     * digit, at most {@value #MAX_LENGTH} characters.
     *
     * @param id the id
     * @return {@code true} if valid
     */
    public static boolean isValid(final String id) {
        return VALID.matcher(id).matches();
    }

    /**
     * Derives an id from a gate's name, such as {@code orders-production-release} from
     * "Orders production release".
     *
     * @param name the gate's name
     * @return a valid id; {@code gate} if the name has no letter or digit
     */
    public static String fromName(final String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "gate" : slug;
    }
}
