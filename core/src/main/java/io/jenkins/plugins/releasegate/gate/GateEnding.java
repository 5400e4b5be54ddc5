package io.jenkins.plugins.releasegate.gate;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a gate ends for its host: the release proceeds, the gate fails, or it ends without a release, with
 * the sentence to show.
 *
 * @param kind what the host does
 * @param message a sentence for the build log or the terminal
 */
public record GateEnding(Kind kind, String message) implements Serializable {
    /** What the host does. */
    public enum Kind {
        /** The release may proceed. */
        PROCEED,
        /** The gate fails: the release may not proceed, and the build fails. */
        FAIL,
        /** The gate ends without a release: rejected, nobody decided in time, or the build was stopped. */
        ABORT
    }

    /**
     * Creates an ending.
     */
    public GateEnding {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(message);
    }
}
