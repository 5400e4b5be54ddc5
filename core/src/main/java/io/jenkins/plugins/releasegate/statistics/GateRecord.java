package io.jenkins.plugins.releasegate.statistics;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportReader;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What statistics need of one gate run, read from its {@code report.json}: where it ran (job and build), when,
 * its verdict, the checks that blocked or warned, the decisions and how the gate ended. Immutable.
 */
public final class GateRecord {
    private final String job;
    private final String build;
    private final String gate;
    private final Instant startedAt;
    private final Status verdict;
    private final String approvalState;
    private final List<CheckReference> blockingChecks;
    private final List<CheckReference> warningChecks;
    private final List<GateDecision> decisions;
    private final GateOutcome outcome;
    private final List<GateDecision> overrides;

    @CheckForNull
    private final GateDecision settlingDecision;

    private final boolean voided;

    /**
     * Creates a record.
     *
     * @param job the job the gate ran in, such as {@code payments/orders} (a folder path in Jenkins)
     * @param build the build, such as {@code 42}; empty when unknown
     * @param gate the gate's name
     * @param startedAt when the gate's checks started
     * @param verdict the gate's verdict (after {@code onError})
     * @param approvalState the approval state as {@code report.json} writes it: a {@link GateState} name or
     *     {@value GateReport#NOT_REQUESTED}
     * @param blockingChecks the required checks that blocked the release (FAIL, or ERROR under
     *     {@code onError: fail})
     * @param warningChecks the other required checks that did not pass
     * @param decisions the decisions, oldest first
     * @throws IllegalArgumentException if the approval state is not one that reports write
     */
    public GateRecord(
            final String job,
            final String build,
            final String gate,
            final Instant startedAt,
            final Status verdict,
            final String approvalState,
            final List<CheckReference> blockingChecks,
            final List<CheckReference> warningChecks,
            final List<GateDecision> decisions) {
        this.job = Objects.requireNonNull(job);
        this.build = Objects.requireNonNull(build);
        this.gate = Objects.requireNonNull(gate);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.verdict = Objects.requireNonNull(verdict);
        this.approvalState = Objects.requireNonNull(approvalState);
        this.blockingChecks = List.copyOf(blockingChecks);
        this.warningChecks = List.copyOf(warningChecks);
        this.decisions = List.copyOf(decisions);
        this.outcome = outcome(verdict, approvalState, this.decisions);
        List<GateDecision> counting = countingApprovals(this.decisions);
        this.overrides = outcome == GateOutcome.OVERRIDDEN
                ? counting.stream()
                        .filter(decision -> decision.kind() == LedgerEntry.Kind.OVERRIDE)
                        .toList()
                : List.of();
        this.settlingDecision = settling(outcome, counting, this.decisions);
        this.voided = this.decisions.stream().anyMatch(decision -> decision.kind() == LedgerEntry.Kind.VOID);
    }

    @CheckForNull
    private static GateDecision settling(
            final GateOutcome outcome, final List<GateDecision> counting, final List<GateDecision> decisions) {
        if (outcome == GateOutcome.APPROVED || outcome == GateOutcome.OVERRIDDEN) {
            return counting.isEmpty() ? null : counting.get(counting.size() - 1);
        }
        if (outcome == GateOutcome.REJECTED) {
            GateDecision rejection = null;
            for (GateDecision decision : decisions) {
                if (decision.kind() == LedgerEntry.Kind.REJECT) {
                    rejection = decision;
                }
            }
            return rejection;
        }
        return null;
    }

    /**
     * Returns the record of a gate report.
     *
     * @param job the job the gate ran in
     * @param build the build; empty when unknown
     * @param report the report
     * @return the record
     * @throws IllegalArgumentException if the report's approval state is unknown
     */
    public static GateRecord of(final String job, final String build, final GateReport report) {
        GateResult result = report.getResult();
        List<CheckOutcome> blocking = result.blockingChecks();
        List<CheckReference> blockingChecks = new ArrayList<>();
        List<CheckReference> warningChecks = new ArrayList<>();
        for (CheckOutcome check : result.getChecks()) {
            if (blocking.contains(check)) {
                blockingChecks.add(new CheckReference(check.type(), check.id()));
            } else if (check.required() && check.status() != Status.PASS) {
                warningChecks.add(new CheckReference(check.type(), check.id()));
            }
        }
        return new GateRecord(
                job,
                build,
                result.getGate(),
                result.getStartedAt(),
                result.getVerdict(),
                report.getApprovalState(),
                blockingChecks,
                warningChecks,
                report.getDecisions().stream().map(GateDecision::of).toList());
    }

