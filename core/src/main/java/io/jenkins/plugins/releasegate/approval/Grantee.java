package io.jenkins.plugins.releasegate.approval;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a policy's {@code approvers} or {@code overriders}: whom it admits. User ids and group names
 * are separate namespaces, told apart by a prefix:
 * <ul>
 *     <li>{@code user:ID} admits the user with that id, and nobody else;</li>
 *     <li>{@code group:NAME} admits the members of that group, and nobody else: a user whose id happens to be
 *     {@code NAME} is not a member;</li>
 *     <li>a bare {@code NAME} admits the members of the group {@code NAME}, and the user whose id is {@code NAME}
 *     unless the host knows a group of that name ({@link IdentityMatcher#isKnownGroup}): then the name means the
 *     group only.</li>
 * </ul>
 * The prefix is read without case ({@code USER:} and {@code GROUP:} as well); the name after it may hold a colon
 * ({@code group:ldap:ops}). Any other text before a colon is an unknown prefix, an error in a definition; an
 * entry that cannot be read admits nobody.
 *
 * @param kind what the name is
 * @param name the user id or group name, without prefix
 */
public record Grantee(Kind kind, String name) {
    /** The prefix of a user id. */
    public static final String USER_PREFIX = "user:";
    /** The prefix of a group name. */
    public static final String GROUP_PREFIX = "group:";

    /** What a name is. */
    public enum Kind {
        /** A user id ({@code user:ID}). */
        USER,
        /** A group name ({@code group:NAME}). */
        GROUP,
        /** A name without prefix: a group, or a user id where no group of that name is known. */
        USER_OR_GROUP
    }

    /**
     * Creates an entry.
     */
    public Grantee {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(name);
    }

    /**
     * Reads an entry as written in a definition.
     *
     * @param text such as {@code group:ops}, {@code user:alice} or {@code ops}
     * @return the entry
     * @throws IllegalArgumentException with a sentence saying what is wrong and what to write, if the text has an
     *         unknown prefix or names nobody
     */
    public static Grantee parse(final String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("an empty name names nobody: list user ids or group names");
            }
            return new Grantee(Kind.USER_OR_GROUP, text);
        }
        String prefix = text.substring(0, colon + 1);
        String name = text.substring(colon + 1).strip();
        Kind kind;
        if (prefix.equalsIgnoreCase(USER_PREFIX)) {
            kind = Kind.USER;
        } else if (prefix.equalsIgnoreCase(GROUP_PREFIX)) {
            kind = Kind.GROUP;
        } else {
            String unknown = text.substring(0, colon);
            String message = "unknown prefix '" + unknown + "' in '" + text + "': write " + GROUP_PREFIX
                    + "NAME for a group or " + USER_PREFIX + "ID for a user id";
            throw new IllegalArgumentException(
                    unknown.isBlank()
                            ? message
                            : message + "; a name that holds a colon needs one of them, such as " + GROUP_PREFIX
                                    + text);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names nobody: write the name after the prefix, such as "
                    + prefix.toLowerCase(Locale.ROOT) + (kind == Kind.USER ? "alice" : "ops-leads"));
        }
        return new Grantee(kind, name);
    }

    /**
     * Returns whether this entry admits a person.
     *
     * @param person the person
     * @param matcher how the host compares user ids and group names, and which groups it knows
     * @return {@code true} if admitted
     */
    public boolean admits(final Person person, final IdentityMatcher matcher) {
        boolean member = person.getGroups().stream().anyMatch(group -> matcher.sameGroup(name, group));
        return switch (kind) {
            case USER -> matcher.sameUser(name, person.getId());
            case GROUP -> member;
            case USER_OR_GROUP -> member || matcher.sameUser(name, person.getId()) && !matcher.isKnownGroup(name);
        };
    }

    /**
     * Returns whether a list of entries admits everyone an entry admits, whatever the realm, so that a
     * repository may narrow a profile's list to it. Names are compared without case. A bare name admits at
     * most its group and its user; {@code user:NAME} is therefore not within a bare {@code NAME}, which may mean
     * the group only.
     *
     * @param entry the entry
     * @param list the entries that must cover it
     * @return {@code true} if covered
     */
    public static boolean isWithin(final Grantee entry, final List<Grantee> list) {
        boolean bare = list.stream()
                .anyMatch(other -> other.kind == Kind.USER_OR_GROUP && other.name.equalsIgnoreCase(entry.name));
        boolean group = bare
                || list.stream().anyMatch(other -> other.kind == Kind.GROUP && other.name.equalsIgnoreCase(entry.name));
        boolean user =
                list.stream().anyMatch(other -> other.kind == Kind.USER && other.name.equalsIgnoreCase(entry.name));
        return switch (entry.kind) {
            case USER -> user;
            case GROUP -> group;
            case USER_OR_GROUP -> bare || group && user;
        };
    }

    /**
     * Returns the entry as written in a definition, such as {@code group:ops}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return switch (kind) {
            case USER -> USER_PREFIX + name;
            case GROUP -> GROUP_PREFIX + name;
            case USER_OR_GROUP -> name;
        };
    }
}
