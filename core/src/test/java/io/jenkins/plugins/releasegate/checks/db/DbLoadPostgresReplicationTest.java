package io.jenkins.plugins.releasegate.checks.db;

import static io.jenkins.plugins.releasegate.checks.db.GateHarness.measurement;
import static io.jenkins.plugins.releasegate.checks.db.GateHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.PostgresStreamingPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dbLoad against a real PostgreSQL primary with a streaming standby (Debian's PostgreSQL binaries): role
 * detection, declared standbys and replication lag created by pausing replay.
 */
class DbLoadPostgresReplicationTest {
    private static PostgresStreamingPair pair;

    @BeforeAll
    static void startServers() throws Exception {
        pair = PostgresStreamingPair.start();
        pair.onPrimary(
                "CREATE ROLE monitor LOGIN PASSWORD 'unused-with-trust'",
                "GRANT pg_monitor TO monitor",
                "CREATE TABLE filler (id int, payload text)",
                "INSERT INTO filler VALUES (1, 'replayed')");
        Await.until(
                "the standby replayed the first transaction",
                () -> pair.number(true, "SELECT count(*) FROM pg_class WHERE relname = 'filler'") == 1);
    }

    @AfterAll
    static void stopServers() {
        pair.close();
    }

    @Test
    void shouldPassOnAPrimaryWithItsDeclaredStandbyStreaming() throws Exception {
        // Given / When
        CheckResult result = run(pair.primaryUrl(), "role: primary", "expectStandbys: 1");

        // Then
        assertThat(result.getStatus())
                .as(result.getSummary() + result.getDetails())
                .isEqualTo(Status.PASS);
        assertThat(result.getSummary()).contains("primary");
        assertThat(value(result, Metrics.STANDBYS_STREAMING)).isEqualTo(1);
        assertThat(measurement(result, Metrics.REPLICATION_LAG_BYTES)).isPresent();
        assertThat(result.getDetails())
                .anyMatch(line -> line.startsWith(
                        "note: standby " + PostgresStreamingPair.STANDBY_NAME + " at 127.0.0.1: streaming"));
    }

    @Test
    void shouldFailWhenFewerStandbysStreamThanDeclared() throws Exception {
        // Given / When
        CheckResult result = run(pair.primaryUrl(), "expectStandbys: 2");

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).contains("standbysStreaming 1 (warn never, fail < 2)");
    }

    @Test
    void shouldRecogniseTheStandbyAndFailWhenItWasDeclaredPrimary() throws Exception {
        // Given / When
        CheckResult asStandby = run(pair.standbyUrl(), "role: standby");
        CheckResult asPrimary = run(pair.standbyUrl(), "role: primary");

        // Then
        assertThat(asStandby.getStatus())
                .as(asStandby.getSummary() + asStandby.getDetails())
                .isEqualTo(Status.PASS);
        assertThat(asStandby.getSummary()).contains("standby");
        assertThat(measurement(asStandby, Metrics.REPLICATION_LAG_TIME)).isPresent();
        assertThat(asPrimary.getStatus()).isEqualTo(Status.FAIL);
        assertThat(asPrimary.getSummary())
                .contains("declared primary but the server is a standby (in recovery): a failover may have happened");
    }

    @Test
    void shouldWarnAboutReplicationLagInBytesAndTimeOnTheStandby() throws Exception {
        // Given replay paused on the standby while the primary writes a few MiB
        pair.onStandby("SELECT pg_wal_replay_pause()");
        try {
            pair.onPrimary("INSERT INTO filler SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            Await.until(
                    "the standby received WAL it did not replay and its last replayed commit is over a second old",
                    () -> pair.number(
                                            true,
                                            "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())")
                                    > 256 * 1024
                            && pair.number(true, "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())")
                                    > 1.2);

            // When
            CheckResult standby = run(
                    pair.standbyUrl(),
                    "thresholds: {replicationLagBytes: {warn: 256KiB}, replicationLagTime: {warn: 1s}}");
            CheckResult primary = run(
                    pair.primaryUrl(),
                    "thresholds: {replicationLagBytes: {warn: 256KiB}, replicationLagTime: {warn: 1s}}");

            // Then
            assertThat(standby.getStatus()).as(standby.getSummary()).isEqualTo(Status.WARN);
            assertThat(value(standby, Metrics.REPLICATION_LAG_BYTES)).isGreaterThan(256 * 1024);
            assertThat(value(standby, Metrics.REPLICATION_LAG_TIME)).isGreaterThan(1.2);
            assertThat(value(primary, Metrics.REPLICATION_LAG_BYTES)).isGreaterThan(256 * 1024);
        } finally {
            pair.onStandby("SELECT pg_wal_replay_resume()");
        }
    }

    private static CheckResult run(final String url, final String... lines) throws Exception {
        StringBuilder yaml =
                new StringBuilder("    url: " + url + "\n    credentials: monitor\n    sampleInterval: 0\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return GateHarness.create().run(yaml.toString(), "monitor", "unused-with-trust");
    }
}
