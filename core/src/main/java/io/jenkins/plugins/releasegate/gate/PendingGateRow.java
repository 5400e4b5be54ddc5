package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.Person;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate of a list of pending gates as one person sees it: the gate's view, and what that person may do from
 * the list. The same ledger rules as on the gate's own page decide: a person may approve from the list when the
 * ledger would take their approval and the gate has no required checklist item to confirm (then the list links
 * to the gate's page instead); a person may reject from the list when the ledger would take their rejection.
 */
public final class PendingGateRow {
    private final PendingGateView gate;

    @CheckForNull
    private final String approvalRefusal;

    @CheckForNull
    private final String rejectionRefusal;

    private PendingGateRow(
            final PendingGateView gate,
            @CheckForNull final String approvalRefusal,
            @CheckForNull final String rejectionRefusal) {
        this.gate = Objects.requireNonNull(gate);
        this.approvalRefusal = approvalRefusal;
        this.rejectionRefusal = rejectionRefusal;
    }

    /**
     * Asks the open gate's session what a person may decide on it.
     *
     * @param gate the gate's view
     * @param session the gate's session, {@code null} if the gate is not open in this host (such as a settled one)
     * @param person who looks, empty if they are not logged in
     * @param locale the language of the sentences
     * @return the row
     */
    public static PendingGateRow of(
            final PendingGateView gate,
            @CheckForNull final GateSession session,
            final Optional<Person> person,
            final Locale locale) {
        if (session == null || !gate.isOpen()) {
            String notOpen = DecisionAnswer.notOpen(gate.getGateName(), locale).message();
            return new PendingGateRow(gate, notOpen, notOpen);
        }
        return new PendingGateRow(
                gate,
                session.whyMayNot(true, person, locale).orElse(null),
                session.whyMayNot(false, person, locale).orElse(null));
    }

    /**
     * Returns the gate's view.
     *
     * @return the view
     */
    public PendingGateView getGate() {
        return gate;
    }

    /**
     * Returns whether the person may approve the gate now, from the list or its page.
     *
     * @return {@code true} if the ledger would take their approval
     */
    public boolean isMayApprove() {
        return approvalRefusal == null;
    }

    /**
     * Returns whether the person may reject the gate now.
     *
     * @return {@code true} if the ledger would take their rejection
     */
    public boolean isMayReject() {
        return rejectionRefusal == null;
    }

    /**
     * Returns whether the person may decide on the gate at all ("I may decide").
     *
     * @return {@code true} if they may approve or reject
     */
    public boolean isMayDecide() {
        return isMayApprove() || isMayReject();
    }

    /**
     * Returns whether the list offers the person an Approve button: they may approve, and no required checklist
     * item has to be confirmed.
     *
     * @return {@code true} for an inline approval
     */
    public boolean isApproveInline() {
        return isMayApprove() && !gate.hasRequiredChecklist();
    }

    /**
     * Returns whether the person may approve but must do it on the gate's page, where its checklist is shown.
     *
     * @return {@code true} if the list links to the gate's page for the approval
     */
    public boolean isApproveOnGatePage() {
        return isMayApprove() && gate.hasRequiredChecklist();
    }

    /**
     * Returns why the person may not approve.
     *
     * @return the ledger's sentence, empty if they may
     */
    public Optional<String> getApprovalRefusal() {
        return Optional.ofNullable(approvalRefusal);
    }

    /**
     * Returns why the person may not reject.
     *
     * @return the ledger's sentence, empty if they may
     */
    public Optional<String> getRejectionRefusal() {
        return Optional.ofNullable(rejectionRefusal);
    }
}
