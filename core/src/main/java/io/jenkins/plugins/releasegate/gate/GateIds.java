package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gate ids: the URL-safe name of a gate within a build or run, used in the gate page's URL and the evidence
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
     * Says what is wrong with an id someone chose.
     *
     * @param id the id
     * @param locale the reader's language
     * @return the sentence, empty if the id is valid
     */
    public static Optional<String> problem(final String id, final Locale locale) {
        return isValid(id) ? Optional.empty() : Optional.of(GateSession.text(locale, "invalidId", id, MAX_LENGTH));
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

    /**
     * Chooses the id of a new gate among those its build already uses: the one asked for, or else one derived
     * from the gate's name, numbered {@code -2}, {@code -3} and so on until it is free.
     *
     * @param requested the id the step asks for, or {@code null} to derive one
     * @param gateName the gate's name
     * @param taken the ids of the build's other gates
     * @return the id
     * @throws IllegalArgumentException with a sentence saying what to do, if the id asked for is invalid or
     *     taken
     */
    public static String claim(
            @CheckForNull final String requested, final String gateName, final Collection<String> taken) {
        if (requested != null) {
            Optional<String> problem = problem(requested, Locale.ROOT);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            if (taken.contains(requested)) {
                throw new IllegalArgumentException(GateSession.text(Locale.ROOT, "idTaken", requested));
            }
            return requested;
        }
        String base = fromName(gateName);
        String id = base;
        for (int suffix = 2; taken.contains(id); suffix++) {
            id = base + "-" + suffix;
        }
        return id;
    }
}
