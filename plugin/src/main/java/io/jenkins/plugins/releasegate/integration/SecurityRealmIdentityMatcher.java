package io.jenkins.plugins.releasegate.integration;

import hudson.security.SecurityRealm;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import jenkins.model.Jenkins;

/**
 * Compares user ids and group names the way the configured security realm does, through its
 * {@code IdStrategy} and {@code GroupIdStrategy}. It holds no state, so it survives a restart with the
 * gate it belongs to and always follows the realm configured now.
 */
public final class SecurityRealmIdentityMatcher implements IdentityMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean sameUser(final String first, final String second) {
        return realm().getUserIdStrategy().equals(first, second);
    }

    @Override
    public boolean sameGroup(final String first, final String second) {
        return realm().getGroupIdStrategy().equals(first, second);
    }

    private static SecurityRealm realm() {
        return Jenkins.get().getSecurityRealm();
    }
}
