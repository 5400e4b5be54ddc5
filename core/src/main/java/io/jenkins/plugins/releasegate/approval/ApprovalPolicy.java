package io.jenkins.plugins.releasegate.approval;

import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may approve a gate and under which conditions. Owned by the ops team: a repository definition may
 * only tighten it.
 */
public final class ApprovalPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The approval window when the policy names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    /** The most approvers a policy may require. */
    public static final int MAX_APPROVALS = 10;

    /** When a comment is required with a decision. */
    public enum CommentRule {
        /** Every decision needs a comment. */
        ALWAYS,
        /** A comment is needed when the verdict is not PASS (the default). */
        UNLESS_PASS,
        /** Comments are optional. */
        NEVER
    }

    /** What a FAIL or ERROR verdict allows. */
    public enum OnFail {
        /** A blocking verdict cannot be approved (the default). */
        BLOCK,
        /** Someone allowed to override may approve it, with a justification. */
        OVERRIDE
    }

    /** What happens when nobody decides in time. */
    public enum OnTimeout {
        /** The build is aborted (the default). */
        ABORT,
        /** The build fails. */
        FAIL
    }

    /** What happens when the checks, run again after the last approval, got worse. */
    public enum OnWorseEvidence {
        /** The approvals are void and the gate waits for new ones (the default). */
        WAIT,
        /** The gate fails. */
        FAIL
    }

    private final List<String> approvers;
    private final int minApprovals;
    private final boolean allowSelfApproval;
    private final boolean excludeChangeAuthors;
    private final CommentRule requireComment;
    private final OnFail onFail;
    private final List<String> overriders;
    private final Duration timeout;
    private final OnTimeout onTimeout;
    private final OnWorseEvidence onWorseEvidence;

    private ApprovalPolicy(final Builder builder) {
        this.approvers = List.copyOf(builder.approvers);
        this.minApprovals = builder.minApprovals;
        this.allowSelfApproval = builder.allowSelfApproval;
        this.excludeChangeAuthors = builder.excludeChangeAuthors;
        this.requireComment = builder.requireComment;
        this.onFail = builder.onFail;
        this.overriders = List.copyOf(builder.overriders);
        this.timeout = builder.timeout;
        this.onTimeout = builder.onTimeout;
        this.onWorseEvidence = builder.onWorseEvidence;
    }

    /**
     * Returns the default policy: one approval by anyone holding the Approve permission, no self-approval,
     * no approval by the authors of the build's changes, a comment unless PASS, FAIL blocks, 24 hours, then abort.
     *
     * @return the default policy
     */
    public static ApprovalPolicy defaults() {
        return builder().build();
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this policy's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.approvers = new ArrayList<>(approvers);
        builder.minApprovals = minApprovals;
        builder.allowSelfApproval = allowSelfApproval;
        builder.excludeChangeAuthors = excludeChangeAuthors;
        builder.requireComment = requireComment;
        builder.onFail = onFail;
        builder.overriders = new ArrayList<>(overriders);
        builder.timeout = timeout;
        builder.onTimeout = onTimeout;
        builder.onWorseEvidence = onWorseEvidence;
        return builder;
    }

    /**
     * Reads a policy from the {@code approval:} mapping of a gate definition.
     *
     * @param settings the mapping
     * @return the policy; problems are recorded in the settings
     */
    public static ApprovalPolicy read(final Settings settings) {
        Builder builder = builder();
        builder.approvers = new ArrayList<>(settings.stringList("approvers"));
        builder.minApprovals = settings.integer("minApprovals", 1, 1, MAX_APPROVALS);
        builder.allowSelfApproval = settings.bool("allowSelfApproval", false);
        builder.excludeChangeAuthors = settings.bool("excludeChangeAuthors", true);
        builder.requireComment = settings.choice("requireComment", CommentRule.class, CommentRule.UNLESS_PASS);
        builder.onFail = settings.choice("onFail", OnFail.class, OnFail.BLOCK);
        builder.overriders = new ArrayList<>(settings.stringList("overriders"));
        builder.timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
        builder.onTimeout = settings.choice("onTimeout", OnTimeout.class, OnTimeout.ABORT);
        builder.onWorseEvidence = settings.choice("onWorseEvidence", OnWorseEvidence.class, OnWorseEvidence.WAIT);
        if (builder.timeout.isZero() || builder.timeout.isNegative()) {
            settings.problem("timeout", "must be longer than zero, such as 4h");
        }
        checkNames(settings, "approvers", builder.approvers);
        checkNames(settings, "overriders", builder.overriders);
        if (!builder.overriders.isEmpty() && builder.onFail != OnFail.OVERRIDE) {
            settings.problem(
                    "overriders",
                    "is set but onFail is 'block', so nobody can override: set 'onFail: override' or remove 'overriders'");
        }
        return builder.build();
    }

    private static void checkNames(final Settings settings, final String key, final List<String> names) {
        for (String name : names) {
            if (name.isBlank()) {
                settings.problem(key, "contains an empty name: list user ids or group names");
                continue;
            }
            try {
                Grantee.parse(name);
            } catch (IllegalArgumentException exception) {
                settings.itemProblem(key, name, exception.getMessage());
            }
        }
    }

    /**
     * Returns who may decide, as written: {@code user:ID}, {@code group:NAME} or a bare name (see {@link Grantee});
     * empty means anyone with the Approve permission.
     *
     * @return the approvers
     */
    public List<String> getApprovers() {
        return approvers;
    }

    public int getMinApprovals() {
        return minApprovals;
    }

    public boolean isAllowSelfApproval() {
        return allowSelfApproval;
    }

    public boolean isExcludeChangeAuthors() {
        return excludeChangeAuthors;
    }

    public CommentRule getRequireComment() {
        return requireComment;
    }

    public OnFail getOnFail() {
        return onFail;
    }

    /**
     * Returns who may override a blocking verdict, as written (see {@link Grantee}); empty means any approver with
     * the Override permission.
     *
     * @return user ids and group names
     */
    public List<String> getOverriders() {
        return overriders;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public OnTimeout getOnTimeout() {
        return onTimeout;
    }

    public OnWorseEvidence getOnWorseEvidence() {
        return onWorseEvidence;
    }

    /**
     * Describes the policy in one sentence for logs and reports.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(minApprovals).append(minApprovals == 1 ? " approval" : " distinct approvals");
        text.append(
                approvers.isEmpty()
                        ? " by anyone with the Approve permission"
                        : " from " + String.join(", ", approvers));
        text.append(allowSelfApproval ? "; self-approval allowed" : "; the build's initiator may not approve");
        if (excludeChangeAuthors) {
            text.append(allowSelfApproval ? "; the change's authors may not approve" : ", nor the change's authors");
        }
        text.append(onFail == OnFail.BLOCK ? "; FAIL blocks" : "; FAIL may be overridden with a justification");
        text.append("; decide within ")
                .append(Quantity.format(timeout))
                .append(", then ")
                .append(Settings.yamlName(onTimeout));
        return text.toString();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ApprovalPolicy policy
                && approvers.equals(policy.approvers)
                && minApprovals == policy.minApprovals
                && allowSelfApproval == policy.allowSelfApproval
                && excludeChangeAuthors == policy.excludeChangeAuthors
                && requireComment == policy.requireComment
                && onFail == policy.onFail
                && overriders.equals(policy.overriders)
                && timeout.equals(policy.timeout)
                && onTimeout == policy.onTimeout
                && onWorseEvidence == policy.onWorseEvidence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                approvers,
                minApprovals,
                allowSelfApproval,
                excludeChangeAuthors,
                requireComment,
                onFail,
                overriders,
                timeout,
                onTimeout,
                onWorseEvidence);
    }

    /**
     * Builds a policy.
     */
    public static final class Builder {
        private List<String> approvers = new ArrayList<>();
        private int minApprovals = 1;
        private boolean allowSelfApproval;
        private boolean excludeChangeAuthors = true;
        private CommentRule requireComment = CommentRule.UNLESS_PASS;
        private OnFail onFail = OnFail.BLOCK;
        private List<String> overriders = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private OnTimeout onTimeout = OnTimeout.ABORT;
        private OnWorseEvidence onWorseEvidence = OnWorseEvidence.WAIT;

        private Builder() {}

        public Builder approvers(final List<String> value) {
            approvers = new ArrayList<>(value);
            return this;
        }

        public Builder minApprovals(final int value) {
            if (value < 1 || value > MAX_APPROVALS) {
                throw new IllegalArgumentException("minApprovals must be from 1 to " + MAX_APPROVALS);
            }
            minApprovals = value;
            return this;
        }

        public Builder allowSelfApproval(final boolean value) {
            allowSelfApproval = value;
            return this;
        }

        public Builder excludeChangeAuthors(final boolean value) {
            excludeChangeAuthors = value;
            return this;
        }

        public Builder requireComment(final CommentRule value) {
            requireComment = Objects.requireNonNull(value);
            return this;
        }

        public Builder onFail(final OnFail value) {
            onFail = Objects.requireNonNull(value);
            return this;
        }

        public Builder overriders(final List<String> value) {
            overriders = new ArrayList<>(value);
            return this;
        }

        public Builder timeout(final Duration value) {
            timeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder onTimeout(final OnTimeout value) {
            onTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder onWorseEvidence(final OnWorseEvidence value) {
            onWorseEvidence = Objects.requireNonNull(value);
            return this;
        }

        public ApprovalPolicy build() {
            return new ApprovalPolicy(this);
        }
    }
}
