package io.jenkins.plugins.releasegate.build;

/**
 * Where a gate of a build stands, as shown on the build page and in the REST API.
 */
public enum GatePhase {
    /** The definition is being read and the checks are running. */
    CHECKING(false),
    /** The checks ran and the gate waits for decisions. */
    WAITING(false),
    /** Approved; the release proceeded. */
    APPROVED(true),
    /** Someone rejected the release. */
    REJECTED(true),
    /** Nobody decided within the policy's approval window. */
    TIMED_OUT(true),
    /** The checks got worse after approval and the policy failed the gate. */
    EVIDENCE_WORSENED(true),
    /** The build was stopped while the gate was open. */
    CANCELLED(true),
    /** Checks only: the checks ran and did not block. */
    PASSED(true),
    /** The checks blocked the release and the policy allows no approval. */
    BLOCKED(true),
    /** The gate could not run, such as an invalid definition; nothing was decided. */
    FAILED(true);

    private final boolean settled;

    GatePhase(final boolean settled) {
        this.settled = settled;
    }

    /**
     * Returns whether the gate is finished.
     *
     * @return {@code true} if nothing more happens
     */
    public boolean isSettled() {
        return settled;
    }
}
