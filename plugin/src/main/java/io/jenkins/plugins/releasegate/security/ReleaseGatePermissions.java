package io.jenkins.plugins.releasegate.security;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;

/**
 * The permission group "Release Gate" with its two permissions. Neither is implied by another
 * permission, not even Overall/Administer: deciding on a release is granted explicitly, and an
 * administrator who holds it still decides through the gate's policy like everyone else.
 */
public final class ReleaseGatePermissions {
    /** The permission group shown in authorization strategies. */
    public static final PermissionGroup GROUP =
            new PermissionGroup(ReleaseGatePermissions.class, Messages._ReleaseGatePermissions_group());

    /** May approve or reject a gate, within the gate's policy. */
    public static final Permission APPROVE =
            new Permission(GROUP, "Approve", Messages._ReleaseGatePermissions_approve(), null, PermissionScope.ITEM);

    /** May approve a gate whose checks failed, with a justification, where the policy allows overriding. */
    public static final Permission OVERRIDE =
            new Permission(GROUP, "Override", Messages._ReleaseGatePermissions_override(), null, PermissionScope.ITEM);

    private ReleaseGatePermissions() {}

    /**
     * Loads this class early so that the permissions are known to authorization strategies before jobs
     * are loaded.
     */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void register() {
        // the static initializer registers the permissions
    }
}
