package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a gate that people may want to hear about: it started waiting, someone approved or
 * overrode, it was decided, its approvals were voided, it timed out, or its deadline comes near. Built by the gate's
 * session with what it knows, and the links its host gives; it holds no secret.
 *
 * @param kind what happened
 * @param gateId the gate's id in its build
 * @param gateName the gate's name
 * @param source where the gate's definition came from
 * @param release the release being deployed, or {@code null}
 * @param buildUrl the absolute URL of the build, or {@code null} when the host cannot tell
 * @param gateUrl the absolute URL of the gate page, or {@code null} when the host cannot tell
 * @param phase where the gate stands after the event, such as {@code WAITING}
 * @param verdict the verdict of the evidence under decision, such as {@code WARN}
 * @param blockingChecks the checks that block the verdict
 * @param policy the approval policy in one sentence
 * @param deadline when the approval window closes, or {@code null} once the gate ended
 * @param remainingApprovals how many more distinct approvals the policy asks for
 * @param approvers the ids of the people whose approvals count
 * @param decision who decided and how, for {@link Kind#APPROVED}, {@link Kind#OVERRIDDEN} and a
 *     {@link Kind#DECIDED} by a person; else {@code null}
 * @param outcome for {@link Kind#DECIDED}: {@code approved} or {@code rejected}; for {@link Kind#VOIDED}:
 *     {@code waiting} or {@code failed}; for {@link Kind#TIMED_OUT}: {@code abort} or {@code fail}; else {@code null}
 * @param reminderFraction for {@link Kind#REMINDER}: the fraction of the approval window that has passed, else
 *     {@code null}
 * @param worsened for {@link Kind#VOIDED}: a sentence per check that got worse
 * @param at when it happened
 */
public record GateEvent(
        Kind kind,
        String gateId,
        String gateName,
        String source,
        @CheckForNull String release,
        @CheckForNull String buildUrl,
        @CheckForNull String gateUrl,
        String phase,
        String verdict,
        List<BlockingCheck> blockingChecks,
        String policy,
        @CheckForNull Instant deadline,
        int remainingApprovals,
        List<String> approvers,
        @CheckForNull Decision decision,
        @CheckForNull String outcome,
        @CheckForNull Double reminderFraction,
        List<String> worsened,
        Instant at) {

    /** What happened. */
    public enum Kind {
        /** The checks ran and the gate waits for decisions, the first time or again after its approvals were voided. */
        WAITING,
        /** Someone approved; the gate may still wait for more approvals. */
        APPROVED,
        /** Someone allowed to override approved a blocking verdict, with a justification. */
        OVERRIDDEN,
        /** The gate was decided: approved (the evidence confirmed after the last approval) or rejected. */
        DECIDED,
        /** The checks got worse after approval: the approvals are void, and the gate waits again or fails. */
        VOIDED,
        /** Nobody decided within the approval window. */
        TIMED_OUT,
        /** A configured fraction of the approval window has passed and the gate still waits. */
        REMINDER;

        /**
         * Returns how the event is named in definitions and payloads, such as {@code timedOut}.
         *
         * @return the name
         */
        public String yamlName() {
            return Settings.yamlName(this);
        }
    }

    /**
     * A check that blocks the verdict.
     *
     * @param id the check's id
     * @param status its status, {@code FAIL} or {@code ERROR}
     * @param summary its one-line summary, with secrets already masked by the runner
     */
    public record BlockingCheck(String id, String status, String summary) {
        /** Creates a blocking check. */
        public BlockingCheck {
            Objects.requireNonNull(id);
            Objects.requireNonNull(status);
            Objects.requireNonNull(summary);
        }
    }

    /**
     * Who decided, and what they wrote.
     *
     * @param userId the person's user id
     * @param displayName the person's name
     * @param comment the comment, reason or justification, empty if none
     * @param channel how the decision arrived, such as {@code web} or {@code api}
     */
    public record Decision(String userId, String displayName, String comment, String channel) {
        /** Creates a decision. */
        public Decision {
            Objects.requireNonNull(userId);
            Objects.requireNonNull(displayName);
            Objects.requireNonNull(comment);
            Objects.requireNonNull(channel);
        }
    }

    /** Creates an event. */
    public GateEvent {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(gateId);
        Objects.requireNonNull(gateName);
        Objects.requireNonNull(source);
        Objects.requireNonNull(phase);
        Objects.requireNonNull(verdict);
        blockingChecks = List.copyOf(blockingChecks);
        Objects.requireNonNull(policy);
        approvers = List.copyOf(approvers);
        worsened = List.copyOf(worsened);
        Objects.requireNonNull(at);
    }

    /**
     * Returns the decision, if a person decided.
     *
     * @return the decision
     */
    public Optional<Decision> optionalDecision() {
        return Optional.ofNullable(decision);
    }

    /**
     * Returns a builder for an event.
     *
     * @param kind what happened
     * @param gateId the gate's id
     * @param gateName the gate's name
     * @param at when
     * @return the builder
     */
    public static Builder builder(final Kind kind, final String gateId, final String gateName, final Instant at) {
        return new Builder(kind, gateId, gateName, at);
    }

    /** Builds a {@link GateEvent}. */
    public static final class Builder {
        private final Kind kind;
        private final String gateId;
        private final String gateName;
        private final Instant at;
        private String source = "";

        @CheckForNull
        private String release;

        @CheckForNull
        private String buildUrl;

        @CheckForNull
        private String gateUrl;

        private String phase = "WAITING";
        private String verdict = "ERROR";
        private List<BlockingCheck> blockingChecks = new ArrayList<>();
        private String policy = "";

        @CheckForNull
        private Instant deadline;

        private int remainingApprovals;
        private List<String> approvers = new ArrayList<>();

        @CheckForNull
        private Decision decision;

        @CheckForNull
        private String outcome;

        @CheckForNull
        private Double reminderFraction;

        private List<String> worsened = new ArrayList<>();

        private Builder(final Kind kind, final String gateId, final String gateName, final Instant at) {
            this.kind = kind;
            this.gateId = gateId;
            this.gateName = gateName;
            this.at = at;
        }

        /**
         * Sets where the definition came from.
         *
         * @param value the source
         * @return this builder
         */
        public Builder source(final String value) {
            this.source = value;
            return this;
        }

        /**
         * Sets the release.
         *
         * @param value the release, or {@code null}
         * @return this builder
         */
        public Builder release(@CheckForNull final String value) {
            this.release = value;
            return this;
        }

        /**
         * Sets the links the host gives.
         *
         * @param build the build's absolute URL, or {@code null}
         * @param gate the gate page's absolute URL, or {@code null}
         * @return this builder
         */
        public Builder links(@CheckForNull final String build, @CheckForNull final String gate) {
            this.buildUrl = build;
            this.gateUrl = gate;
            return this;
        }

        /**
         * Sets the phase after the event.
         *
         * @param value such as {@code WAITING}
         * @return this builder
         */
        public Builder phase(final String value) {
            this.phase = value;
            return this;
        }

        /**
         * Sets the verdict and the checks that block it.
         *
         * @param value the verdict
         * @param blocking the blocking checks
         * @return this builder
         */
        public Builder verdict(final String value, final List<BlockingCheck> blocking) {
            this.verdict = value;
            this.blockingChecks = new ArrayList<>(blocking);
            return this;
        }

        /**
         * Sets the policy and where the approval stands.
         *
         * @param description the policy in one sentence
         * @param windowDeadline the deadline, or {@code null}
         * @param remaining the approvals still needed
         * @param counted the approvers whose approvals count
         * @return this builder
         */
        public Builder approval(
                final String description,
                @CheckForNull final Instant windowDeadline,
                final int remaining,
                final List<String> counted) {
            this.policy = description;
            this.deadline = windowDeadline;
            this.remainingApprovals = remaining;
            this.approvers = new ArrayList<>(counted);
            return this;
        }

        /**
         * Sets who decided.
         *
         * @param value the decision, or {@code null}
         * @return this builder
         */
        public Builder decision(@CheckForNull final Decision value) {
            this.decision = value;
            return this;
        }

        /**
         * Sets the outcome.
         *
         * @param value such as {@code approved}
         * @return this builder
         */
        public Builder outcome(@CheckForNull final String value) {
            this.outcome = value;
            return this;
        }

        /**
         * Sets the fraction of a reminder.
         *
         * @param value such as 0.5
         * @return this builder
         */
        public Builder reminderFraction(@CheckForNull final Double value) {
            this.reminderFraction = value;
            return this;
        }

        /**
         * Sets what got worse.
         *
         * @param lines a sentence per check
         * @return this builder
         */
        public Builder worsened(final List<String> lines) {
            this.worsened = new ArrayList<>(lines);
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         */
        public GateEvent build() {
            return new GateEvent(
                    kind,
                    gateId,
                    gateName,
                    source,
                    release,
                    buildUrl,
                    gateUrl,
                    phase,
                    verdict,
                    blockingChecks,
                    policy,
                    deadline,
                    remainingApprovals,
                    approvers,
                    decision,
                    outcome,
                    reminderFraction,
                    worsened,
                    at);
        }
    }
}
