package io.jenkins.plugins.releasegate.runner;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;

/**
 * Hears about checks as they start and finish, to show progress. {@link #finished} is called once per
 * check, as it finishes, from the check's own thread or from the runner's: implementations must be
 * thread-safe and quick: time spent in {@link #finished} on a check's thread counts against that
 * check's timeout. An exception thrown by a listener is ignored.
 */
public interface GateListener {
    /**
     * A check started.
     *
     * @param check the check
     */
    default void started(final CheckDefinition check) {}

    /**
     * A check finished, timed out or failed to run.
     *
     * @param outcome its outcome
     */
    default void finished(final CheckOutcome outcome) {}

    /**
     * Returns a listener that ignores everything.
     *
     * @return the listener
     */
    static GateListener none() {
        return new GateListener() {};
    }
}
