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
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateFlow;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.build.GateDecisions;
import io.jenkins.plugins.releasegate.build.GatePhase;
import io.jenkins.plugins.releasegate.build.ReleaseGateAction;
import io.jenkins.plugins.releasegate.check.GateEnvironment;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.definition.ProfileMerger;
import io.jenkins.plugins.releasegate.integration.FilePathWorkspaceFiles;
import io.jenkins.plugins.releasegate.integration.ListenerGateLog;
import io.jenkins.plugins.releasegate.integration.People;
import io.jenkins.plugins.releasegate.integration.RunCredentialsResolver;
import io.jenkins.plugins.releasegate.integration.SecurityRealmIdentityMatcher;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.report.TextReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * Runs a release gate in a build and waits for its approval without holding an executor.
 *
 * <p>{@link #start()} returns at once; the definition is read and the checks run on a background
 * thread of the controller. A gate that waits adds a {@link PauseAction} to its node and keeps the
 * approval ledger in this execution, which the Pipeline engine persists, so the gate survives a
 * restart and is found again by its {@link ReleaseGateAction}. Decisions arrive from the gate page or
 * the REST API; the ledger judges them. When the last required approval arrives, the checks that need
 * no workspace run again; worse evidence voids the approvals.</p>
 */
public final class ReleaseGateExecution extends StepExecution implements GateDecisions {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(ReleaseGateExecution.class.getName());

    @CheckForNull
    private final String configPath;

    @CheckForNull
    private final String profileName;

    @CheckForNull
    private final String requestedId;

    @CheckForNull
    private final String release;

    private final boolean approvalRequested;

    /** The id claimed in the build, once the definition is read. */
    @CheckForNull
    private volatile String gateId;

    /** The repository's definition (YAML) and where it came from, kept to load it again after a restart. */
    @CheckForNull
    private String definitionText;

    @CheckForNull
    private String definitionSource;

    @CheckForNull
    private transient GateProfileProvider.Profile profile;

    /** The evidence under decision; kept in the saved state by {@link #writeObject}. */
    @CheckForNull
    private transient GateResult evidence;

    /** The approval record; kept in the saved state by {@link #writeObject}. */
    @CheckForNull
    private transient ApprovalLedger ledger;

    private boolean settled;

    @CheckForNull
    private transient GateDefinition definition;

    @CheckForNull
    private transient Future<?> running;

    @CheckForNull
    private transient ScheduledFuture<?> timeout;

    ReleaseGateExecution(final StepContext context, final ReleaseGateStep step) {
        super(context);
        this.configPath = step.getConfig();
        this.profileName = step.getProfile();
        this.requestedId = step.getId();
        this.release = step.getRelease();
        this.approvalRequested = step.isApproval();
    }

    @Override
    public boolean start() throws Exception {
        if (configPath == null && profileName == null) {
            throw new AbortException(Messages.ReleaseGateExecution_nothingToRun());
        }
        if (requestedId != null && !GateIds.isValid(requestedId)) {
            throw new AbortException(Messages.ReleaseGateStep_invalidId(requestedId));
        }
        if (profileName != null) {
            GateProfileProvider.Profile found = GateProfileProvider.lookup(profileName);
            if (found == null) {
                throw new AbortException(
                        GateProfileProvider.isAvailable()
                                ? Messages.ReleaseGateExecution_unknownProfile(profileName)
                                : Messages.ReleaseGateExecution_profilesUnavailable(profileName));
            }
            synchronized (this) {
                profile = found;
            }
        }
        running = Computer.threadPoolForRemoting.submit(this::prepareAndRunChecks);
        return false;
    }

    private void writeObject(final ObjectOutputStream output) throws IOException {
        output.defaultWriteObject();
        byte[] state;
        synchronized (this) {
            state = CoreState.write(
                    evidence,
                    ledger,
                    profile == null ? null : profile.name(),
                    profile == null ? null : profile.definition(),
                    profile == null ? null : profile.source());
        }
        output.writeObject(state);
    }

    private void readObject(final ObjectInputStream input) throws IOException, ClassNotFoundException {
        input.defaultReadObject();
        Object[] state = CoreState.read((byte[]) input.readObject());
        if (state.length == 5) {
            synchronized (this) {
                evidence = (GateResult) state[0];
                ledger = (ApprovalLedger) state[1];
                if (state[2] != null) {
                    profile = new GateProfileProvider.Profile((String) state[2], (String) state[3], (String) state[4]);
                }
            }
        }
    }

    @Override
    public String getGateId() {
        return gateId;
    }

    // ------------------------------------------------------------------ running the checks

    private void prepareAndRunChecks() {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Run<?, ?> run = run();
            GateDefinition gate = readDefinition();
            ReleaseGateAction action = claimId(run, gate);
            ListenerGateLog log = new ListenerGateLog(listener(), action.getGateId());
            log.info(Messages.ReleaseGateExecution_starting(
                    gate.getName(), gate.getChecks().size(), gate.getSource(), link(action)));
            gate.getNotes().forEach(note -> log.info(Messages.ReleaseGateExecution_note(note)));
            GateResult result = new GateRunner().run(gate, environment(run, workspace(), log), progress(log));
            afterChecks(run, action, gate, result, log);
        } catch (AbortException exception) {
            failBeforeChecks(exception.getMessage(), exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            LOGGER.log(Level.FINE, "Release gate interrupted while its checks ran", exception);
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.WARNING, "Release gate failed in " + getContext(), exception);
            failBeforeChecks(Messages.ReleaseGateExecution_unexpected(describe(exception)), exception);
        }
    }

    private void afterChecks(
            final Run<?, ?> run,
            final ReleaseGateAction action,
            final GateDefinition gate,
            final GateResult result,
            final ListenerGateLog log)
            throws IOException, InterruptedException {
        ApprovalPolicy policy = gate.getApproval();
        GateFlow.Next next = GateFlow.afterChecks(result, policy, approvalRequested);
        ApprovalLedger waiting = null;
        synchronized (this) {
            if (settled) {
                return;
            }
            evidence = result;
            if (next.kind() == GateFlow.Kind.WAIT) {
                waiting = new ApprovalLedger(
                        policy,
                        new SecurityRealmIdentityMatcher(),
                        People.initiators(run),
                        People.changeAuthors(run),
                        result.getVerdict(),
                        result.digest(),
                        Instant.now());
                ledger = waiting;
            }
        }
        GateReport report = report();
        printTable(log, report);
        if (waiting != null) {
            node().addAction(new PauseAction("Release gate"));
            writeEvidence(run, action, report, GatePhase.WAITING, null);
            log.info(next.message());
            log.info(Messages.ReleaseGateExecution_waiting(
                    link(action), waiting.getDeadline().toString()));
            scheduleTimeout();
            getContext().saveState();
        } else {
            GatePhase phase = next.kind() == GateFlow.Kind.PROCEED ? GatePhase.PASSED : GatePhase.BLOCKED;
            settle(next, phase);
        }
    }

    private GateDefinition readDefinition() throws IOException, InterruptedException {
        boolean unread;
        synchronized (this) {
            unread = definitionText == null;
        }
        if (configPath != null && unread) {
            FilePath workspace = workspace();
            if (workspace == null) {
                throw new AbortException(Messages.ReleaseGateExecution_noWorkspaceForConfig(configPath));
            }
            String unified = configPath.replace('\\', '/');
            if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
                throw new AbortException(Messages.ReleaseGateExecution_configOutsideWorkspace(configPath));
            }
            FilePath file = workspace.child(configPath);
            if (!file.exists() || file.isDirectory()) {
                throw new AbortException(
                        Messages.ReleaseGateExecution_configMissing(configPath, workspace.getRemote()));
            }
            if (!workspace.isDescendant(configPath)) {
                throw new AbortException(Messages.ReleaseGateExecution_configOutsideWorkspace(configPath));
            }
            String text;
            try (InputStream input = file.read()) {
                byte[] bytes = input.readNBytes(GateDefinitionLoader.MAX_LENGTH * 4 + 1);
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            synchronized (this) {
                definitionText = text;
                definitionSource = configPath;
            }
        }
        return definition();
    }

    /**
     * Returns the gate's definition, loading it from the kept YAML after a restart.
     *
     * @return the definition
     * @throws AbortException if it is invalid
     */
    private synchronized GateDefinition definition() throws AbortException {
        if (definition == null) {
            GateDefinitionLoader loader =
                    new GateDefinitionLoader(CheckTypes.discover(Jenkins.get().getPluginManager().uberClassLoader));
            try {
                String text = definitionText;
                String source = definitionSource;
                GateDefinition repository = text == null || source == null ? null : loader.load(text, source);
                GateProfileProvider.Profile ops = profile;
                GateDefinition base = ops == null ? null : loader.load(ops.definition(), ops.source());
                if (base != null && repository != null) {
                    definition = new ProfileMerger().merge(base, repository);
                } else {
                    definition = base != null ? base : repository;
                }
            } catch (InvalidDefinitionException exception) {
                throw new AbortException(exception.getMessage());
            }
        }
        return definition;
    }

    private ReleaseGateAction claimId(final Run<?, ?> run, final GateDefinition gate) throws IOException {
        synchronized (ReleaseGateExecution.class) {
            List<String> taken = ReleaseGateAction.of(run).stream()
                    .map(ReleaseGateAction::getGateId)
                    .toList();
            String id;
            if (requestedId != null) {
                if (taken.contains(requestedId)) {
                    throw new AbortException(Messages.ReleaseGateExecution_idTaken(requestedId));
                }
                id = requestedId;
            } else {
                String base = GateIds.fromName(gate.getName());
                id = base;
                for (int suffix = 2; taken.contains(id); suffix++) {
                    id = base + "-" + suffix;
                }
            }
            ReleaseGateAction action =
                    new ReleaseGateAction(id, gate.getName(), gate.getSource(), release, approvalRequested);
            action.attach(this);
            run.addAction(action);
            gateId = id;
            run.save();
            return action;
        }
    }

    private GateEnvironment environment(
            final Run<?, ?> run, @CheckForNull final FilePath workspace, final ListenerGateLog log) {
        return GateEnvironment.builder()
                .credentials(new RunCredentialsResolver(run))
                .workspace(workspace == null ? null : new FilePathWorkspaceFiles(workspace))
                .log(log)
                .release(release)
                .build();
    }

    private static GateListener progress(final ListenerGateLog log) {
        return new GateListener() {
            @Override
            public void finished(final CheckOutcome outcome) {
                log.info(Messages.ReleaseGateExecution_checkFinished(
                        outcome.id(), outcome.status().name(), outcome.result().getSummary()));
            }
        };
    }

    // ------------------------------------------------------------------ decisions

    @Override
    public GateState approve(
            final Person person, final String comment, @CheckForNull final String digestSeen, final String channel)
            throws DecisionRefusedException {
        GateState state;
        synchronized (this) {
            ApprovalLedger open = openLedger();
            state = open.approve(person, comment, digestSeen, channel, Instant.now());
        }
        recorded(Messages.ReleaseGateExecution_approvedBy(person.toString(), channel, printable(comment)));
        if (state == GateState.APPROVED) {
            Computer.threadPoolForRemoting.submit(this::confirmEvidence);
        }
        return state;
    }

    @Override
    public GateState reject(final Person person, final String comment, final String channel)
            throws DecisionRefusedException {
        GateState state;
        synchronized (this) {
            ApprovalLedger open = openLedger();
            state = open.reject(person, comment, channel, Instant.now());
        }
        recorded(Messages.ReleaseGateExecution_rejectedBy(person.toString(), channel, printable(comment)));
        settleFromLedger();
        return state;
    }

    @Override
    public synchronized Optional<String> whyMayNotApprove(final Person person) {
        if (ledger == null || settled) {
            return Optional.of(Messages.ReleaseGateExecution_notWaiting());
        }
        return ledger.whyMayNotApprove(person, Instant.now());
    }

    @Override
    public synchronized Optional<String> whyMayNotReject(final Person person) {
        if (ledger == null || settled) {
            return Optional.of(Messages.ReleaseGateExecution_notWaiting());
        }
        return ledger.whyMayNotReject(person, Instant.now());
    }

    @Override
    public synchronized Optional<GateReport> currentReport() {
        return evidence == null ? Optional.empty() : Optional.of(report());
    }

    private ApprovalLedger openLedger() throws DecisionRefusedException {
        if (ledger == null) {
            throw new DecisionRefusedException(Messages.ReleaseGateExecution_stillChecking());
        }
        if (settled && !ledger.getState().isSettled()) {
            throw new DecisionRefusedException(Messages.ReleaseGateExecution_notWaiting());
        }
        return ledger;
    }

    private void recorded(final String line) {
        try {
            Run<?, ?> run = run();
            ReleaseGateAction action = action(run);
            log(line);
            writeEvidence(run, action, report(), GatePhase.WAITING, null);
            getContext().saveState();
        } catch (IOException | InterruptedException exception) {
            LOGGER.log(Level.WARNING, "Cannot record a decision of release gate " + gateId, exception);
        }
    }

    /**
     * Runs the checks that need no workspace again after the last required approval; worse evidence
     * voids the approvals, otherwise the gate proceeds.
     */
    private void confirmEvidence() {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            GateDefinition gate = definition();
            List<CheckDefinition> checks = GateFlow.checksToConfirm(gate);
            if (!checks.isEmpty()) {
                Run<?, ?> run = run();
                ListenerGateLog log = new ListenerGateLog(listener(), gateId);
                log.info(Messages.ReleaseGateExecution_confirming(checks.size()));
                GateResult rerun = new GateRunner().run(gate, checks, environment(run, null, log), progress(log));
                GateFlow.Confirmation confirmation;
                synchronized (this) {
                    if (settled || ledger == null || ledger.getState() != GateState.APPROVED) {
                        return;
                    }
                    confirmation = GateFlow.confirm(ledger, evidence, rerun.getChecks(), Instant.now());
                    evidence = confirmation.evidence();
                }
                if (!confirmation.isConfirmed()) {
                    worsenedEvidence(run, log, confirmation.worsened());
                    return;
                }
                log.info(Messages.ReleaseGateExecution_confirmed());
            }
            settleFromLedger();
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.WARNING, "Cannot confirm the evidence of release gate " + gateId, exception);
            settle(
                    new GateFlow.Next(
                            GateFlow.Kind.FAIL, Messages.ReleaseGateExecution_unexpected(describe(exception))),
                    GatePhase.FAILED);
        }
    }

    private void worsenedEvidence(final Run<?, ?> run, final ListenerGateLog log, final List<String> worsened)
            throws IOException, InterruptedException {
        worsened.forEach(line -> log.info(Messages.ReleaseGateExecution_worse(line)));
        GateFlow.Next next;
        synchronized (this) {
            next = GateFlow.afterDecision(requireLedger(), definitionName());
        }
        if (next.kind() != GateFlow.Kind.WAIT) {
            settleFromLedger();
        } else {
            GateReport report = report();
            writeEvidence(run, action(run), report, GatePhase.WAITING, null);
            getContext().saveState();
            scheduleTimeout();
            printTable(log, report);
            log.info(Messages.ReleaseGateExecution_waitingAgain(link(action(run))));
        }
    }

    // ------------------------------------------------------------------ timeout

    private synchronized void scheduleTimeout() {
        if (ledger == null || settled) {
            return;
        }
        long delay = Math.max(
                0, Duration.between(Instant.now(), ledger.getDeadline()).toMillis());
        if (timeout != null) {
            timeout.cancel(false);
        }
        timeout = Timer.get().schedule(this::timeoutIfDue, delay, TimeUnit.MILLISECONDS);
    }

    private void timeoutIfDue() {
        boolean expired;
        boolean pending;
        synchronized (this) {
            if (settled || ledger == null) {
                return;
            }
            expired = ledger.expireIfDue(Instant.now());
            pending = ledger.getState() == GateState.PENDING;
        }
        if (expired) {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                settleFromLedger();
            }
        } else if (pending) {
            // the approvals were voided and the window opened again: wait for the new deadline
            scheduleTimeout();
        }
        // otherwise the quorum is reached and the evidence is being confirmed; voiding arms the timer again
    }

    // ------------------------------------------------------------------ settling

    private void settleFromLedger() {
        GateFlow.Next next;
        GatePhase phase;
        synchronized (this) {
            ApprovalLedger current = requireLedger();
            next = GateFlow.afterDecision(current, definitionName());
            phase = GatePhase.valueOf(current.getState().name());
        }
        settle(next, phase);
    }

    private void settle(final GateFlow.Next next, final GatePhase phase) {
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        boolean measured;
        synchronized (this) {
            measured = evidence != null;
        }
        try {
            Run<?, ?> run = run();
            endPause();
            if (measured) {
                writeEvidence(run, action(run), report(), phase, next.message());
            } else {
                action(run).failed(next.message());
            }
            log(next.message());
        } catch (IOException | InterruptedException | RuntimeException exception) {
            LOGGER.log(Level.WARNING, "Cannot record the end of release gate " + gateId, exception);
        }
        switch (next.kind()) {
            case PROCEED -> getContext().onSuccess(resultMap());
            case FAIL -> getContext().onFailure(new AbortException(next.message()));
            default ->
                getContext()
                        .onFailure(new FlowInterruptedException(
                                Result.ABORTED, true, new ReleaseGateInterruption(next.message())));
        }
    }

    private void failBeforeChecks(final String message, final Exception cause) {
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
        }
        try {
            if (gateId != null) {
                action(run()).failed(message);
            }
        } catch (IOException | InterruptedException | RuntimeException exception) {
            LOGGER.log(Level.FINE, "Cannot record the failure of a release gate", exception);
        }
        getContext().onFailure(cause instanceof AbortException ? cause : new AbortException(message));
    }

    private Map<String, Object> resultMap() {
        Map<String, Object> result = new LinkedHashMap<>();
        synchronized (this) {
            result.put(
                    "verdict", evidence == null ? null : evidence.getVerdict().name());
            result.put("approved", ledger != null && ledger.getState() == GateState.APPROVED);
            result.put("approvers", ledger == null ? new ArrayList<String>() : new ArrayList<>(ledger.getApprovers()));
        }
        String url = null;
        try {
            url = action(run()).getReportUrl();
        } catch (IOException | InterruptedException exception) {
            LOGGER.log(Level.FINE, "Cannot compute the report URL of release gate " + gateId, exception);
        }
        result.put("reportUrl", url);
        return result;
    }

    @Override
    public void stop(final Throwable cause) throws Exception {
        Future<?> checks = running;
        if (checks != null) {
            checks.cancel(true);
        }
        boolean record;
        GateResult evidenceSeen;
        synchronized (this) {
            record = !settled;
            settled = true;
            evidenceSeen = evidence;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (record && ledger != null) {
                ledger.cancel(describeStop(cause), Instant.now());
            }
        }
        if (!record) {
            // a repeated stop, or the gate is settling already: completing twice is ignored by the context
            super.stop(cause);
            return;
        }
        // may run on the CPS VM thread: do nothing here that waits for it. The step fails only once the
        // cancellation is in the build's record, so a finished build always shows it.
        Timer.get().submit(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                endPause();
                if (gateId != null) {
                    Run<?, ?> run = run();
                    if (evidenceSeen != null) {
                        writeEvidence(run, action(run), report(), GatePhase.CANCELLED, describeStop(cause));
                    } else {
                        action(run).settle(GatePhase.CANCELLED, describeStop(cause));
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException exception) {
                LOGGER.log(Level.WARNING, "Cannot record the cancellation of release gate " + gateId, exception);
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    @Override
    public void onResume() {
        boolean open;
        synchronized (this) {
            open = !settled;
        }
        if (!open) {
            return;
        }
        Timer.get().submit(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                resume();
            }
        });
    }

    private void resume() {
        GateState state;
        synchronized (this) {
            state = ledger == null ? null : ledger.getState();
        }
        if (state == null) {
            settle(
                    new GateFlow.Next(
                            GateFlow.Kind.FAIL, Messages.ReleaseGateExecution_restartedWhileChecking(logId())),
                    GatePhase.FAILED);
            return;
        }
        try {
            action(run()).attach(this);
            log(Messages.ReleaseGateExecution_resumed());
        } catch (IOException | InterruptedException exception) {
            LOGGER.log(Level.WARNING, "Cannot reattach release gate " + gateId + " after a restart", exception);
        }
        if (state == GateState.APPROVED) {
            Computer.threadPoolForRemoting.submit(this::confirmEvidence);
        } else if (state.isSettled()) {
            settleFromLedger();
        } else {
            scheduleTimeout();
        }
    }

    @Override
    public String getStatus() {
        synchronized (this) {
            ApprovalLedger current = ledger;
            if (current == null) {
                return settled ? "settled" : "running the checks of release gate " + gateId;
            }
            return "release gate " + gateId + ": " + current.getState() + ", " + current.getRemainingApprovals()
                    + " approval(s) remaining";
        }
    }

    // ------------------------------------------------------------------ helpers

    private synchronized GateReport report() {
        GateResult measured = evidence;
        if (measured == null) {
            throw new IllegalStateException("release gate " + gateId + " has no evidence before its checks ran");
        }
        GateProfileProvider.Profile ops = profile;
        String source = definitionSource != null ? definitionSource : ops != null ? ops.source() : "";
        try {
            source = definition().getSource();
        } catch (AbortException exception) {
            LOGGER.log(Level.FINE, "Definition unavailable for the report source", exception);
        }
        ApprovalLedger current = ledger;
        return current == null
                ? GateReport.withoutApproval(measured, definitionPolicy(), release, source)
                : GateReport.withApproval(measured, current, release, source);
    }

    private ApprovalPolicy definitionPolicy() {
        try {
            return definition().getApproval();
        } catch (AbortException exception) {
            return ApprovalPolicy.defaults();
        }
    }

    private synchronized String definitionName() {
        GateResult measured = evidence;
        String id = gateId;
        return measured != null ? measured.getGate() : id == null ? "" : id;
    }

    /**
     * Returns the approval ledger of a gate that waits or waited; only called once the checks asked for approval.
     *
     * @return the ledger
     */
    private synchronized ApprovalLedger requireLedger() {
        ApprovalLedger current = ledger;
        if (current == null) {
            throw new IllegalStateException("release gate " + gateId + " has no approval record");
        }
        return current;
    }

    private String logId() {
        String id = gateId;
        return id == null ? "?" : id;
    }

    private void writeEvidence(
            final Run<?, ?> run,
            final ReleaseGateAction action,
            final GateReport report,
            final GatePhase phase,
            @CheckForNull final String sentence)
            throws IOException {
        new ReportFiles()
                .write(
                        report,
                        ReleaseGateAction.evidenceDirectory(run, action.getGateId())
                                .toPath());
        ApprovalLedger current;
        synchronized (this) {
            current = ledger;
        }
        action.update(report, current, phase, sentence);
    }

    private void printTable(final ListenerGateLog log, final GateReport report) {
        new TextReportWriter().write(report.getResult()).forEach(log::info);
        if (!GateReport.NOT_REQUESTED.equals(report.getApprovalState())) {
            log.info(Messages.ReleaseGateExecution_policy(report.getPolicy().describe()));
        }
    }

    private void endPause() {
        try {
            FlowNode node = node();
            if (PauseAction.isPaused(node)) {
                PauseAction.endCurrentPause(node);
            }
        } catch (IOException | InterruptedException exception) {
            LOGGER.log(Level.FINE, "Cannot end the pause of release gate " + gateId, exception);
        }
    }

    private void log(final String line) throws IOException, InterruptedException {
        new ListenerGateLog(listener(), logId()).info(line);
    }

    private ReleaseGateAction action(final Run<?, ?> run) throws AbortException {
        for (ReleaseGateAction action : ReleaseGateAction.of(run)) {
            if (action.getGateId().equals(gateId)) {
                return action;
            }
        }
        throw new AbortException("The record of release gate " + gateId + " is missing from " + run);
    }

    private static String link(final ReleaseGateAction action) {
        return HyperlinkNote.encodeTo("/" + action.getRelativeUrl(), action.getDisplayName());
    }

    private Run<?, ?> run() throws IOException, InterruptedException {
        return getContext().get(Run.class);
    }

    private TaskListener listener() throws IOException, InterruptedException {
        return getContext().get(TaskListener.class);
    }

    private FlowNode node() throws IOException, InterruptedException {
        return getContext().get(FlowNode.class);
    }

    @CheckForNull
    private FilePath workspace() throws IOException, InterruptedException {
        return getContext().get(FilePath.class);
    }

    /** Removes control characters, so that a comment cannot forge console notes or lines in the build log. */
    private static String printable(final String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    private static String describe(final Throwable throwable) {
        String message = throwable.getMessage();
        return message == null || message.isBlank() ? throwable.getClass().getSimpleName() : message;
    }

    private static String describeStop(final Throwable cause) {
        if (cause instanceof FlowInterruptedException interruption) {
            List<String> causes = new ArrayList<>();
            for (CauseOfInterruption reason : interruption.getCauses()) {
                causes.add(reason.getShortDescription());
            }
            if (!causes.isEmpty()) {
                return Messages.ReleaseGateExecution_stopped(String.join("; ", causes));
            }
        }
        return Messages.ReleaseGateExecution_stopped(describe(cause));
    }
}
