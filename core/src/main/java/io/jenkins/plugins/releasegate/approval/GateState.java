package io.jenkins.plugins.releasegate.approval;

/**
 * Where a gate's approval stands.
 */
public enum GateState {
    /** Waiting for decisions. */
    PENDING(false),
    /** Enough approvals; the release may proceed. */
    APPROVED(true),
    /** Someone rejected the release. */
    REJECTED(true),
    /** Nobody decided within the policy's timeout. */
    TIMED_OUT(true),
    /** The checks got worse after approval and the policy fails the gate. */
    EVIDENCE_WORSENED(true),
    /** The build was stopped while the gate waited. */
    CANCELLED(true);

    private final boolean settled;

    GateState(final boolean settled) {
        this.settled = settled;
    }

    /**
     * Returns whether no further decision is taken.
     *
     * @return {@code true} if settled
     */
    public boolean isSettled() {
        return settled;
    }
}
