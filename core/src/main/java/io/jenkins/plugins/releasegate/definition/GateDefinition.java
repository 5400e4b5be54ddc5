package io.jenkins.plugins.releasegate.definition;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.notify.NotificationSettings;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated gate: its checks, its approval policy, and the notes of how it was put together.
 */
public final class GateDefinition {
    /** The overall deadline when the definition names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final String name;
    private final String source;
    private final Duration timeout;
    private final ErrorPolicy onError;
    private final List<CheckDefinition> checks;
    private final ApprovalPolicy approval;
    private final List<String> notes;
    private final Set<String> explicitKeys;
    private final Set<String> explicitApprovalKeys;
    private final boolean withoutProfile;
    private final NotificationSettings notifications;

    GateDefinition(
            final String name,
            final String source,
            final Duration timeout,
            final ErrorPolicy onError,
            final List<CheckDefinition> checks,
            final ApprovalPolicy approval,
            final List<String> notes,
            final Set<String> explicitKeys,
            final Set<String> explicitApprovalKeys,
            final boolean withoutProfile,
            final NotificationSettings notifications) {
        this.name = Objects.requireNonNull(name);
        this.source = Objects.requireNonNull(source);
        this.timeout = Objects.requireNonNull(timeout);
        this.onError = Objects.requireNonNull(onError);
        this.checks = List.copyOf(checks);
        this.approval = Objects.requireNonNull(approval);
        this.notes = List.copyOf(notes);
        this.explicitKeys = Set.copyOf(explicitKeys);
        this.explicitApprovalKeys = Set.copyOf(explicitApprovalKeys);
        this.withoutProfile = withoutProfile;
        this.notifications = Objects.requireNonNull(notifications);
    }

    /**
     * Returns who hears about the gate's events, and when. Only an ops profile's {@code notifications:} apply: a
     * repository's are not applied when merged onto a profile or read without one (see {@link ProfileMerger}).
     *
     * @return the settings; {@link NotificationSettings#none()} when nobody is notified
     */
    public NotificationSettings getNotifications() {
        return notifications;
    }

    /**
     * Returns whether the host wanted an ops profile and none applied, so that the repository's approval
     * policy was read without its loosening keys (see {@link ProfileMerger#withoutProfile}). Hosts show that
     * ops have not configured a policy.
     *
     * @return {@code true} if no ops profile applies to this gate
     */
    public boolean isWithoutProfile() {
        return withoutProfile;
    }

    /**
     * Returns the top-level keys written in the definition.
     *
     * @return the keys
     */
    public Set<String> getExplicitKeys() {
        return explicitKeys;
    }

    /**
     * Returns the keys written under {@code approval:}; the others are the policy's defaults.
     *
     * @return the keys
     */
    public Set<String> getExplicitApprovalKeys() {
        return explicitApprovalKeys;
    }

    public String getName() {
        return name;
    }

    /**
     * Returns where the definition came from, such as a file name or {@code profile production + Jenkinsfile gate.yaml}.
     *
     * @return the source
     */
    public String getSource() {
        return source;
    }

    /**
     * Returns the overall deadline for running every check.
     *
     * @return the deadline
     */
    public Duration getTimeout() {
        return timeout;
    }

    public ErrorPolicy getOnError() {
        return onError;
    }

    public List<CheckDefinition> getChecks() {
        return checks;
    }

    /**
     * Returns a check by id.
     *
     * @param id the check id
     * @return the check, empty if there is none with this id
     */
    public Optional<CheckDefinition> getCheck(final String id) {
        return checks.stream().filter(check -> check.getId().equals(id)).findFirst();
    }

    public ApprovalPolicy getApproval() {
        return approval;
    }

    /**
     * Returns the checklist approvers confirm: the items of every check, in check order. An item that two
     * checks list (a profile's and a repository's) appears once, required if either requires it.
     *
     * @return the items, empty without a checklist
     */
    public List<ChecklistItem> getChecklist() {
        Map<String, ChecklistItem> items = new LinkedHashMap<>();
        for (CheckDefinition check : checks) {
            for (ChecklistItem item : check.getCheck().checklist()) {
                items.merge(
                        item.id(),
                        item,
                        (first, second) ->
                                new ChecklistItem(first.id(), first.text(), first.required() || second.required()));
            }
        }
        return List.copyOf(items.values());
    }

    /**
     * Returns notes about how the definition was put together, such as a repository's attempt to loosen
     * an ops-owned threshold that was not applied.
     *
     * @return the notes
     */
    public List<String> getNotes() {
        return notes;
    }
}
