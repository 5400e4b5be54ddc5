package io.jenkins.plugins.releasegate.integration;

import hudson.security.SecurityRealm;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Compares user ids and group names the way the configured security realm does, through its
 * {@code IdStrategy} and {@code GroupIdStrategy}. It holds no state, so it survives a restart with the
 * gate it belongs to and always follows the realm configured now.
 */
public final class SecurityRealmIdentityMatcher implements IdentityMatcher {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(SecurityRealmIdentityMatcher.class.getName());

    @Override
    public boolean sameUser(final String first, final String second) {
        return realm().getUserIdStrategy().equals(first, second);
    }

    @Override
    public boolean sameGroup(final String first, final String second) {
        return realm().getGroupIdStrategy().equals(first, second);
    }

    /**
     * Asks the security realm whether a group of that name exists, so that a bare name in {@code approvers}
     * that names a group admits the group's members only, never a user whose id happens to be that name.
     * A realm that cannot look groups up, or fails to, says nothing: the name is then read as a group or a user.
     */
    @Override
    public boolean isKnownGroup(final String name) {
        try {
            return realm().loadGroupByGroupname2(name, false) != null;
        } catch (UsernameNotFoundException | UnsupportedOperationException exception) {
            return false;
        } catch (RuntimeException exception) {
            LOGGER.log(Level.FINE, "The security realm could not look up the group " + name, exception);
            return false;
        }
    }

    private static SecurityRealm realm() {
        return Jenkins.get().getSecurityRealm();
    }
}
