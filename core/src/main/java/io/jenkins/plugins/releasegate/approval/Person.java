package io.jenkins.plugins.releasegate.approval;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Someone who wants to decide on a gate, as the host knows them: id, display name, groups, and the
 * Release Gate permissions they hold (Approve and Override in Jenkins; granted to everyone in the CLI).
 */
public final class Person implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String displayName;
    private final Set<String> groups;
    private final boolean mayApprove;
    private final boolean mayOverride;

    /**
     * Creates a person.
     *
     * @param id the user id
     * @param displayName the name shown to people
     * @param groups the groups (authorities) the person belongs to
     * @param mayApprove whether the person holds the Approve permission
     * @param mayOverride whether the person holds the Override permission
     */
    public Person(
            final String id,
            final String displayName,
            final Set<String> groups,
            final boolean mayApprove,
            final boolean mayOverride) {
        this.id = Objects.requireNonNull(id);
        this.displayName = Objects.requireNonNull(displayName);
        this.groups = Set.copyOf(new TreeSet<>(groups));
        this.mayApprove = mayApprove;
        this.mayOverride = mayOverride;
    }

    public String getId() {
        return id;
    }

    public String getDisplayName() {
        return displayName;
    }

    public Set<String> getGroups() {
        return groups;
    }

    /**
     * Returns whether the person holds the Approve permission.
     *
     * @return {@code true} if so
     */
    public boolean canApprove() {
        return mayApprove;
    }

    /**
     * Returns whether the person holds the Override permission.
     *
     * @return {@code true} if so
     */
    public boolean canOverride() {
        return mayOverride;
    }

    @Override
    public String toString() {
        return displayName.equals(id) ? id : displayName + " (" + id + ")";
    }
}
