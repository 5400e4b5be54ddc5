package io.jenkins.plugins.releasegate.checks.db;

import static io.jenkins.plugins.releasegate.checks.db.MySqlEvaluationTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL evaluation fed with result rows, for conditions that are slow or impossible to create on
 * a test server: lag of minutes, statistics resets, wraparound, failover.
 */
class PostgresEvaluationTest {
    private static final Thresholds DEFAULTS = Thresholds.defaults(Metrics.SPECS);
    private static final double MEBIBYTE = 1024 * 1024;

    @Test
    void shouldJudgeReplicationLagOnBytesAndTimeTogether() throws Exception {
        // Given one standby 2 MiB behind but only 30s old, another 2 MiB and 3 minutes behind
        List<Row> fresh = List.of(standby("a", 2 * MEBIBYTE, 30.0));
        List<Row> late = List.of(standby("a", 2 * MEBIBYTE, 30.0), standby("b", 2 * MEBIBYTE, 180.0));

        // When
        Evaluation passed = PostgresEvaluation.evaluate(
                snapshot(activity(false), fresh), DEFAULTS, settings(Optional.empty(), Optional.empty()));
        Evaluation warned = PostgresEvaluation.evaluate(
                snapshot(activity(false), late), DEFAULTS, settings(Optional.empty(), Optional.empty()));

        // Then
        assertThat(passed.measurement(Metrics.REPLICATION_LAG_BYTES)
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.PASS);
        assertThat(passed.measurement(Metrics.REPLICATION_LAG_BYTES)
                        .orElseThrow()
                        .value())
                .isEqualTo(2 * MEBIBYTE);
        assertThat(warned.measurement(Metrics.REPLICATION_LAG_TIME)
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(warned.measurement(Metrics.REPLICATION_LAG_TIME)
                        .orElseThrow()
                        .value())
                .isEqualTo(180);
        assertThat(warned.notes()).contains("standby b at 10.0.0.9: streaming, replay lag 2.0 MiB / 3m");
    }

    @Test
    void shouldFailWhenFewerStandbysStreamThanDeclared() throws Exception {
        // Given one streaming standby and one catching up, two expected
        List<Row> standbys =
                List.of(standby("a", 0.0, null), row("application_name", "b", "state", "catchup", "lag_bytes", 0L));

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                snapshot(activity(false), standbys), DEFAULTS, settings(Optional.empty(), Optional.of(2)));

        // Then
        assertThat(evaluation.status()).isEqualTo(Status.FAIL);
        assertThat(evaluation
                        .measurement(Metrics.STANDBYS_STREAMING)
                        .orElseThrow()
                        .value())
                .isEqualTo(1);
        assertThat(evaluation
                        .measurement(Metrics.STANDBYS_STREAMING)
                        .orElseThrow()
                        .formattedThresholds())
                .isEqualTo("warn never, fail < 2");
    }

    @Test
    void shouldFailWhenTheDeclaredPrimaryIsAStandby() throws Exception {
        // Given a standby replaying, declared primary (expectStandbys implies primary)
        PostgresSnapshot snapshot = snapshot(activity(true), List.of());

        // When
        Evaluation declaredPrimary =
                PostgresEvaluation.evaluate(snapshot, DEFAULTS, settings(Optional.of(Role.PRIMARY), Optional.empty()));
        Evaluation impliedPrimary =
                PostgresEvaluation.evaluate(snapshot, DEFAULTS, settings(Optional.empty(), Optional.of(1)));
        Evaluation declaredStandby =
                PostgresEvaluation.evaluate(snapshot, DEFAULTS, settings(Optional.of(Role.STANDBY), Optional.empty()));

        // Then
        assertThat(declaredPrimary.status()).isEqualTo(Status.FAIL);
        assertThat(declaredPrimary.findings().get(0).message())
                .isEqualTo("declared primary but the server is a standby (in recovery): a failover may have happened");
        assertThat(impliedPrimary.status()).isEqualTo(Status.FAIL);
        assertThat(declaredStandby.status()).isEqualTo(Status.PASS);
        assertThat(declaredStandby.server()).isEqualTo("PostgreSQL 15.4 standby");
        assertThat(declaredStandby
                        .measurement(Metrics.REPLICATION_LAG_TIME)
                        .orElseThrow()
                        .value())
                .isEqualTo(3);
    }

    @Test
    void shouldWarnWhenAStandbyIsNotStreaming() throws Exception {
        // Given a standby without WAL receiver
        Row activity = row(
                "can_read_all_stats",
                true,
                "server_version",
                "15.4",
                "max_connections",
                100,
                "standby",
                true,
                "replay_backlog_bytes",
                0,
                "freeze_max_age",
                200_000_000L);

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                snapshot(activity, List.of()), DEFAULTS, settings(Optional.empty(), Optional.empty()));

