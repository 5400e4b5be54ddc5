package io.jenkins.plugins.releasegate.runner;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;

/**
 * Hears about checks as they start and finish, to show progress.
 */
public interface GateListener {
    /**
     * A check started.
     *
     * @param check the check
     */
    default void started(final CheckDefinition check) {
    }

    /**
     * A check finished, timed out or failed to run.
     *
     * @param outcome its outcome
     */
    default void finished(final CheckOutcome outcome) {
    }

    /**
     * Returns a listener that ignores everything.
     *
     * @return the listener
     */
    static GateListener none() {
        return new GateListener() {
        };
    }
}
