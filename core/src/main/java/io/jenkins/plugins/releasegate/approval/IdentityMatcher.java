package io.jenkins.plugins.releasegate.approval;

import java.io.Serializable;
import java.util.Locale;

/**
 * Decides whether two user ids, or two group names, are the same. Jenkins hands in its security realm's
 * {@code IdStrategy} and {@code GroupIdStrategy}; the default compares without case.
 */
public interface IdentityMatcher extends Serializable {
    /** Compares user ids and group names without case (the default, as most security realms do). */
    IdentityMatcher CASE_INSENSITIVE = new IdentityMatcher() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean sameUser(final String first, final String second) {
            return first.toLowerCase(Locale.ROOT).equals(second.toLowerCase(Locale.ROOT));
        }

        @Override
        public boolean sameGroup(final String first, final String second) {
            return sameUser(first, second);
        }
    };

    /**
     * Returns whether two user ids name the same user.
     *
     * @param first a user id
     * @param second another user id
     * @return {@code true} if the same
     */
    boolean sameUser(String first, String second);

    /**
     * Returns whether two group names name the same group.
     *
     * @param first a group name
     * @param second another group name
     * @return {@code true} if the same
     */
    boolean sameGroup(String first, String second);

    /**
     * Returns whether the host knows a group of this name, such as a security realm that can look groups up. A
     * name without prefix in {@code approvers} or {@code overriders} that names a known group means that group
     * only, so that a user whose id is the group's name does not pass as the group (see {@link Grantee}).
     *
     * <p>The default knows no group: a name without prefix then admits the group's members and the user whose id
     * it is. Write {@code group:NAME} in a policy to admit only a group's members whatever the host knows.</p>
     *
     * @param name a group name
     * @return {@code true} if a group of that name exists; {@code false} if none does or the host cannot tell
     */
    default boolean isKnownGroup(final String name) {
        return false;
    }
}