        // Then
        assertThat(evaluation.status()).isEqualTo(Status.WARN);
        assertThat(evaluation.findings().get(0).message()).contains("no WAL receiver running");
    }

    @Test
    void shouldSkipRatesWhenTheStatisticsWereResetBetweenTheSamples() throws Exception {
        // Given two samples with a reset between them
        Row first = statistics(5000, 100, 1000);
        Row second = row(
                "commits",
                10,
                "rollbacks",
                0,
                "deadlocks",
                0,
                "temp_bytes",
                0,
                "blocks_hit",
                5,
                "blocks_read",
                1,
                "last_reset",
                1_700_000_004.0,
                "sampled_at",
                1_700_000_005.0);

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                PostgresSnapshot.parse(activity(false), List.of(), List.of(), List.of(), first, second),
                DEFAULTS,
                settings(Optional.empty(), Optional.empty()).withSampleInterval(Duration.ofSeconds(5)));

        // Then
        assertThat(evaluation.measurement(Metrics.TRANSACTIONS_PER_SECOND)).isEmpty();
        assertThat(evaluation.measurement(Metrics.CACHE_HIT_RATIO)).isEmpty();
        assertThat(evaluation.notes()).contains("the statistics were reset between the two samples: rates skipped");
        assertThat(evaluation.status()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldMeasureRatesAndWarnOnALowCacheHitRatio() throws Exception {
        // Given two samples 5s apart: 500 transactions, 800 hits and 200 reads
        Row first = statistics(1000, 1000, 500);
        Row second = row(
                "commits",
                1490,
                "rollbacks",
                10,
                "deadlocks",
                1,
                "temp_bytes",
                5 * MEBIBYTE,
                "blocks_hit",
                1800,
                "blocks_read",
                700,
                "last_reset",
                0,
                "sampled_at",
                1_700_000_005.0);

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                PostgresSnapshot.parse(activity(false), List.of(), List.of(), List.of(), first, second),
                DEFAULTS,
                settings(Optional.empty(), Optional.empty()).withSampleInterval(Duration.ofSeconds(5)));

        // Then
        assertThat(evaluation
                        .measurement(Metrics.TRANSACTIONS_PER_SECOND)
                        .orElseThrow()
                        .value())
                .isEqualTo(100);
        assertThat(evaluation.measurement(Metrics.DEADLOCKS).orElseThrow().value())
                .isEqualTo(1);
        assertThat(evaluation
                        .measurement(Metrics.TEMP_BYTES_PER_SECOND)
                        .orElseThrow()
                        .value())
                .isEqualTo(MEBIBYTE);
        assertThat(evaluation.measurement(Metrics.CACHE_HIT_RATIO).orElseThrow().value())
                .isEqualTo(80);
        assertThat(evaluation.measurement(Metrics.CACHE_HIT_RATIO).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation.status()).isEqualTo(Status.WARN);
    }

    @Test
    void shouldJudgeWraparoundAndInactiveSlots() throws Exception {
        // Given the oldest unfrozen xid at 96% of autovacuum_freeze_max_age and an inactive slot keeping 2 GiB
        Row activity = row(
                "can_read_all_stats",
                true,
                "server_version",
                "15.4",
                "max_connections",
                100,
                "superuser_reserved",
                3,
                "max_xid_age",
                192_000_000L,
                "freeze_max_age",
                200_000_000L);
        List<Row> slots = List.of(row(
                "slot_name",
                "old_consumer",
                "slot_type",
                "logical",
                "active",
                false,
                "retained_bytes",
                2048 * MEBIBYTE));

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                PostgresSnapshot.parse(activity, List.of(), List.of(), slots, null, null),
                DEFAULTS,
                settings(Optional.empty(), Optional.empty()));

        // Then
        assertThat(evaluation.measurement(Metrics.WRAPAROUND).orElseThrow().status())
                .isEqualTo(Status.FAIL);
        assertThat(evaluation
                        .measurement(Metrics.INACTIVE_SLOT_RETAINED)
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation.notes())
                .contains("inactive replication slot 'old_consumer' (logical) keeps 2.0 GiB of WAL");
    }

    @Test
    void shouldRefuseToJudgeWithoutPgReadAllStats() {
        // Given an account whose view of other sessions is empty
        Row activity = row("can_read_all_stats", false, "server_version", "15.4", "max_connections", 100);

        // When / Then
        assertThatThrownBy(() -> PostgresEvaluation.evaluate(
                        snapshot(activity, List.of()), DEFAULTS, settings(Optional.empty(), Optional.empty())))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("pg_read_all_stats");
    }

    @Test
    void shouldUseQueryStartAsLockWaitBeforePostgreSql14() throws Exception {
        // Given a lock waiter without pg_locks.waitstart
        List<Row> sessions = List.of(row(
                "pid",
                42,
                "usename",
                "app",
                "state",
                "active",
                "backend_type",
                "client backend",
                "wait_event_type",
                "Lock",
                "query_seconds",
                75.0,
                "transaction_seconds",
                80.0,
                "blocked_by",
                List.of(41),
                "query",
                "UPDATE t SET x = 1 WHERE password = 'x' OR   id = 1"));

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                PostgresSnapshot.parse(activity(false), sessions, List.of(), List.of(), null, null),
                DEFAULTS,
                settings(Optional.empty(), Optional.empty()));

        // Then
        assertThat(evaluation.measurement(Metrics.LOCK_WAIT_TIME).orElseThrow().value())
                .isEqualTo(75);
        assertThat(evaluation.measurement(Metrics.LOCK_WAIT_TIME).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation.offenders())
                .containsExactly(
                        "pid 42, user app, running for 1m 15s, transaction open 1m 20s, "
                                + "waiting for a lock for 1m 15s, blocked by pid 41: UPDATE t SET x = 1 WHERE password = ? OR id = 1");
    }

    @Test
    void shouldNotCountMomentaryLockWaitsAndIdleTransactionsOfABusyServer() throws Exception {
        // Given seven sessions idle in transaction between statements, none for a second, and a lock wait of 40ms
        Row activity = row(
                "can_read_all_stats",
                true,
                "server_version",
                "15.4",
                "clients",
                8,
                "max_connections",
                100,
                "idle_in_transaction_now",
                7,
                "idle_in_transaction",
                0,
                "lock_waiters_now",
                1,
                "freeze_max_age",
                200_000_000L);
        List<Row> sessions = List.of(row(
                "pid",
                42,
                "usename",
                "app",
                "state",
                "active",
                "backend_type",
                "client backend",
                "wait_event_type",
                "Lock",
                "query_seconds",
                0.05,
                "lock_wait_seconds",
                0.04,
                "blocked_by",
                List.of(41),
                "query",
                "UPDATE t"));

        // When
        Evaluation evaluation = PostgresEvaluation.evaluate(
                PostgresSnapshot.parse(activity, sessions, List.of(), List.of(), null, null),
                DEFAULTS,
                settings(Optional.empty(), Optional.empty()));

        // Then
        assertThat(evaluation.status()).isEqualTo(Status.PASS);
        assertThat(evaluation.measurement(Metrics.LOCK_WAITERS).orElseThrow().value())
                .isZero();
        assertThat(evaluation
                        .measurement(Metrics.IDLE_IN_TRANSACTION_SESSIONS)
                        .orElseThrow()
                        .value())
                .isZero();
        assertThat(evaluation.notes())
                .contains("7 sessions idle in transaction and 1 waiting for a lock at the moment of the snapshot; "
                        + "counted from 1s on: 0 and 0");
        assertThat(evaluation.offenders()).hasSize(1);
    }

    private static PostgresSnapshot snapshot(final Row activity, final List<Row> standbys) {
        return PostgresSnapshot.parse(activity, List.of(), standbys, List.of(), null, null);
    }

    private static Row activity(final boolean standby) {
        return row(
                "can_read_all_stats",
                true,
                "server_version",
                "15.4",
                "clients",
                3,
                "max_connections",
                100,
                "superuser_reserved",
                3,
                "standby",
                standby,
                "max_xid_age",
                1000L,
                "freeze_max_age",
                200_000_000L,
                "replay_backlog_bytes",
                standby ? 0 : null,
                "replay_delay_seconds",
                standby ? 3.0 : null,
                "wal_receiver_status",
                standby ? "streaming" : null);
    }

    private static Row standby(final String name, final Double bytes, final Double seconds) {
        return row(
                "application_name",
                name,
                "client_address",
                "10.0.0.9",
                "state",
                "streaming",
                "lag_bytes",
                bytes,
                "lag_seconds",
                seconds);
    }

    private static Row statistics(final double commits, final double hits, final double reads) {
        return row(
                "commits",
                commits,
                "rollbacks",
                0,
                "deadlocks",
                0,
                "temp_bytes",
                0,
                "blocks_hit",
                hits,
                "blocks_read",
                reads,
                "last_reset",
                0,
                "sampled_at",
                1_700_000_000.0);
    }

    private static DbLoadSettings settings(final Optional<Role> role, final Optional<Integer> standbys) {
        return new DbLoadSettings(
                JdbcUrl.parse("jdbc:postgresql://db:5432/orders", DbLoadCheckType.SCHEMES)
                        .url()
                        .orElseThrow(),
                "monitor",
                role,
                standbys,
                Duration.ZERO);
    }
}
