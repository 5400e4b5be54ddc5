package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Confirmation;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.GateLog;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run of some checks of a gate in a form that can be carried to another machine, such as the build agent
 * where a pipeline runs, and run there: the texts the gate's definition was loaded from, the ids of the
 * checks to run, the credentials they name (already resolved where the gate is hosted, so that the other
 * machine gets those values and no others), the checklist confirmations, the Jenkins job histories read for
 * the run, and the release.
 *
 * <p>The run is written with {@link #toBytes()} and read with {@link #fromBytes(byte[])}, and its result the
 * same way ({@link #resultToBytes(GateResult)}, {@link #resultFromBytes(byte[])}), through {@link SavedState}:
 * standard Java serialization that reads back only Release Gate and JDK classes. The bytes hold secrets: never
 * log or store them.</p>
 *
 * <p>On the other machine, the definition is loaded again with the check types found there and the checks
 * run with {@link GateRunner}, with every host allowed: that machine is where the network access belongs.</p>
 */
public final class PortableCheckRun implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final DefinitionText profile;

    @CheckForNull
    private final DefinitionText repository;

    private final ArrayList<String> checkIds;
    private final LinkedHashMap<String, ResolvedCredentials> credentials;
    private final LinkedHashMap<String, String> unresolved;

    @CheckForNull
    private final String release;

    private final ArrayList<Confirmation> confirmations;

    @CheckForNull
    private final JobHistories jobHistories;

    private PortableCheckRun(
            @CheckForNull final DefinitionText profile,
            @CheckForNull final DefinitionText repository,
            final List<String> checkIds,
            final Map<String, ResolvedCredentials> credentials,
            final Map<String, String> unresolved,
            @CheckForNull final String release,
            final List<Confirmation> confirmations,
            @CheckForNull final JobHistories jobHistories) {
        this.profile = profile;
        this.repository = repository;
        this.checkIds = new ArrayList<>(checkIds);
        this.credentials = new LinkedHashMap<>(credentials);
        this.unresolved = new LinkedHashMap<>(unresolved);
        this.release = release;
        this.confirmations = new ArrayList<>(confirmations);
        this.jobHistories = jobHistories;
    }

    /**
     * Prepares a run of checks: resolves the credentials the checks name with the environment's resolver,
     * here, and keeps the values; an id that does not resolve keeps its sentence, which the check gets when
     * it asks for it.
     *
     * @param profile the ops profile the definition was loaded from, {@code null} if none
     * @param repository the repository's definition, {@code null} if none
     * @param checks the checks to run, of the definition loaded from these texts
     * @param environment the environment they would run in here: its credentials, release and confirmations
     *     and the Jenkins job histories read for this run are carried; its clock, workspace, log and host guard
     *     are not
     * @return the run
     */
    public static PortableCheckRun of(
            @CheckForNull final DefinitionText profile,
            @CheckForNull final DefinitionText repository,
            final List<CheckDefinition> checks,
            final GateEnvironment environment) {
        Map<String, ResolvedCredentials> resolved = new LinkedHashMap<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        for (CheckDefinition check : checks) {
            for (String id : check.getCredentialIds()) {
                if (resolved.containsKey(id) || unresolved.containsKey(id)) {
                    continue;
                }
                try {
                    resolved.put(
                            id,
                            ResolvedCredentials.of(environment.getCredentials().resolve(id)));
                } catch (CheckException exception) {
                    unresolved.put(id, Objects.toString(exception.getMessage(), "No credentials with id '" + id + "'"));
                }
            }
        }
        return new PortableCheckRun(
                profile,
                repository,
                checks.stream().map(CheckDefinition::getId).toList(),
                resolved,
                unresolved,
                environment.getRelease().orElse(null),
                environment.getConfirmations(),
                environment.getJobHistories().orElse(null));
    }

    /**
     * Returns the ids of the checks to run.
     *
     * @return the ids, in the gate's order
     */
    public List<String> getCheckIds() {
        return List.copyOf(checkIds);
    }

    /**
     * Returns the ids of the credentials carried with the run, resolved or not.
     *
     * @return the ids
     */
    public List<String> getCredentialIds() {
        List<String> ids = new ArrayList<>(credentials.keySet());
        ids.addAll(unresolved.keySet());
        return ids;
    }

    /**
     * Writes the run.
     *
     * @return the bytes; they hold the resolved secrets
     * @throws IOException if it cannot be written
     */
    public byte[] toBytes() throws IOException {
        return SavedState.write(this);
    }

    /**
     * Reads a run written by {@link #toBytes()}.
     *
     * @param bytes the bytes
     * @return the run
     * @throws IOException if they do not hold a run
     */
    public static PortableCheckRun fromBytes(final byte[] bytes) throws IOException {
        Object[] values = SavedState.read(bytes);
        if (values.length != 1 || !(values[0] instanceof PortableCheckRun run)) {
            throw new IOException("The bytes do not hold a run of release gate checks");
        }
        return run;
    }

    /**
     * Writes the result of a run, to carry back.
     *
     * @param result the result
     * @return the bytes
     * @throws IOException if it cannot be written
     */
    public static byte[] resultToBytes(final GateResult result) throws IOException {
        return SavedState.write(result);
    }

    /**
     * Reads a result written by {@link #resultToBytes(GateResult)}.
     *
     * @param bytes the bytes
     * @return the result
     * @throws IOException if they do not hold a result
     */
    public static GateResult resultFromBytes(final byte[] bytes) throws IOException {
        Object[] values = SavedState.read(bytes);
        if (values.length != 1 || !(values[0] instanceof GateResult result)) {
            throw new IOException("The bytes do not hold the result of release gate checks");
        }
        return result;
    }

    /**
     * Runs the checks here: loads the definition again with the check types the class loader finds, and
     * runs the checks with {@link GateRunner}, every host allowed; a line for each finished check goes to
     * the log, as a host's progress does.
     *
     * @param checkTypes the class loader that finds the check types, as {@link CheckTypes#discover(ClassLoader)}
     * @param workspace the workspace here, {@code null} for a run without one
     * @param log the gate's log, for the checks' lines and the progress
     * @return the result
     * @throws InterruptedException if the calling thread is interrupted; running checks are interrupted too
     * @throws IllegalStateException if the definition does not load here or lacks a check, with a sentence
     *     that says so
     */
    public GateResult run(final ClassLoader checkTypes, @CheckForNull final WorkspaceFiles workspace, final GateLog log)
            throws InterruptedException {
        GateDefinition gate = load(checkTypes);
        Map<String, CheckDefinition> byId = new LinkedHashMap<>();
        gate.getChecks().forEach(check -> byId.put(check.getId(), check));
        List<CheckDefinition> checks = new ArrayList<>();
        for (String id : checkIds) {
            CheckDefinition check = byId.get(id);
            if (check == null) {
                throw new IllegalStateException("The gate's definition, loaded again here, has no check '" + id
                        + "': install the same check types here as where the gate is hosted");
            }
            checks.add(check);
        }
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(this::resolve)
                .workspace(workspace)
                .log(log)
                .release(release)
                .confirmations(confirmations)
                .jobHistories(jobHistories)
                .hostGuard(HostGuard.unrestricted())
                .build();
        return new GateRunner().run(gate, checks, environment, new GateListener() {
            @Override
            public void finished(final CheckOutcome outcome) {
                log.info(GateSession.text(
                        "checkFinished",
                        outcome.id(),
                        outcome.status().name(),
                        outcome.result().getSummary()));
            }
        });
    }

    private GateDefinition load(final ClassLoader checkTypes) {
        try {
            Optional<GateDefinition> loaded =
                    new GateDefinitionLoader(CheckTypes.discover(checkTypes)).loadMerged(profile, repository);
            return loaded.orElseThrow(() -> new IllegalStateException("The run carries no gate definition"));
        } catch (InvalidDefinitionException exception) {
            throw new IllegalStateException(
                    "The gate's definition does not load here, where its checks were to run: "
                            + exception.getMessage()
                            + "; install the same check types here as where the gate is hosted",
                    exception);
        }
    }

    private Credentials resolve(final String id) throws CheckException {
        ResolvedCredentials found = credentials.get(id);
        if (found != null) {
            return found.toCredentials();
        }
        String sentence = unresolved.get(id);
        throw new CheckException(
                sentence != null
                        ? sentence
                        : "No credentials with id '" + id + "' were resolved for this run: name credentials under a"
                                + " key 'credentials' in the check's settings");
    }

    @Override
    public String toString() {
        return "PortableCheckRun" + checkIds;
    }

    /** Credentials as resolved where the gate is hosted: the values the check needs and nothing else. */
    private static final class ResolvedCredentials implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String id;

        @CheckForNull
        private final String username;

        private final String secret;

        private ResolvedCredentials(final String id, @CheckForNull final String username, final String secret) {
            this.id = id;
            this.username = username;
            this.secret = secret;
        }

        static ResolvedCredentials of(final Credentials credentials) {
            return new ResolvedCredentials(
                    credentials.getId(),
                    credentials.getUsername().orElse(null),
                    credentials.getSecret().reveal());
        }

        Credentials toCredentials() {
            return username == null
                    ? Credentials.secretText(id, Secret.of(secret))
                    : Credentials.usernamePassword(id, username, Secret.of(secret));
        }

        @Override
        public String toString() {
            return "ResolvedCredentials[" + id + "]";
        }
    }
}
