package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.console.HyperlinkNote;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.action.GateSessionHolder;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.gate.GateEnding;
import io.jenkins.plugins.releasegate.gate.GateHost;
import io.jenkins.plugins.releasegate.gate.GateIds;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.gate.SavedState;
import io.jenkins.plugins.releasegate.integration.EmailTransports;
import io.jenkins.plugins.releasegate.integration.JenkinsJobHistories;
import io.jenkins.plugins.releasegate.integration.People;
import io.jenkins.plugins.releasegate.integration.RunCredentialsResolver;
import io.jenkins.plugins.releasegate.integration.SecurityRealmIdentityMatcher;
import io.jenkins.plugins.releasegate.notify.DeliveryOutcome;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.notify.NotificationSettings;
import io.jenkins.plugins.releasegate.notify.Notifier;
import io.jenkins.plugins.releasegate.pending.PendingGates;
import io.jenkins.plugins.releasegate.placement.CheckPlacement;
import io.jenkins.plugins.releasegate.placement.ControllerCheckThreads;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.GateLog;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.springframework.security.core.Authentication;

/**
 * Runs a release gate in a build and hosts its {@link GateSession}, which holds every rule of the gate's life.
 *
 * <p>{@link #start()} returns at once; the definition is read on a thread of {@link ControllerCheckThreads},
 * and the checks run where the build runs ({@link #runChecks}), so a waiting gate blocks no thread. As the
 * session's host, the execution translates: the build's credentials, files and log, the build histories of
 * Jenkins jobs as the build's user sees them, Jenkins' timer and a pool of threads, the gate's record and
 * evidence files in the build, the pause of its flow node, and the step's end. The session is kept in the Pipeline's
 * saved state, so a waiting gate survives a restart.</p>
 */
public final class ReleaseGateExecution extends StepExecution implements GateSessionHolder, GateHost {
    private static final long serialVersionUID = 3L;
    private static final Logger LOGGER = Logger.getLogger(ReleaseGateExecution.class.getName());

    private final ReleaseGateStep step;

    /** The id claimed in the build, once the definition is read. */
    @CheckForNull
    private volatile String gateId;

    /** The name of the ops profile the gate runs under, {@code null} if none applied; for the pending gates' list. */
    @CheckForNull
    private volatile String profileName;

    /** The gate's record in the build, once the id is claimed; found again after a restart. */
    @CheckForNull
    private transient volatile ReleaseGateAction record;

    /** The ops profile and the repository's definition as read, kept by {@link #writeObject} to load again. */
    @CheckForNull
    private transient volatile DefinitionText profile;

    @CheckForNull
    private transient volatile DefinitionText repository;

    /** Where the repository's definition was read, for the build log. */
    @CheckForNull
    private transient volatile String definitionRead;

    /** The gate's life; kept in the saved state by {@link #writeObject}. */
    @CheckForNull
    private transient volatile GateSession session;

    @CheckForNull
    private transient volatile Future<?> running;

    /** Tells the targets of the profile's notifications about the gate's events; none without notifications. */
    @CheckForNull
    private transient volatile Notifier notifier;

    /** The phase last recorded, to pause the flow node once per wait. */
    @CheckForNull
    private transient GatePhase recorded;

    /** Why the build was stopped, to fail the step with that very cause. */
    @CheckForNull
    private transient volatile Throwable stopCause;

    ReleaseGateExecution(final StepContext context, final ReleaseGateStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        profile = findProfile();
        if (step.getConfig() == null && profile == null) {
            throw new AbortException(Messages.ReleaseGateExecution_nothingToRun());
        }
        running = ControllerCheckThreads.submit(this::prepareAndRunChecks);
        return false;
    }

    /** The profile the step names, else the default profile of the build's job, else none. */
    @CheckForNull
    private DefinitionText findProfile() throws IOException, InterruptedException {
        Item job = getContext().get(Run.class).getParent();
        String named = step.getProfile();
        DefinitionText found = named != null
                ? GateProfileProvider.require(job, named)
                : GateProfileProvider.defaultFor(job).orElse(null);
        profileName = found == null
                ? null
                : named != null
                        ? named
                        : GateProfileProvider.defaultNameFor(job).orElse(null);
        return found;
    }

    private void writeObject(final ObjectOutputStream output) throws IOException {
        output.defaultWriteObject();
        output.writeObject(SavedState.write(session, profile, repository));
    }

    private void readObject(final ObjectInputStream input) throws IOException, ClassNotFoundException {
        input.defaultReadObject();
        Object[] state = SavedState.read((byte[]) input.readObject());
        if (state.length == 3) {
            session = (GateSession) state[0];
            profile = (DefinitionText) state[1];
            repository = (DefinitionText) state[2];
        }
    }

