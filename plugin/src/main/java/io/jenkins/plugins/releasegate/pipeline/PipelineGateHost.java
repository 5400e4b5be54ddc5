package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.console.HyperlinkNote;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.gate.GateEnding;
import io.jenkins.plugins.releasegate.gate.GateHost;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.integration.FilePathWorkspaceFiles;
import io.jenkins.plugins.releasegate.integration.ListenerGateLog;
import io.jenkins.plugins.releasegate.integration.RunCredentialsResolver;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * Hosts a gate's session in a Pipeline build: the build's credentials, workspace and log, Jenkins' timer
 * and thread pool, the gate's record and evidence files in the build, the pause of its flow node, and the
 * step's end. It translates; the session decides.
 */
final class PipelineGateHost implements GateHost {
    private static final Logger LOGGER = Logger.getLogger(PipelineGateHost.class.getName());

    private final StepContext context;
    private final String gateId;

    @CheckForNull
    private final String release;

    /** The phase last recorded, to print the results table and pause the flow node once per change. */
    @CheckForNull
    private GatePhase recorded;

    /** Why the build was stopped, to fail the step with that very cause. */
    @CheckForNull
    private volatile Throwable stopCause;

    PipelineGateHost(final StepContext context, final String gateId, @CheckForNull final String release) {
        this.context = context;
        this.gateId = gateId;
        this.release = release;
    }

    /**
     * Takes up a session restored after a restart, whose phase is recorded and whose flow node is paused
     * already, so that neither is done again.
     *
     * @param phase the restored session's phase
     */
    void resumedIn(final GatePhase phase) {
        recorded = phase;
    }

    /**
     * Keeps the cause of a stop, with which the step then fails.
     *
     * @param cause the cause given to the step
     */
    void stoppedBy(final Throwable cause) {
        stopCause = cause;
    }

    @Override
    public GateEnvironment environment(final boolean withWorkspace) {
        try {
            FilePath workspace = withWorkspace ? context.get(FilePath.class) : null;
            return GateEnvironment.builder()
                    .credentials(new RunCredentialsResolver(run()))
                    .workspace(workspace == null ? null : new FilePathWorkspaceFiles(workspace))
                    .log(log())
                    .release(release)
                    .build();
        } catch (IOException exception) {
            throw new IllegalStateException("The build of release gate " + gateId + " is gone", exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing release gate " + gateId, exception);
        }
    }

    @Override
    public GateListener progress() {
        return new GateListener() {
            @Override
            public void finished(final CheckOutcome outcome) {
                log(Messages.ReleaseGateExecution_checkFinished(
                        outcome.id(), outcome.status().name(), outcome.result().getSummary()));
            }
        };
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void log(final String line) {
        try {
            log().info(line);
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.FINE, "Cannot write to the log of release gate " + gateId, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void persist(final GateSession session) {
        GatePhase phase = session.getPhase();
        Optional<GateReport> report = session.report();
        String outcome = session.getEnding().map(GateEnding::message).orElse(null);
        try {
            Run<?, ?> run = run();
            ReleaseGateAction action = ReleaseGateExecution.action(run, gateId);
            if (report.isPresent()) {
                new ReportFiles()
                        .write(
                                report.get(),
                                ReleaseGateAction.evidenceDirectory(run, gateId).toPath());
                action.update(report.get(), session.getLedger().orElse(null), phase, outcome);
            } else {
                action.settle(phase, outcome);
            }
            if (phase == GatePhase.WAITING && recorded != GatePhase.WAITING) {
                pause(action, session.getLedger().orElseThrow());
            } else if (phase != GatePhase.WAITING && phase != GatePhase.CONFIRMING) {
                endPause();
            }
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.WARNING, "Cannot record release gate " + gateId + " in phase " + phase, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
        recorded = phase;
        // the step's own state is saved by the Pipeline engine on its thread, never under the session's lock
        Timer.get().submit(context::saveState);
    }

    @Override
    public Scheduled schedule(final Duration delay, final Runnable task) {
        Future<?> future = Timer.get().schedule(() -> asSystem(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(final Runnable task) {
        Computer.threadPoolForRemoting.submit(() -> asSystem(task));
    }

    @Override
    public void end(final GateEnding ending) {
        endPause();
        Throwable stopped = stopCause;
        if (stopped != null) {
            context.onFailure(stopped);
            return;
        }
        switch (ending.kind()) {
            case PROCEED -> context.onSuccess(resultMap());
            case FAIL -> context.onFailure(new AbortException(ending.message()));
            case ABORT ->
                context.onFailure(new FlowInterruptedException(
                        Result.ABORTED, true, new ReleaseGateInterruption(ending.message())));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> resultMap() {
        Map<String, Object> result = new LinkedHashMap<>();
        String verdict = null;
        boolean approved = false;
        ArrayList<String> approvers = new ArrayList<>();
        String url = null;
        try {
            ReleaseGateAction action = ReleaseGateExecution.action(run(), gateId);
            Status measured = action.getVerdict();
            verdict = measured == null ? null : measured.name();
            approved = action.getPhase() == GatePhase.APPROVED;
            approvers.addAll(action.getApprovers());
            url = action.getReportUrl();
        } catch (IOException exception) {
            LOGGER.log(Level.FINE, "Cannot read the record of release gate " + gateId, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
        result.put("verdict", verdict);
        result.put("approved", approved);
        result.put("approvers", approvers);
        result.put("reportUrl", url);
        return result;
    }

    private void pause(final ReleaseGateAction action, final ApprovalLedger ledger)
            throws IOException, InterruptedException {
        FlowNode node = context.get(FlowNode.class);
        if (!PauseAction.isPaused(node)) {
            node.addAction(new PauseAction("Release gate"));
        }
        if (ledger.getState() == GateState.PENDING) {
            String link = HyperlinkNote.encodeTo("/" + action.getRelativeUrl(), action.getDisplayName());
            String deadline = ledger.getDeadline().toString();
            // inside 'node' the enclosing block holds its executor for the whole wait: say so
            log(
                    context.get(FilePath.class) == null
                            ? Messages.ReleaseGateExecution_waiting(link, deadline)
                            : Messages.ReleaseGateExecution_waitingInNode(link, deadline));
        }
    }

    private void endPause() {
        try {
            FlowNode node = context.get(FlowNode.class);
            if (PauseAction.isPaused(node)) {
                PauseAction.endCurrentPause(node);
            }
        } catch (IOException exception) {
            LOGGER.log(Level.FINE, "Cannot end the pause of release gate " + gateId, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private ListenerGateLog log() throws IOException, InterruptedException {
        return new ListenerGateLog(context.get(TaskListener.class), gateId);
    }

    private Run<?, ?> run() throws IOException, InterruptedException {
        return context.get(Run.class);
    }

    private static void asSystem(final Runnable task) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            task.run();
        }
    }
}
