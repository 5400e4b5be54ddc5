package io.jenkins.plugins.releasegate.statistics;

import io.jenkins.plugins.releasegate.spi.Sentences;
import java.util.Locale;

/**
 * How a gate ended, as far as its release is concerned: whether the release went on, and if not, why.
 */
public enum GateOutcome {
    /** The checks passed and no approval was requested: the release went on. */
    PASSED(true, false),
    /** Enough people approved a verdict that did not block: the release went on. */
    APPROVED(true, false),
    /** Someone allowed to override approved a blocking verdict with a justification: the release went on. */
    OVERRIDDEN(true, false),
    /** The checks blocked the release and nobody could approve it. */
    BLOCKED(false, true),
    /** Someone rejected the release. */
    REJECTED(false, true),
    /** Nobody decided within the approval window. */
    TIMED_OUT(false, true),
    /** The checks got worse after approval and the policy failed the gate. */
    VOIDED(false, true),
    /** The build was stopped while the gate waited: nobody decided, so the gate stopped nothing. */
    CANCELLED(false, false),
    /** The gate still waits for decisions. */
    PENDING(false, false);

    private final boolean proceeded;
    private final boolean stopped;

    GateOutcome(final boolean proceeded, final boolean stopped) {
        this.proceeded = proceeded;
        this.stopped = stopped;
    }

    /**
     * Returns whether the release went on past the gate.
     *
     * @return {@code true} for {@link #PASSED}, {@link #APPROVED} and {@link #OVERRIDDEN}
     */
    public boolean isProceeded() {
        return proceeded;
    }

    /**
     * Returns whether the gate stopped the release: its build did not proceed because of a blocking verdict, a
     * rejection, evidence that got worse after approval, or a timeout.
     *
     * @return {@code true} for {@link #BLOCKED}, {@link #REJECTED}, {@link #TIMED_OUT} and {@link #VOIDED}
     */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Returns the outcome in words.
     *
     * @param locale the reader's language
     * @return such as "Stopped: rejected"
     */
    public String displayName(final Locale locale) {
        return Sentences.format(GateOutcome.class, locale, "GateOutcome." + name());
    }
}
