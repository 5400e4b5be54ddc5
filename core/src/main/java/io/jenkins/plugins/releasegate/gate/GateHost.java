package io.jenkins.plugins.releasegate.gate;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link GateSession} needs from the program that runs it: the environment of a run of the checks,
 * the build histories of Jenkins jobs the checks read, a clock, a timer, a background thread, a place to persist, a log,
 * a way to end, and an ear for the gate's events (to notify people). A host translates; it decides nothing about the
 * gate.
 */
public interface GateHost {
    /**
     * Returns the environment for a run of the checks.
     *
     * @param withWorkspace {@code false} for the run that confirms an approval, when the workspace may be gone
     * @return the environment
     */
    GateEnvironment environment(boolean withWorkspace);

    /**
     * Runs checks of the gate and returns their result: the first run and the run that confirms an approval.
     * By default they run here, with {@link GateRunner} and {@link #progress()}. A host may run them elsewhere,
     * such as on the machine where its build runs ({@link PortableCheckRun} carries them), as long as it
     * returns what the runner returns there; the session judges the result either way. Called outside the
     * session's lock.
     *
     * @param gate the gate
     * @param checks the checks to run: all of the gate, or those that need no workspace
     * @param environment the environment from {@link #environment(boolean)}, with the confirmations given so far
     *     and the job histories read for this run
     * @return the result of these checks
     * @throws InterruptedException if the calling thread is interrupted, which only a cancellation does;
     *     running checks must be interrupted too
     * @throws RuntimeException with a sentence that says what went wrong if the checks could not be run at
     *     all, such as when the machine they were to run on went away; the gate fails with it
     */
    default GateResult runChecks(
            final GateDefinition gate, final List<CheckDefinition> checks, final GateEnvironment environment)
            throws InterruptedException {
        return new GateRunner().run(gate, checks, environment, progress());
    }

    /**
     * Reads the build histories of Jenkins jobs that the checks about to run ask for, as the user the build
     * runs as sees them; called before each run of checks that ask for any, where the gate is hosted (before
     * the checks may be carried elsewhere). A job that does not exist and a job that user may not read are
     * both left out. By default, for hosts outside Jenkins, nothing is read.
     *
     * @param requests one request per job
     * @return the histories, empty if this host cannot read Jenkins jobs
     */
    default Optional<JobHistories> jobHistories(final List<JobHistoryRequest> requests) {
        return Optional.empty();
    }

    /**
     * Returns what hears about each check as it runs; by default, a line in the gate's log for each finished
     * check: its id, status and summary.
     *
     * @return the listener
     */
    default GateListener progress() {
        return new GateListener() {
            @Override
            public void finished(final CheckOutcome outcome) {
                log(GateSession.text(
                        "checkFinished",
                        outcome.id(),
                        outcome.status().name(),
                        outcome.result().getSummary()));
            }
        };
    }

    /**
     * Returns the clock that decisions, deadlines and records use; by default the system clock in UTC.
     *
     * @return the clock
     */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Hears about an event of the gate: it waits, someone approved or overrode, it was decided, its approvals were
     * voided, it timed out, or a reminder is due. Called under the session's lock, in the order of the events, after
     * the change was persisted: return at once (hand the event to a {@link io.jenkins.plugins.releasegate.notify.Notifier},
     * which sends on other threads) and never call back into the session. By default nobody is told.
     *
     * @param event the event
     */
    default void onEvent(final GateEvent event) {}

    /**
     * Returns the absolute URL of the build or run the gate belongs to, for notifications.
     *
     * @return the URL, empty if the host cannot tell (by default)
     */
    default Optional<String> buildUrl() {
        return Optional.empty();
    }

    /**
     * Returns the absolute URL of the gate's page, where people decide, for notifications.
     *
     * @return the URL, empty if the host cannot tell (by default)
     */
    default Optional<String> gateUrl() {
        return Optional.empty();
    }

    /**
     * Writes a line to the gate's log, such as the build log or the terminal.
     *
     * @param line the line
     */
    void log(String line);

    /**
     * Records the session as it stands: reports, build record, saved state. Called after every change, under
     * the session's lock, so that records are written in the order of the changes; keep it short.
     *
     * @param session the session
     */
    void persist(GateSession session);

    /**
     * Runs a task once after a delay, on another thread.
     *
     * @param delay how long to wait, zero or more
     * @param task the task
     * @return a handle that cancels the task if it has not started
     */
    Scheduled schedule(Duration delay, Runnable task);

    /**
     * Runs a long task, such as the confirming run of the checks, on another thread.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Ends the gate for the host: the pipeline proceeds, fails or is aborted. Called once per session, never
     * under the session's lock.
     *
     * @param ending how the gate ended
     */
    void end(GateEnding ending);

    /** A scheduled task that may be cancelled. */
    @FunctionalInterface
    interface Scheduled {
        /** Cancels the task unless it has started. */
        void cancel();
    }
}
