package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.console.HyperlinkNote;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.action.GateSessionHolder;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.definition.ProfileMerger;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.integration.People;
import io.jenkins.plugins.releasegate.integration.SecurityRealmIdentityMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs a release gate in a build and waits for its approval without blocking the build's thread.
 *
 * <p>{@link #start()} returns at once; the definition is read and the gate's {@link GateSession} runs the
 * checks on a background thread of the controller. The session holds every rule of the gate's life; this
 * execution gives it a {@link PipelineGateHost}, keeps it in the Pipeline's saved state so that a waiting
 * gate survives a restart, and passes decisions from the gate page and the REST API to it.</p>
 */
public final class ReleaseGateExecution extends StepExecution implements GateSessionHolder {
    private static final long serialVersionUID = 2L;
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
    private volatile String definitionText;

    @CheckForNull
    private volatile String definitionSource;

    @CheckForNull
    private transient volatile GateProfileProvider.Profile profile;

    /** The gate's life; kept in the saved state by {@link #writeObject}. */
    @CheckForNull
    private transient volatile GateSession session;

    @CheckForNull
    private transient volatile PipelineGateHost host;

    @CheckForNull
    private transient volatile Future<?> running;

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
            profile = found;
        }
        running = Computer.threadPoolForRemoting.submit(this::prepareAndRunChecks);
        return false;
    }

    private void writeObject(final ObjectOutputStream output) throws IOException {
        output.defaultWriteObject();
        GateProfileProvider.Profile ops = profile;
        output.writeObject(CoreState.write(
                session,
                ops == null ? null : ops.name(),
                ops == null ? null : ops.definition(),
                ops == null ? null : ops.source()));
    }

    private void readObject(final ObjectInputStream input) throws IOException, ClassNotFoundException {
        input.defaultReadObject();
        Object[] state = CoreState.read((byte[]) input.readObject());
        if (state.length == 4) {
            session = (GateSession) state[0];
            if (state[1] != null) {
                profile = new GateProfileProvider.Profile((String) state[1], (String) state[2], (String) state[3]);
            }
        }
    }

    @Override
    @CheckForNull
    public String getGateId() {
        return gateId;
    }

    // ------------------------------------------------------------------ starting the gate

    private void prepareAndRunChecks() {
        GateSession started;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Run<?, ?> run = getContext().get(Run.class);
            GateDefinition gate = readDefinition();
            ReleaseGateAction action = claimId(run, gate);
            String id = action.getGateId();
            PipelineGateHost gateHost = new PipelineGateHost(getContext(), id, release);
            started = new GateSession(
                    id,
                    gate,
                    approvalRequested,
                    release,
                    new SecurityRealmIdentityMatcher(),
                    People.initiators(run),
                    People.changeAuthors(run),
                    gateHost);
            host = gateHost;
            session = started;
            gateHost.log(Messages.ReleaseGateExecution_starting(
                    gate.getName(),
                    gate.getChecks().size(),
                    gate.getSource(),
                    HyperlinkNote.encodeTo("/" + action.getRelativeUrl(), action.getDisplayName())));
            gate.getNotes().forEach(note -> gateHost.log(Messages.ReleaseGateExecution_note(note)));
        } catch (AbortException exception) {
            getContext().onFailure(exception);
            return;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException exception) {
            LOGGER.log(Level.WARNING, "Release gate failed in " + getContext(), exception);
            getContext().onFailure(new AbortException(Messages.ReleaseGateExecution_unexpected(describe(exception))));
            return;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            started.runChecks();
        }
    }

    private GateDefinition readDefinition() throws IOException, InterruptedException {
        String path = configPath;
        if (path != null && definitionText == null) {
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException(Messages.ReleaseGateExecution_noWorkspaceForConfig(path));
            }
            String unified = path.replace('\\', '/');
            if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
                throw new AbortException(Messages.ReleaseGateExecution_configOutsideWorkspace(path));
            }
            FilePath file = workspace.child(path);
            if (!file.exists() || file.isDirectory()) {
                throw new AbortException(Messages.ReleaseGateExecution_configMissing(path, workspace.getRemote()));
            }
            if (!workspace.isDescendant(path)) {
                throw new AbortException(Messages.ReleaseGateExecution_configOutsideWorkspace(path));
            }
            try (InputStream input = file.read()) {
                byte[] bytes = input.readNBytes(GateDefinitionLoader.MAX_LENGTH * 4 + 1);
                definitionSource = path;
                definitionText = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return definition();
    }

    /**
     * Loads the gate's definition: the repository's merged onto the ops profile's.
     *
     * @return the definition
     * @throws AbortException if it is invalid
     */
    private GateDefinition definition() throws AbortException {
        GateDefinitionLoader loader =
                new GateDefinitionLoader(CheckTypes.discover(Jenkins.get().getPluginManager().uberClassLoader));
        String text = definitionText;
        String source = definitionSource;
        GateProfileProvider.Profile ops = profile;
        try {
            GateDefinition repository = text == null || source == null ? null : loader.load(text, source);
            GateDefinition base = ops == null ? null : loader.load(ops.definition(), ops.source());
            if (base != null && repository != null) {
                return new ProfileMerger().merge(base, repository);
            }
            if (base != null) {
                return base;
            }
            if (repository != null) {
                return repository;
            }
            throw new AbortException(Messages.ReleaseGateExecution_nothingToRun());
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

    @Override
    @CheckForNull
    public GateSession getSession() {
        return session;
    }

    // ------------------------------------------------------------------ stop and restart

    @Override
    public void stop(final Throwable cause) throws Exception {
        Future<?> preparing = running;
        if (preparing != null) {
            preparing.cancel(true);
        }
        GateSession open = session;
        PipelineGateHost gateHost = host;
        if (open == null || gateHost == null) {
            getContext().onFailure(cause);
            return;
        }
        gateHost.stoppedBy(cause);
        // may run on the CPS VM thread: recording the cancellation waits for nothing of it
        Timer.get().submit(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                if (!open.cancel(describeStop(cause))) {
                    getContext().onFailure(cause); // ended already; completing twice is ignored
                }
            }
        });
    }

    @Override
    public void onResume() {
        GateSession restored = session;
        String id = gateId;
        if (restored == null || id == null) {
            getContext().onFailure(new AbortException(Messages.ReleaseGateExecution_restartedWhilePreparing()));
            return;
        }
        Timer.get().submit(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                PipelineGateHost gateHost = new PipelineGateHost(getContext(), id, release);
                host = gateHost;
                action(getContext().get(Run.class), id).attach(this);
                GatePhase phase = restored.getPhase();
                gateHost.resumedIn(phase);
                if (phase == GatePhase.WAITING || phase == GatePhase.CONFIRMING) {
                    gateHost.log(Messages.ReleaseGateExecution_resumed());
                }
                restored.resume(gateHost, definition());
            } catch (IOException | RuntimeException exception) {
                LOGGER.log(Level.WARNING, "Cannot resume release gate " + id, exception);
                restored.fail(Messages.ReleaseGateExecution_unexpected(describe(exception)));
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String getStatus() {
        GateSession open = session;
        if (open == null) {
            return "reading the definition of a release gate";
        }
        return "release gate " + open.getId() + ": " + open.getPhase()
                + open.getLedger()
                        .map(ledger -> ", " + ledger.getRemainingApprovals() + " approval(s) remaining")
                        .orElse("");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Finds the record of a gate in its build.
     *
     * @param run the build
     * @param id the gate's id
     * @return the record
     * @throws AbortException if the build has no gate of that id
     */
    static ReleaseGateAction action(final Run<?, ?> run, final String id) throws AbortException {
        for (ReleaseGateAction action : ReleaseGateAction.of(run)) {
            if (action.getGateId().equals(id)) {
                return action;
            }
        }
        throw new AbortException("The record of release gate " + id + " is missing from " + run);
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
