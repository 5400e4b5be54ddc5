package io.jenkins.plugins.releasegate.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one check may use while it runs: the gate's environment plus its own id, timeout and thresholds.
 * Credentials resolved through the context are remembered, so that the runner can scrub their secrets
 * from anything the check reports: the secret, and for user name and password credentials also
 * {@code user:password}, in every form {@link Redaction} looks for.
 */
public final class CheckContext {
    private final GateEnvironment environment;
    private final String checkId;
    private final Duration timeout;
    private final Thresholds thresholds;
    private final Set<String> secretsSeen = Collections.synchronizedSet(new LinkedHashSet<>());

    /**
     * Creates the context of one check run.
     *
     * @param environment the gate's environment
     * @param checkId the check's id
     * @param timeout the check's timeout
     * @param thresholds the check's thresholds
     */
    public CheckContext(
            final GateEnvironment environment,
            final String checkId,
            final Duration timeout,
            final Thresholds thresholds) {
        this.environment = environment;
        this.checkId = checkId;
        this.timeout = timeout;
        this.thresholds = thresholds;
    }

    public Clock clock() {
        return environment.getClock();
    }

    public String checkId() {
        return checkId;
    }

    /**
     * Returns the confirmations of checklist items given so far.
     *
     * @return the confirmations, oldest first; empty before anyone approved
     */
    public List<Confirmation> confirmations() {
        return environment.getConfirmations();
    }

    /**
     * Returns the time this check may take; network timeouts should fit inside it.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * Returns the release being deployed, if the host knows it.
     *
     * @return the release, such as {@code 2.8.0}
     */
    public Optional<String> release() {
        return environment.getRelease();
    }

    /**
     * Returns what says which hosts this check may connect to. Ask it before every connection, and again
     * before following a redirect: {@link HostGuard#checkHost(String, int)}.
     *
     * @return the guard
     */
    public HostGuard hostGuard() {
        return environment.getHostGuard();
    }

    /**
     * Returns the build histories of the Jenkins jobs this gate's checks read, as the host read them before
     * the checks ran (see {@link Check#jobHistories()}).
     *
     * @return the histories, empty if the host reads no Jenkins jobs, such as the CLI
     */
    public Optional<JobHistories> jobHistories() {
        return environment.getJobHistories();
    }

    /**
     * Resolves credentials by id.
     *
     * @param id the credentials id from the gate definition
     * @return the credentials
     * @throws CheckException if there are none with this id
     */
    public Credentials credentials(final String id) throws CheckException {
        Credentials credentials = environment.getCredentials().resolve(id);
        if (!credentials.getSecret().isEmpty()) {
            String secret = credentials.getSecret().reveal();
            secretsSeen.add(secret);
            // as "user:password", its Base64 form is what basic authentication sends
            credentials.getUsername().ifPresent(username -> secretsSeen.add(username + ":" + secret));
        }
        return credentials;
    }

    /**
     * Returns the workspace files, if the gate runs with a workspace.
     *
     * @return the workspace
     */
    public Optional<WorkspaceFiles> workspace() {
        return environment.getWorkspace();
    }

    /**
     * Returns the workspace files, or fails with a message that says how to provide them.
     *
     * @return the workspace
     * @throws CheckException if there is no workspace
     */
    public WorkspaceFiles requireWorkspace() throws CheckException {
        return workspace()
                .orElseThrow(
                        () -> new CheckException(
                                "Check '" + checkId
                                        + "' reads files from the workspace, but there is none: run the gate where the repository is checked out: inside a 'node' block of a pipeline, or from the repository directory with the CLI"));
    }

    /**
     * Writes a progress line to the gate's log, prefixed with the check id, with secrets masked and control
     * and format characters replaced (see {@link PrintableText}).
     *
     * @param line the line, without secrets
     */
    public void log(final String line) {
        environment.getLog().info(PrintableText.of("[" + checkId + "] " + Redaction.redact(line, secrets())));
    }

    /**
     * Returns the secrets resolved so far by this check, to scrub from its results.
     *
     * @return the secret values
     */
    public List<String> secrets() {
        synchronized (secretsSeen) {
            return List.copyOf(secretsSeen);
        }
    }
}
