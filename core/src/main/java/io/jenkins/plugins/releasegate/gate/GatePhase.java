package io.jenkins.plugins.releasegate.gate;

import java.util.Locale;

/**
 * Where a gate stands in its life; the one phase a host shows and records.
 */
public enum GatePhase {
    /** The checks run. */
    CHECKING(false),
    /** The checks ran; the gate waits for decisions. */
    WAITING(false),
    /** The last required approval arrived; the checks run again to confirm that the evidence is still fresh. */
    CONFIRMING(false),
    /** The checks passed and no approval was requested. */
    PASSED(true),
    /** The checks blocked the release and nobody may approve it. */
    BLOCKED(true),
    /** Enough approvals on confirmed evidence; the release proceeds. */
    APPROVED(true),
    /** Someone rejected the release. */
    REJECTED(true),
    /** Nobody decided within the approval window. */
    TIMED_OUT(true),
    /** The checks got worse after approval and the policy fails the gate. */
    EVIDENCE_WORSENED(true),
    /** The build was stopped. */
    CANCELLED(true),
    /** The gate could not do its work: an invalid definition, a restart while the checks ran, an unexpected error. */
    FAILED(true);

    private final boolean settled;

    GatePhase(final boolean settled) {
        this.settled = settled;
    }

    /**
     * Returns whether the gate's life is over.
     *
     * @return {@code true} if nothing changes the gate any more
     */
    public boolean isSettled() {
        return settled;
    }

    /**
     * Returns the phase in words.
     *
     * @param locale the reader's language
     * @return the sentence, such as "Waiting for approval"
     */
    public String displayName(final Locale locale) {
        return GateSession.text(locale, "GatePhase." + name());
    }
}
