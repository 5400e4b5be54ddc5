package io.jenkins.plugins.releasegate.gate;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rules of a gate's life as pure functions, which {@link GateSession} sequences: what follows the
 * checks, what follows a settled approval, and whether a confirming run of the checks keeps the approvals.
 */
final class GateFlow {
    /** What the host does next. */
    public enum Kind {
        /** The release may proceed. */
        PROCEED,
        /** Wait for decisions. */
        WAIT,
        /** The gate fails: the release may not proceed, and the build fails. */
        FAIL,
        /** The gate ends without a release: someone rejected it, nobody decided in time, or the build was stopped. */
        ABORT
    }

    /**
     * What the host does next, with the sentence to show.
     *
     * @param kind what to do
     * @param message a sentence for the build log or the terminal
     */
    public record Next(Kind kind, String message) {
        /**
         * Creates an answer.
         */
        public Next {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(message);
        }
    }

    private GateFlow() {}

    /**
     * Says what follows the checks.
     *
     * <p>Without approval (checks only), a blocking verdict fails the gate and any other proceeds. With
     * approval, the gate waits for decisions, except when the verdict blocks and the policy does not allow
     * overriding it: nobody could approve, so the gate fails at once.</p>
     *
     * @param result the checks' results
     * @param policy the approval policy
     * @param approvalRequested whether the gate waits for approval
     * @return what to do
     */
    public static Next afterChecks(
            final GateResult result, final ApprovalPolicy policy, final boolean approvalRequested) {
        if (result.getVerdict().isBlocking()) {
            String failing = describeBlocking(result);
            if (!approvalRequested) {
                return new Next(Kind.FAIL, "Release gate '" + result.getGate() + "' blocked the release: " + failing);
            }
            if (policy.getOnFail() == ApprovalPolicy.OnFail.BLOCK) {
                return new Next(
                        Kind.FAIL,
                        "Release gate '" + result.getGate() + "' blocked the release: " + failing
                                + ". The policy does not allow overriding a " + result.getVerdict()
                                + ", so no approval is requested.");
            }
            return new Next(
                    Kind.WAIT,
                    "Release gate '" + result.getGate() + "' ended in " + result.getVerdict() + " (" + failing
                            + "); someone allowed to override may approve it with a justification. Policy: "
                            + policy.describe());
        }
        if (!approvalRequested) {
            return new Next(
                    Kind.PROCEED,
                    "Release gate '" + result.getGate() + "' passed with " + result.getVerdict()
                            + "; approval was not requested (checks only).");
        }
        return new Next(
                Kind.WAIT,
                "Release gate '" + result.getGate() + "' ended in " + result.getVerdict()
                        + "; waiting for approval. Policy: " + policy.describe());
    }

    /**
     * Says what follows a settled approval.
     *
     * @param ledger the ledger
     * @param gate the gate's name
     * @return what to do; {@link Kind#WAIT} while the ledger is pending
     */
    public static Next afterDecision(final ApprovalLedger ledger, final String gate) {
        List<LedgerEntry> entries = ledger.getEntries();
        LedgerEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        String why = last == null || last.comment().isBlank() ? "" : ": " + last.comment();
        return switch (ledger.getState()) {
            case PENDING ->
                new Next(
                        Kind.WAIT,
                        "Release gate '" + gate + "' waits for " + ledger.getRemainingApprovals()
                                + " more approval(s).");
            case APPROVED ->
                new Next(
                        Kind.PROCEED,
                        "Release gate '" + gate + "' approved by " + String.join(", ", ledger.getApprovers()) + ".");
            case REJECTED ->
                new Next(
                        Kind.ABORT,
                        "Release gate '" + gate + "' rejected by "
                                + (last == null ? "an approver" : last.displayName() + " (" + last.userId() + ")")
                                + why);
            case TIMED_OUT ->
                new Next(
                        ledger.getPolicy().getOnTimeout() == ApprovalPolicy.OnTimeout.FAIL ? Kind.FAIL : Kind.ABORT,
                        "Release gate '" + gate
                                + "' timed out: nobody decided within the approval window; the policy says "
                                + Settings.yamlName(ledger.getPolicy().getOnTimeout()) + ".");
            case EVIDENCE_WORSENED ->
                new Next(Kind.FAIL, "Release gate '" + gate + "' failed: the checks got worse after approval" + why);
            case CANCELLED -> new Next(Kind.ABORT, "Release gate '" + gate + "' was cancelled" + why);
        };
    }

    /**
     * The evidence after the checks ran again to confirm an approval, and the checks that got worse.
     *
     * @param evidence the evidence now under decision: the approved evidence with the new outcomes
     * @param worsened a sentence per check that got worse than what the approvers saw, empty if none
     */
    public record Confirmation(GateResult evidence, List<String> worsened) {
        /**
         * Creates a confirmation.
         */
        public Confirmation {
            Objects.requireNonNull(evidence);
            worsened = List.copyOf(worsened);
        }

        /**
         * Returns whether the approvals stand: nothing got worse.
         *
         * @return {@code true} if the release may proceed on these approvals
         */
        public boolean isConfirmed() {
            return worsened.isEmpty();
        }
    }

    /**
     * Confirms an approval against a new run of the checks (see {@link #checksToConfirm}): the new outcomes
     * replace the approved ones, and if any check got worse than what the approvers saw, their approvals are
     * void in the ledger, which then waits again or fails by policy. What the host does next follows from the
     * ledger's state ({@link #afterDecision}).
     *
     * @param ledger the ledger, approved
     * @param approved the evidence the approvers saw
     * @param rerun the outcomes of the confirming run
     * @param now the current time
     * @return the evidence now under decision and what got worse
     * @throws IllegalStateException if the ledger is not approved
     */
    public static Confirmation confirm(
            final ApprovalLedger ledger, final GateResult approved, final List<CheckOutcome> rerun, final Instant now) {
        if (ledger.getState() != GateState.APPROVED) {
            throw new IllegalStateException("only an approved gate is confirmed; this one is " + ledger.getState());
        }
        GateResult updated = approved.updatedWith(rerun, now);
        List<String> worsened = updated.worsenedSince(approved);
        if (!worsened.isEmpty()) {
            ledger.voidApprovals(worsened, updated.getVerdict(), updated.digest(), now);
        }
        return new Confirmation(updated, worsened);
    }

    /**
     * Returns the checks to run again when the last required approval arrives, to confirm that the evidence
     * is still fresh: those that need no workspace, since the workspace may be gone or changed by then.
     *
     * @param gate the gate
     * @return the checks, in definition order
     */
    public static List<CheckDefinition> checksToConfirm(final GateDefinition gate) {
        return gate.getChecks().stream()
                .filter(check -> !check.getCheck().needsWorkspace())
                .toList();
    }

    /**
     * Names the checks that block a result, for messages.
     *
     * @param result the result
     * @return such as {@code orders-db (FAIL: 92% of connections used), rollback (ERROR: ...)}
     */
    public static String describeBlocking(final GateResult result) {
        List<CheckOutcome> blocking = result.blockingChecks();
        if (blocking.isEmpty()) {
            return result.getChecks().isEmpty()
                    ? "no check ran"
                    : "no single check blocks, the verdict is " + result.getVerdict();
        }
        return blocking.stream()
                .map(outcome -> outcome.id() + " (" + outcome.status() + ": "
                        + outcome.result().getSummary() + ")")
                .collect(Collectors.joining(", "));
    }
}