    @Override
    @CheckForNull
    public String getGateId() {
        return gateId;
    }

    @Override
    @CheckForNull
    public GateSession getSession() {
        return session;
    }

    @Override
    @CheckForNull
    public String getProfileName() {
        return profileName;
    }

    // ------------------------------------------------------------------ starting, stopping, restarting

    private void prepareAndRunChecks() {
        GateSession started;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Run<?, ?> run = getContext().get(Run.class);
            GateDefinition gate = readDefinition();
            ReleaseGateAction action = claimId(run, gate);
            started = new GateSession(
                    action.getGateId(),
                    gate,
                    step.isApproval(),
                    step.getRelease(),
                    new SecurityRealmIdentityMatcher(),
                    People.involvements(run),
                    this);
            session = started;
            notifier = notifierFor(gate, run);
            log(Messages.ReleaseGateExecution_starting(
                    gate.getName(), gate.getChecks().size(), gate.getSource(), link(action)));
            if (definitionRead != null) {
                log(definitionRead);
            }
            gate.getNotes().forEach(note -> log(Messages.ReleaseGateExecution_note(note)));
        } catch (AbortException exception) {
            getContext().onFailure(exception);
            return;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException | LinkageError exception) {
            // a LinkageError (a plugin upgraded under a running build) must end the step, not leave it waiting
            LOGGER.log(Level.WARNING, "Release gate failed in " + getContext(), exception);
            getContext().onFailure(new AbortException(Messages.ReleaseGateExecution_unexpected(describe(exception))));
            return;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            started.runChecks();
        } catch (LinkageError error) {
            LOGGER.log(Level.WARNING, "Release gate failed in " + getContext(), error);
            started.fail(Messages.ReleaseGateExecution_unexpected(describe(error)));
        }
    }

    private GateDefinition readDefinition() throws IOException, InterruptedException {
        String path = step.getConfig();
        if (path != null && repository == null) {
            // inside 'node' the workspace, outside it the Pipeline's repository at the build's revision
            GateFiles.Definition read = GateFiles.readDefinition(getContext(), path);
            repository = new DefinitionText(read.text(), path);
            definitionRead = read.logLine();
        }
        return definition();
    }

    /** Loads the gate's definition as it was read: the repository's merged onto the ops profile's. */
    private GateDefinition definition() throws AbortException {
        try {
            return new GateDefinitionLoader(CheckTypes.discover(Jenkins.get().getPluginManager().uberClassLoader))
                    .loadMerged(
                            profile,
                            repository,
                            Messages.ReleaseGateExecution_noProfile(),
                            ReleaseGateConfiguration.get().isProfilesMayAllowChangeAuthors())
                    .orElseThrow(() -> new AbortException(Messages.ReleaseGateExecution_nothingToRun()));
        } catch (InvalidDefinitionException exception) {
            throw new AbortException(exception.getMessage());
        }
    }

    private ReleaseGateAction claimId(final Run<?, ?> run, final GateDefinition gate) throws IOException {
        synchronized (ReleaseGateExecution.class) {
            List<String> taken = ReleaseGateAction.of(run).stream()
                    .map(ReleaseGateAction::getGateId)
                    .toList();
            String id;
            try {
                id = GateIds.claim(step.getId(), gate.getName(), taken);
            } catch (IllegalArgumentException exception) {
                throw new AbortException(exception.getMessage());
            }
            ReleaseGateAction action = new ReleaseGateAction(
                            id, gate.getName(), gate.getSource(), step.getRelease(), step.isApproval())
                    .withoutProfile(gate.isWithoutProfile());
            gateId = id;
            action.attach(this);
            run.addAction(action);
            record = action;
            run.save();
            return action;
        }
    }

    @Override
    public void stop(final Throwable cause) throws Exception {
        Future<?> preparing = running;
        if (preparing != null) {
            preparing.cancel(true);
        }
        GateSession open = session;
        if (open == null) {
            getContext().onFailure(cause);
            return;
        }
        stopCause = cause;
        // may run on the CPS VM thread: recording the cancellation waits for nothing of it
        Timer.get()
                .submit(() -> asSystem(() -> {
                    if (!open.cancel(describeStop(cause))) {
                        getContext().onFailure(cause); // ended already; completing twice is ignored
                    }
                }));
    }

    @Override
    public void onResume() {
        GateSession restored = session;
        String id = gateId;
        if (restored == null || id == null) {
            getContext().onFailure(new AbortException(Messages.ReleaseGateExecution_restartedWhilePreparing()));
            return;
        }
        Timer.get()
                .submit(() -> asSystem(() -> {
                    try {
                        record = ReleaseGateAction.of(getContext().get(Run.class)).stream()
                                .filter(action -> action.getGateId().equals(id))
                                .findFirst()
                                .orElseThrow(() -> new AbortException("The record of release gate " + id + " is gone"));
                        record.attach(this);
                        // the restored phase is recorded and its flow node paused already
                        recorded = restored.getPhase();
                        PendingGates.get().record(record.getRun(), profileName, restored);
                        if (recorded == GatePhase.WAITING || recorded == GatePhase.CONFIRMING) {
                            log(Messages.ReleaseGateExecution_resumed());
                        }
                        GateDefinition gate = definition();
                        notifier = notifierFor(gate, getContext().get(Run.class));
                        restored.resume(this, gate);
                    } catch (IOException | RuntimeException exception) {
                        LOGGER.log(Level.WARNING, "Cannot resume release gate " + id, exception);
                        restored.fail(Messages.ReleaseGateExecution_unexpected(describe(exception)));
                    } catch (InterruptedException exception) {
                        Thread.currentThread().interrupt();
                    }
                }));
    }

    @Override
    public String getStatus() {
        GateSession open = session;
        return open == null ? "reading the definition of a release gate" : open.status();
    }

    // ------------------------------------------------------------------ hosting the session

    @Override
    public GateEnvironment environment(final boolean withWorkspace) {
        try {
            return GateEnvironment.builder()
                    .credentials(new RunCredentialsResolver(getContext().get(Run.class)))
                    .workspace(withWorkspace ? GateFiles.forChecks(getContext()) : null)
                    .log(buildLog())
                    .release(step.getRelease())
                    .build();
        } catch (IOException exception) {
            throw new IllegalStateException("The build of release gate " + gateId + " is gone", exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing release gate " + gateId, exception);
        }
    }

    /**
     * Runs the checks where the build runs: on the agent of the enclosing {@code node} block, or on the
     * controller against the allowed hosts only ({@link CheckPlacement}).
     */
    @Override
    public GateResult runChecks(
            final GateDefinition gate, final List<CheckDefinition> checks, final GateEnvironment environment)
            throws InterruptedException {
        return new CheckPlacement(getContext(), "[release-gate " + gateId + "] ", this::log)
                .run(profile, repository, checks, environment, here -> runHere(gate, checks, here));
    }

    private GateResult runHere(
            final GateDefinition gate, final List<CheckDefinition> checks, final GateEnvironment environment)
            throws InterruptedException {
        return GateHost.super.runChecks(gate, checks, environment);
    }

    /**
     * Reads the build histories of the Jenkins jobs the checks ask for, as the build's authentication sees them:
     * a job it may not read looks exactly like one that does not exist.
     */
    @Override
    public Optional<JobHistories> jobHistories(final List<JobHistoryRequest> requests) {
        try {
            return Optional.of(JenkinsJobHistories.read(
                    requests, buildAuthentication(getContext().get(Run.class)), clock().instant()));
        } catch (IOException exception) {
            throw new IllegalStateException("The build of release gate " + gateId + " is gone", exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing release gate " + gateId, exception);
        }
    }

    /** The authentication the build runs as; anonymous, which sees least, when it cannot be told. */
    private static Authentication buildAuthentication(final Run<?, ?> run) throws IOException {
        if (run instanceof FlowExecutionOwner.Executable executable) {
            FlowExecutionOwner owner = executable.asFlowExecutionOwner();
            if (owner != null) {
                return owner.get().getAuthentication2();
            }
        }
        return Jenkins.ANONYMOUS2;
    }

    /** Hands the gate's event to its notifier, which sends on other threads and returns at once. */
    @Override
    public void onEvent(final GateEvent event) {
        Notifier current = notifier;
        if (current != null) {
            current.accept(event);
        }
    }

    /** Returns the absolute URL of the build, when Jenkins' URL is configured. */
    @Override
    public Optional<String> buildUrl() {
        ReleaseGateAction action = record;
        String root = Jenkins.get().getRootUrl();
        return action == null || root == null
                ? Optional.empty()
                : Optional.of(root + action.getRun().getUrl());
    }

    /** Returns the absolute URL of the gate page, when Jenkins' URL is configured. */
    @Override
    public Optional<String> gateUrl() {
        ReleaseGateAction action = record;
        String root = Jenkins.get().getRootUrl();
        return action == null || root == null ? Optional.empty() : Optional.of(root + action.getRelativeUrl());
    }

    /**
     * Creates the notifier of the gate's profile: the secrets that sign webhook payloads are secret text credentials
     * found in the context of the build, deliveries run on Jenkins' pool of threads, e-mail goes through Mailer if
     * it is installed, and every outcome goes to the build log and the gate page.
     */
    @CheckForNull
    private Notifier notifierFor(final GateDefinition gate, final Run<?, ?> run) {
        NotificationSettings settings = gate.getNotifications();
        if (settings.isEmpty()) {
            return null;
        }
        return new Notifier(
                settings,
                new RunCredentialsResolver(run),
                ReleaseGateExecution::scheduleNotification,
                clock(),
                Locale.getDefault(),
                EmailTransports.ifInstalled().orElse(null),
                this::notified);
    }

    private static void scheduleNotification(final Duration delay, final Runnable task) {
        Timer.get()
                .schedule(
                        () -> Computer.threadPoolForRemoting.submit(() -> asSystem(task)),
                        delay.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void notified(final DeliveryOutcome outcome) {
        log(Messages.ReleaseGateExecution_notification(
                outcome.event().yamlName(), outcome.target(), outcome.status(), outcome.detail()));
        ReleaseGateAction action = record;
        if (action != null) {
            action.recordNotification(outcome);
        }
    }

    @Override
    public void log(final String line) {
        try {
            buildLog().info(line);
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.FINE, "Cannot write to the log of release gate " + gateId, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void persist(final GateSession current) {
        GatePhase phase = current.getPhase();
        Optional<GateReport> report = current.report();
        ReleaseGateAction action = record;
        try {
            if (action == null) {
                throw new IllegalStateException("release gate " + gateId + " has no record in its build");
            }
            if (report.isPresent()) {
                new ReportFiles().write(report.get(), action.getEvidenceDirectory());
            }
            action.record(phase, current.getEnding().map(GateEnding::message).orElse(null), report.orElse(null));
            PendingGates.get().record(action.getRun(), profileName, current);
            if (phase == GatePhase.WAITING && recorded != GatePhase.WAITING) {
                pause(action, current.getLedger().orElseThrow());
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
        Timer.get().submit(getContext()::saveState);
    }

    @Override
    public Scheduled schedule(final Duration delay, final Runnable task) {
        Future<?> future = Timer.get().schedule(() -> asSystem(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(final Runnable task) {
        ControllerCheckThreads.submit(() -> asSystem(task));
    }

    @Override
    public void end(final GateEnding ending) {
        endPause();
        Throwable stopped = stopCause;
        GateSession ended = session;
        ReleaseGateAction action = record;
        if (stopped != null) {
            getContext().onFailure(stopped);
        } else if (ending.kind() == GateEnding.Kind.PROCEED && ended != null && action != null) {
            Map<String, Object> result = ended.result();
            result.put("reportUrl", action.getReportUrl());
            getContext().onSuccess(result);
        } else if (ending.kind() == GateEnding.Kind.ABORT) {
            getContext()
                    .onFailure(new FlowInterruptedException(
                            Result.ABORTED, true, new ReleaseGateInterruption(ending.message())));
        } else {
            getContext().onFailure(new AbortException(ending.message()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void pause(final ReleaseGateAction action, final ApprovalLedger ledger)
            throws IOException, InterruptedException {
        FlowNode node = getContext().get(FlowNode.class);
        if (!PauseAction.isPaused(node)) {
            node.addAction(new PauseAction("Release gate"));
        }
        if (ledger.getState() == GateState.PENDING) {
            String deadline = ledger.getDeadline().toString();
            // inside 'node' the enclosing block holds its executor for the whole wait: say so
            log(
                    getContext().get(FilePath.class) == null
                            ? Messages.ReleaseGateExecution_waiting(link(action), deadline)
                            : Messages.ReleaseGateExecution_waitingInNode(link(action), deadline));
        }
    }

    private void endPause() {
        try {
            FlowNode node = getContext().get(FlowNode.class);
            if (PauseAction.isPaused(node)) {
                PauseAction.endCurrentPause(node);
            }
        } catch (IOException exception) {
            LOGGER.log(Level.FINE, "Cannot end the pause of release gate " + gateId, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private GateLog buildLog() throws IOException, InterruptedException {
        return GateLog.prefixed(getContext().get(TaskListener.class).getLogger(), "[release-gate " + gateId + "] ");
    }

    private static String link(final ReleaseGateAction action) {
        return HyperlinkNote.encodeTo("/" + action.getRelativeUrl(), action.getDisplayName());
    }

    private static void asSystem(final Runnable task) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            task.run();
        }
    }

    private static String describe(final Throwable throwable) {
        String message = throwable.getMessage();
        return message == null || message.isBlank() ? throwable.getClass().getSimpleName() : message;
    }

    private static String describeStop(final Throwable cause) {
        if (cause instanceof FlowInterruptedException interruption
                && !interruption.getCauses().isEmpty()) {
            return Messages.ReleaseGateExecution_stopped(interruption.getCauses().stream()
                    .map(CauseOfInterruption::getShortDescription)
                    .reduce((first, second) -> first + "; " + second)
                    .orElseThrow());
        }
        return Messages.ReleaseGateExecution_stopped(describe(cause));
    }
}