    /**
     * Reads the record of a {@code report.json}.
     *
     * @param job the job the gate ran in
     * @param build the build; empty when unknown
     * @param reader the JSON text
     * @return the record
     * @throws IOException if the text cannot be read or is not JSON
     * @throws IllegalArgumentException if the JSON is not a gate report this version reads
     */
    public static GateRecord read(final String job, final String build, final Reader reader) throws IOException {
        try {
            return of(job, build, new JsonReportReader().read(reader));
        } catch (DateTimeParseException exception) {
            throw new IllegalArgumentException("not a release gate report: " + exception.getMessage(), exception);
        }
    }

    private static GateOutcome outcome(
            final Status verdict, final String approvalState, final List<GateDecision> decisions) {
        if (GateReport.NOT_REQUESTED.equals(approvalState)) {
            return verdict.isBlocking() ? GateOutcome.BLOCKED : GateOutcome.PASSED;
        }
        GateState state;
        try {
            state = GateState.valueOf(approvalState);
        } catch (IllegalArgumentException exception) {
            throw new IllegalArgumentException("unknown approval state '" + approvalState + "'", exception);
        }
        return switch (state) {
            case PENDING -> GateOutcome.PENDING;
            case APPROVED ->
                countingApprovals(decisions).stream().anyMatch(decision -> decision.kind() == LedgerEntry.Kind.OVERRIDE)
                        ? GateOutcome.OVERRIDDEN
                        : GateOutcome.APPROVED;
            case REJECTED -> GateOutcome.REJECTED;
            case TIMED_OUT -> GateOutcome.TIMED_OUT;
            case EVIDENCE_WORSENED -> GateOutcome.VOIDED;
            case CANCELLED -> GateOutcome.CANCELLED;
        };
    }

    /** Returns the approvals and overrides given since the approvals were last voided. */
    private static List<GateDecision> countingApprovals(final List<GateDecision> decisions) {
        List<GateDecision> counting = new ArrayList<>();
        for (GateDecision decision : decisions) {
            if (decision.kind() == LedgerEntry.Kind.VOID) {
                counting.clear();
            } else if (decision.kind() == LedgerEntry.Kind.APPROVE || decision.kind() == LedgerEntry.Kind.OVERRIDE) {
                counting.add(decision);
            }
        }
        return counting;
    }

    public String getJob() {
        return job;
    }

    public String getBuild() {
        return build;
    }

    public String getGate() {
        return gate;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Status getVerdict() {
        return verdict;
    }

    /**
     * Returns the approval state as the report wrote it.
     *
     * @return a {@link GateState} name or {@value GateReport#NOT_REQUESTED}
     */
    public String getApprovalState() {
        return approvalState;
    }

    public List<CheckReference> getBlockingChecks() {
        return blockingChecks;
    }

    public List<CheckReference> getWarningChecks() {
        return warningChecks;
    }

    public List<GateDecision> getDecisions() {
        return decisions;
    }

    public GateOutcome getOutcome() {
        return outcome;
    }

    /**
     * Returns the checks a stop or an override is attributed to: the blocking checks, or, when none blocked (a
     * rejection or a timeout of a verdict that did not block), the required checks that did not pass.
     *
     * @return the checks, in definition order; empty when every required check passed
     */
    public List<CheckReference> getReasons() {
        return blockingChecks.isEmpty() ? warningChecks : blockingChecks;
    }

    /**
     * Returns the overrides that let the release go on: the overrides given since the approvals were last
     * voided, of a gate that ended {@link GateOutcome#OVERRIDDEN}.
     *
     * @return the overrides, oldest first; empty for every other outcome
     */
    public List<GateDecision> getOverrides() {
        return overrides;
    }

    /**
     * Returns the person's decision that settled the gate: the last approval or override of an approved or
     * overridden gate, the rejection of a rejected one.
     *
     * @return the decision; empty for gates no person settled (passed, blocked, timed out, voided, cancelled,
     *     pending)
     */
    public Optional<GateDecision> getSettlingDecision() {
        return Optional.ofNullable(settlingDecision);
    }

    /**
     * Returns how long the gate took to be decided by a person: from when its checks started to its
     * {@linkplain #getSettlingDecision() settling decision}.
     *
     * @return the time, never negative; empty when no person settled the gate
     */
    public Optional<Duration> getTimeToDecision() {
        if (settlingDecision == null) {
            return Optional.empty();
        }
        Duration time = Duration.between(startedAt, settlingDecision.at());
        return Optional.of(time.isNegative() ? Duration.ZERO : time);
    }

    /**
     * Returns whether the approvals of this gate were voided at least once because the evidence got worse.
     *
     * @return {@code true} if a void was recorded
     */
    public boolean hasVoid() {
        return voided;
    }

    @Override
    public String toString() {
        return job + " #" + build + " " + gate + ": " + outcome;
    }
}
