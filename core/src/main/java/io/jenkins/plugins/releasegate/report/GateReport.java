package io.jenkins.plugins.releasegate.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.runner.GateResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report shows: the checks' results, the approval policy, and the approval record.
 */
public final class GateReport {
    /** The approval state written when no approval was requested, as in a CLI dry run or checks-only mode. */
    public static final String NOT_REQUESTED = "NOT_REQUESTED";

    private final GateResult result;
    private final ApprovalPolicy policy;
    private final String approvalState;
    private final List<LedgerEntry> decisions;
    private final List<Involvement> exclusions;

    @CheckForNull
    private final Instant approvalDeadline;

    @CheckForNull
    private final String release;

    private final String source;

    private GateReport(
            final GateResult result,
            final ApprovalPolicy policy,
            final String approvalState,
            final List<LedgerEntry> decisions,
            final List<Involvement> exclusions,
            @CheckForNull final Instant approvalDeadline,
            @CheckForNull final String release,
            final String source) {
        this.result = Objects.requireNonNull(result);
        this.policy = Objects.requireNonNull(policy);
        this.approvalState = Objects.requireNonNull(approvalState);
        this.decisions = List.copyOf(decisions);
        this.exclusions = List.copyOf(exclusions);
        this.approvalDeadline = approvalDeadline;
        this.release = release;
        this.source = Objects.requireNonNull(source);
    }

    /**
     * Creates a report of a run without approval: it shows what the policy would require.
     *
     * @param result the checks' results
     * @param policy the policy that would apply
     * @param release the release being deployed, or {@code null}
     * @param source where the definition came from
     * @return the report
     */
    public static GateReport withoutApproval(
            final GateResult result,
            final ApprovalPolicy policy,
            @CheckForNull final String release,
            final String source) {
        return new GateReport(result, policy, NOT_REQUESTED, List.of(), List.of(), null, release, source);
    }

    /**
     * Creates a report with the approval record of a ledger.
     *
     * @param result the checks' results
     * @param ledger the approval ledger
     * @param release the release being deployed, or {@code null}
     * @param source where the definition came from
     * @return the report
     */
    public static GateReport withApproval(
            final GateResult result,
            final ApprovalLedger ledger,
            @CheckForNull final String release,
            final String source) {
        return new GateReport(
                result,
                ledger.getPolicy(),
                ledger.getState().name(),
                ledger.getEntries(),
                ledger.getExclusions(),
                ledger.getDeadline(),
                release,
                source);
    }

    /**
     * Recreates a report read back from its JSON form.
     *
     * @param result the checks' results
     * @param policy the policy
     * @param approvalState the approval state as written
     * @param decisions the approval record
     * @param exclusions the people barred from approving, with why
     * @param approvalDeadline when the approval window closes, or {@code null}
     * @param release the release, or {@code null}
     * @param source where the definition came from
     * @return the report
     */
    static GateReport restored(
            final GateResult result,
            final ApprovalPolicy policy,
            final String approvalState,
            final List<LedgerEntry> decisions,
            final List<Involvement> exclusions,
            @CheckForNull final Instant approvalDeadline,
            @CheckForNull final String release,
            final String source) {
        return new GateReport(result, policy, approvalState, decisions, exclusions, approvalDeadline, release, source);
    }

    public GateResult getResult() {
        return result;
    }

    public ApprovalPolicy getPolicy() {
        return policy;
    }

    /**
     * Returns the approval state: a {@link io.jenkins.plugins.releasegate.approval.GateState} name or
     * {@value #NOT_REQUESTED}.
     *
     * @return the state
     */
    public String getApprovalState() {
        return approvalState;
    }

    public List<LedgerEntry> getDecisions() {
        return decisions;
    }

    /**
     * Returns the people the policy bars from approving this gate, each with how they took part in the build
     * (see {@link Involvement#describe}); a person may appear once for each way. Empty without approval.
     *
     * @return the exclusions
     */
    public List<Involvement> getExclusions() {
        return exclusions;
    }

    /**
     * Returns the people the policy bars from approving, each as "id (how they took part)", in English.
     *
     * @return one line per exclusion, empty if nobody is barred
     */
    public List<String> getExclusionLines() {
        return getExclusionLines(Locale.ROOT);
    }

    /**
     * Returns the people the policy bars from approving, each as "id (how they took part)".
     *
     * @param locale the language of how they took part; English where there is no translation
     * @return one line per exclusion, empty if nobody is barred
     */
    public List<String> getExclusionLines(final Locale locale) {
        return exclusions.stream()
                .map(exclusion -> exclusion.userId() + " (" + exclusion.describe(locale) + ")")
                .toList();
    }

    /**
     * Returns the ids of the people whose approvals count: those who approved since the approvals were
     * last voided.
     *
     * @return the user ids, in order of approval
     */
    public List<String> getApprovers() {
        return LedgerEntry.approvers(decisions);
    }

    /**
     * Returns how many more distinct approvals the policy asks for.
     *
     * @return the number; 0 when no approval was requested
     */
    public int getRemainingApprovals() {
        return NOT_REQUESTED.equals(approvalState)
                ? 0
                : Math.max(0, policy.getMinApprovals() - getApprovers().size());
    }

    public Optional<Instant> getApprovalDeadline() {
        return Optional.ofNullable(approvalDeadline);
    }

    public Optional<String> getRelease() {
        return Optional.ofNullable(release);
    }

    public String getSource() {
        return source;
    }
}
