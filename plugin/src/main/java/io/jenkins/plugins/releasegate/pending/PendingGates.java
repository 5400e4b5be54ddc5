package io.jenkins.plugins.releasegate.pending;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.action.GateSessionHolder;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.gate.PendingGateIndex;
import io.jenkins.plugins.releasegate.gate.PendingGateView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The open release gates of this Jenkins and the ones settled recently, kept in memory so that the pending-gates
 * page reads no build it does not show. The step's execution records its gate on every change of its session
 * ({@link #record}): a gate that waits or confirms is listed, a gate that settles after it waited moves to the
 * {@value PendingGateIndex#DEFAULT_RECENT_CAPACITY} gates decided most recently. Nothing of it is saved: after a
 * restart, each waiting gate records itself as its step resumes, and the first reader asks the running Pipeline
 * steps once, as pipeline-input-step finds its executions; the recently settled gates start empty.
 */
@Extension
public final class PendingGates {
    private static final Logger LOGGER = Logger.getLogger(PendingGates.class.getName());
    private static final int REBUILD_TIMEOUT_SECONDS = 30;

    private final PendingGateIndex index = new PendingGateIndex();
    private final AtomicBoolean rebuilt = new AtomicBoolean();

    /**
     * Returns the index of this Jenkins.
     *
     * @return the singleton
     */
    public static PendingGates get() {
        return ExtensionList.lookupSingleton(PendingGates.class);
    }

    /**
     * Records a gate as its session stands now; the step's execution calls it on every change of the session.
     *
     * @param run the build
     * @param profile the name of the ops profile the gate runs under, {@code null} if none applied
     * @param session the gate's session
     */
    public void record(final Run<?, ?> run, @CheckForNull final String profile, final GateSession session) {
        index.update(PendingGateView.of(session, placeOf(run), profile, Instant.now()));
    }

    /**
     * Forgets an open gate whose build or step is gone, so that the list stops offering it.
     *
     * @param view the gate's view
     */
    void forget(final PendingGateView view) {
        index.forgetOpen(view.getKey());
    }

    /**
     * Returns the open gates, after asking the running steps once since Jenkins started.
     *
     * @return a snapshot
     */
    public List<PendingGateView> open() {
        rebuildOnce();
        return index.open();
    }

    /**
     * Returns the open gates recorded so far, without asking the running steps: for what must not wait, such as
     * whether the side panel links to the page.
     *
     * @return a snapshot
     */
    public List<PendingGateView> openRecorded() {
        return index.open();
    }

    /**
     * Returns the gates settled recently, the latest first.
     *
     * @return a snapshot
     */
    public List<PendingGateView> recent() {
        return index.recent();
    }

    /** Where a build's gate runs, as the list names it. */
    static PendingGateView.Place placeOf(final Run<?, ?> run) {
        Job<?, ?> job = run.getParent();
        return new PendingGateView.Place(job.getFullName(), job.getFullDisplayName(), run.getNumber(), run.getUrl());
    }

    /**
     * Asks every running Pipeline step once for the gates it holds, bounded by a timeout, in case a step resumed
     * before this index could hear of it.
     */
    private void rebuildOnce() {
        if (!rebuilt.compareAndSet(false, true)) {
            return;
        }
        try {
            StepExecution.applyAll(StepExecution.class, execution -> {
                        if (execution instanceof GateSessionHolder holder) {
                            recordHeld(execution, holder);
                        }
                        return null;
                    })
                    .get(REBUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException exception) {
            LOGGER.log(
                    Level.WARNING,
                    "The running Pipeline steps did not all answer within " + REBUILD_TIMEOUT_SECONDS
                            + "s; the pending release gates may be incomplete until they resume",
                    exception);
        } catch (Exception exception) {
            LOGGER.log(Level.WARNING, "Cannot list the pending release gates of the running Pipeline steps", exception);
        }
    }

    private void recordHeld(final StepExecution execution, final GateSessionHolder holder) {
        GateSession session = holder.getSession();
        if (session == null) {
            return;
        }
        try {
            Run<?, ?> run = execution.getContext().get(Run.class);
            if (run != null) {
                PendingGateView view =
                        PendingGateView.of(session, placeOf(run), holder.getProfileName(), Instant.now());
                if (view.isOpen()) {
                    index.update(view);
                }
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        } catch (Exception exception) {
            LOGGER.log(Level.FINE, "Cannot find the build of release gate " + holder.getGateId(), exception);
        }
    }
}
