package io.jenkins.plugins.releasegate.definition;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of ops profiles as a host configures them: valid names, every problem of a list of profiles before
 * it is saved, and which profile a gate gets when several scopes (such as folders and the global configuration)
 * configure one of the same name.
 */
public final class Profiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Profiles() {}

    /**
     * Returns where a profile's definition comes from in messages.
     *
     * @param name the profile's name
     * @return {@code profile NAME}
     */
    public static String source(final String name) {
        return "profile " + name;
    }

    /**
     * Checks a profile's name: letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or
     * digit, at most 64 characters.
     *
     * @param name the name
     * @return what is wrong and what to do, empty if the name is valid
     */
    public static Optional<String> nameProblem(@CheckForNull final String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("a profile needs a name, such as 'production'");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a valid profile name: use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most 64 characters");
        }
        return Optional.empty();
    }

    /**
     * Lists every problem of a list of profiles and its default: invalid or repeated names (compared
     * case-insensitively), each definition's problems as {@code profile NAME:line:column: path: message}, and a
     * default that names no profile of the list.
     *
     * @param loader the loader that reads the definitions
     * @param profiles the profiles
     * @param defaultName the default profile's name, or {@code null} (or blank) for none
     * @return every problem, empty if the profiles may be saved
     */
    public static List<String> problems(
            final GateDefinitionLoader loader,
            final List<ProfileText> profiles,
            @CheckForNull final String defaultName) {
        return problems(loader, profiles, defaultName, true);
    }

    /**
     * Lists every problem of a list of profiles and its default, as {@link #problems(GateDefinitionLoader, List,
     * String)} does, and also each profile that lets change authors approve ({@code excludeChangeAuthors: false})
     * where the administrator does not allow it.
     *
     * @param loader the loader that reads the definitions
     * @param profiles the profiles
     * @param defaultName the default profile's name, or {@code null} (or blank) for none
     * @param changeAuthorsMayApprove whether the administrator allows profiles to let change authors approve
     * @return every problem, empty if the profiles may be saved
     */
    public static List<String> problems(
            final GateDefinitionLoader loader,
            final List<ProfileText> profiles,
            @CheckForNull final String defaultName,
            final boolean changeAuthorsMayApprove) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ProfileText profile : profiles) {
            Optional<String> nameProblem = nameProblem(profile.name());
            if (nameProblem.isPresent()) {
                problems.add(nameProblem.get());
                continue;
            }
            if (!seen.add(profile.name().toLowerCase(Locale.ROOT))) {
                problems.add("the profile name '" + profile.name()
                        + "' is used by another profile: every profile needs its own name");
            }
            problems.addAll(definitionProblems(loader, profile.yaml(), profile.source(), changeAuthorsMayApprove));
        }
        defaultProblem(profiles, defaultName).ifPresent(problems::add);
        return problems;
    }

    /**
     * Lists the problems of one profile's definition, each as {@code profile NAME:line:column: path: message}, and
     * whether it lets change authors approve where the administrator does not allow it; for a form that checks a
     * profile before it is saved.
     *
     * @param loader the loader that reads the definition
     * @param yaml the definition's text
     * @param source where it comes from, such as {@code profile production}
     * @param changeAuthorsMayApprove whether the administrator allows profiles to let change authors approve
     * @return every problem, empty if the definition may be saved
     */
    public static List<String> definitionProblems(
            final GateDefinitionLoader loader,
            final String yaml,
            final String source,
            final boolean changeAuthorsMayApprove) {
        try {
            GateDefinition definition = loader.load(yaml, source);
            if (!changeAuthorsMayApprove && !definition.getApproval().isExcludeChangeAuthors()) {
                return List.of(ProfileMerger.relaxationProblem(source));
            }
            return List.of();
        } catch (InvalidDefinitionException exception) {
            return exception.getProblems().stream().map(Object::toString).toList();
        }
    }

    /**
     * Checks that a default profile names one of the profiles.
     *
     * @param profiles the profiles
     * @param defaultName the default profile's name, or {@code null} (or blank) for none
     * @return what is wrong and what to do, empty if the default is fine
     */
    public static Optional<String> defaultProblem(
            final List<ProfileText> profiles, @CheckForNull final String defaultName) {
        if (defaultName == null || defaultName.isBlank()) {
            return Optional.empty();
        }
        if (profiles.stream().anyMatch(profile -> profile.name().equals(defaultName))) {
            return Optional.empty();
        }
        return Optional.of("the default profile '" + defaultName + "' is not configured: choose one of "
                + (profiles.isEmpty()
                        ? "the profiles after adding one"
                        : String.join(
                                ", ", profiles.stream().map(ProfileText::name).toList()))
                + ", or leave the default empty");
    }

    /**
     * Finds a profile by its exact name among scopes ordered from the nearest to the farthest, such as the
     * folders around a job from the innermost outwards and then the global configuration: the nearest scope that
     * configures the name wins.
     *
     * @param scopes the profiles of each scope, nearest first
     * @param name the profile's name
     * @return the profile's definition text, empty if no scope configures it
     */
    public static Optional<DefinitionText> find(final List<List<ProfileText>> scopes, final String name) {
        for (List<ProfileText> scope : scopes) {
            for (ProfileText profile : scope) {
                if (profile.name().equals(name)) {
                    return Optional.of(profile.definition());
                }
            }
        }
        return Optional.empty();
    }
}
