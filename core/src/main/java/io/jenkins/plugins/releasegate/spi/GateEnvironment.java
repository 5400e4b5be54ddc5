package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host (CLI or Jenkins) gives every check of a gate: clock, credentials, workspace files, log,
 * the release being deployed, and the hosts checks may connect to.
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

    private GateEnvironment(final Builder builder) {
        this.clock = builder.clock;
        this.credentials = builder.credentials;
        this.workspace = builder.workspace;
        this.log = builder.log;
        this.release = builder.release;
        this.confirmations = List.copyOf(builder.confirmations);
        this.hostGuard = builder.hostGuard;
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
        Builder builder = builder()
                .clock(clock)
                .credentials(credentials)
                .workspace(workspace)
                .log(log)
                .release(release)
                .hostGuard(value);
        builder.confirmations = confirmations;
        return builder.build();
    }

    /**
     * Returns this environment with other confirmations of checklist items.
     *
     * @param values the confirmations
     * @return the environment
     */
    public GateEnvironment withConfirmations(final List<Confirmation> values) {
        Builder builder = builder()
                .clock(clock)
                .credentials(credentials)
                .workspace(workspace)
                .log(log)
                .release(release)
                .hostGuard(hostGuard);
        builder.confirmations = List.copyOf(values);
        return builder.build();
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
         * Builds the environment.
         *
         * @return the environment
         */
        public GateEnvironment build() {
            return new GateEnvironment(this);
        }
    }
}
