package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one {@code dbLoad} check, as read from the gate definition.
 *
 * @param url the database URL
 * @param credentialsId the id of the monitoring account's credentials
 * @param role the declared role, empty to accept either (implied {@code primary} by {@code expectStandbys})
 * @param expectStandbys the standbys (replicas) that must be streaming from this primary, empty for no expectation
 * @param sampleInterval the time between the samples of rates, zero for no rates
 */
public record DbLoadSettings(
        JdbcUrl url,
        String credentialsId,
        Optional<Role> role,
        Optional<Integer> expectStandbys,
        Duration sampleInterval) {
    /**
     * How long a session must have been idle in transaction or waiting for a lock to be counted by
     * {@code idleInTransactionSessions} and {@code lockWaiters}: a busy application is idle in transaction
     * between two statements and waits for row locks for milliseconds, which is no risk.
     */
    public static final int MOMENTARY_SECONDS = 1;

    /** The sample interval when none is given. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(5);

    /**
     * Creates settings.
     */
    public DbLoadSettings {
        Objects.requireNonNull(url);
        Objects.requireNonNull(credentialsId);
        Objects.requireNonNull(role);
        Objects.requireNonNull(expectStandbys);
        Objects.requireNonNull(sampleInterval);
    }

    /**
     * Returns the role the server must have: the declared one, or primary when standbys are expected.
     *
     * @return the expected role, empty for either
     */
    public Optional<Role> expectedRole() {
        return role.isPresent() ? role : expectStandbys.map(count -> Role.PRIMARY);
    }

    /**
     * Returns a copy with another sample interval.
     *
     * @param interval the interval
     * @return the settings
     */
    public DbLoadSettings withSampleInterval(final Duration interval) {
        return new DbLoadSettings(url, credentialsId, role, expectStandbys, interval);
    }

    /**
     * Returns whether rates are sampled.
     *
     * @return {@code true} unless the sample interval is zero
     */
    public boolean samplesRates() {
        return !sampleInterval.isZero();
    }
}
