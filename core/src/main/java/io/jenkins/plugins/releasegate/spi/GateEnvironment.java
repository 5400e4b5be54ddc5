package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host (CLI or Jenkins) gives every check of a gate: clock, credentials, workspace files, log,
 * the release being deployed, the hosts checks may connect to, and the build histories of the Jenkins jobs the
 * checks read.
 */
public final class GateEnvironment {
    private final Clock clock;
    private final CredentialsResolver credentials;

    @CheckForNull
    private final WorkspaceFiles workspace;

    private final GateLog log;

    @CheckForNull
    private final String release;

    private final List<Confirmation> confirmations;
    private final HostGuard hostGuard;

    @CheckForNull
    private final JobHistories jobHistories;

    private GateEnvironment(final Builder builder) {
        this.clock = builder.clock;
        this.credentials = builder.credentials;
        this.workspace = builder.workspace;
        this.log = builder.log;
        this.release = builder.release;
        this.confirmations = List.copyOf(builder.confirmations);
        this.hostGuard = builder.hostGuard;
        this.jobHistories = builder.jobHistories;
    }

    /**
     * Starts an environment with the system clock, no credentials, no workspace, a silent log, no release
     * and every host allowed.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    public Clock getClock() {
        return clock;
    }

    public CredentialsResolver getCredentials() {
        return credentials;
    }

    public Optional<WorkspaceFiles> getWorkspace() {
        return Optional.ofNullable(workspace);
    }

    public GateLog getLog() {
        return log;
    }

    public Optional<String> getRelease() {
        return Optional.ofNullable(release);
    }

    /**
     * Returns the confirmations of checklist items given so far, such as by the approvals of a waiting gate
     * or on the command line.
     *
     * @return the confirmations, oldest first
     */
    public List<Confirmation> getConfirmations() {
        return confirmations;
    }

    /**
     * Returns what says which hosts checks may connect to here.
     *
     * @return the guard; {@link HostGuard#unrestricted()} unless the host restricts the network
     */
    public HostGuard getHostGuard() {
        return hostGuard;
    }

    /**
     * Returns this environment with another guard of the hosts checks may connect to.
     *
     * @param value the guard
     * @return the environment
     */
    public GateEnvironment withHostGuard(final HostGuard value) {
        return copy().hostGuard(value).build();
    }

    /**
     * Returns the build histories of the Jenkins jobs the checks read, as the host read them before the checks
     * ran.
     *
     * @return the histories, empty if the host reads no Jenkins jobs (the CLI)
     */
    public Optional<JobHistories> getJobHistories() {
        return Optional.ofNullable(jobHistories);
    }

    /**
     * Returns this environment with other confirmations of checklist items.
     *
     * @param values the confirmations
     * @return the environment
     */
    public GateEnvironment withConfirmations(final List<Confirmation> values) {
        return copy().confirmations(values).build();
    }

    /**
     * Returns this environment with the build histories of Jenkins jobs.
     *
     * @param histories the histories the host read
     * @return the environment
     */
    public GateEnvironment withJobHistories(final JobHistories histories) {
        return copy().jobHistories(histories).build();
    }

    private Builder copy() {
        return builder()
                .clock(clock)
                .credentials(credentials)
                .workspace(workspace)
                .log(log)
                .release(release)
                .confirmations(confirmations)
                .jobHistories(jobHistories)
                .hostGuard(hostGuard);
    }

    /**
     * Builds an environment.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private CredentialsResolver credentials = CredentialsResolver.none();

        @CheckForNull
        private WorkspaceFiles workspace;

        private GateLog log = GateLog.silent();

        @CheckForNull
        private String release;

        private List<Confirmation> confirmations = List.of();

        private HostGuard hostGuard = HostGuard.unrestricted();

        @CheckForNull
        private JobHistories jobHistories;

        private Builder() {}

        /**
         * Sets the clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(final Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the credentials resolver.
         *
         * @param value the resolver
         * @return this builder
         */
        public Builder credentials(final CredentialsResolver value) {
            credentials = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the workspace, {@code null} if there is none.
         *
         * @param value the workspace
         * @return this builder
         */
        public Builder workspace(@CheckForNull final WorkspaceFiles value) {
            workspace = value;
            return this;
        }

        /**
         * Sets the log.
         *
         * @param value the log
         * @return this builder
         */
        public Builder log(final GateLog value) {
            log = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the release being deployed, {@code null} if unknown.
         *
         * @param value the release, such as {@code 2.8.0}
         * @return this builder
         */
        public Builder release(@CheckForNull final String value) {
            release = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /**
         * Sets the confirmations of checklist items given so far.
         *
         * @param values the confirmations
         * @return this builder
         */
        public Builder confirmations(final List<Confirmation> values) {
            confirmations = List.copyOf(values);
            return this;
        }

        /**
         * Sets what says which hosts checks may connect to; every host unless set.
         *
         * @param value the guard
         * @return this builder
         */
        public Builder hostGuard(final HostGuard value) {
            hostGuard = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the build histories of the Jenkins jobs the checks read, {@code null} if the host reads none.
         *
         * @param value the histories
         * @return this builder
         */
        public Builder jobHistories(@CheckForNull final JobHistories value) {
            jobHistories = value;
            return this;
        }

        /**
         * Builds the environment.
         *
         * @return the environment
         */
        public GateEnvironment build() {
            return new GateEnvironment(this);
        }
    }
}
