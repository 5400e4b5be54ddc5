package io.jenkins.plugins.releasegate.checks.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The MySQL/MariaDB evaluation fed with result rows as servers return them, including MySQL 8 column names
 * and lock views that cannot be run here.
 */
class MySqlEvaluationTest {
    private static final Thresholds DEFAULTS = Thresholds.defaults(Metrics.SPECS);
    private static final DbLoadSettings ANY_ROLE = settings(Optional.empty(), Optional.empty());

    @Test
    void shouldReadTheReplicaStatusColumnsOfMySql8() throws Exception {
        // Given SHOW REPLICA STATUS of MySQL 8.0.22+
        Row row = row(
                "Replica_IO_Running",
                "Yes",
                "Replica_SQL_Running",
                "Yes",
                "Seconds_Behind_Source",
                "400",
                "Source_Host",
                "db1.example.com",
                "Source_Port",
                "3306",
                "Last_IO_Errno",
                "0",
                "Last_SQL_Errno",
                "0");

        // When
        Evaluation evaluation = MySqlEvaluation.evaluate(snapshot(server("8.0.36"), List.of(row)), DEFAULTS, ANY_ROLE);

        // Then
        assertThat(evaluation.server()).isEqualTo("MySQL 8.0.36 replica");
        assertThat(evaluation.measurement(Metrics.REPLICA_LAG).orElseThrow().value())
                .isEqualTo(400);
        assertThat(evaluation.measurement(Metrics.REPLICA_LAG).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation.notes()).contains("replication from db1.example.com:3306: 6m 40s behind");
    }

    @Test
    void shouldReadTheOldReplicaStatusColumnsOfMariaDb() throws Exception {
        // Given SHOW REPLICA STATUS of MariaDB, which keeps the old names
        Row row = row(
                "Slave_IO_Running",
                "Yes",
                "Slave_SQL_Running",
                "Yes",
                "Seconds_Behind_Master",
                700L,
                "Master_Host",
                "db1",
                "Master_Port",
                3306L);

        // When
        Evaluation evaluation = MySqlEvaluation.evaluate(
                snapshot(server("10.11.6-MariaDB-0+deb12u1"), List.of(row)), DEFAULTS, ANY_ROLE);

        // Then
        assertThat(evaluation.server()).isEqualTo("MariaDB 10.11.6 replica");
        assertThat(evaluation.measurement(Metrics.REPLICA_LAG).orElseThrow().status())
                .isEqualTo(Status.FAIL);
        assertThat(evaluation.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldFailWhenTheLagIsNullWhileBothThreadsRun() throws Exception {
        // Given
        Row row = row("Replica_IO_Running", "Yes", "Replica_SQL_Running", "Yes", "Seconds_Behind_Source", null);

        // When
        Evaluation evaluation = MySqlEvaluation.evaluate(snapshot(server("8.0.36"), List.of(row)), DEFAULTS, ANY_ROLE);

        // Then
        assertThat(evaluation.status()).isEqualTo(Status.FAIL);
        assertThat(evaluation.findings())
                .extracting("message")
                .anyMatch(message -> message.toString().contains("Seconds_Behind_Source is NULL"));
        assertThat(evaluation.measurement(Metrics.REPLICA_LAG)).isEmpty();
    }

    @Test
    void shouldWarnWhenAReplicationThreadStoppedWithoutErrorAndFailWithAnError() throws Exception {
        // Given
        Row stopped = row(
                "Replica_IO_Running",
                "Yes",
                "Replica_SQL_Running",
                "No",
                "Seconds_Behind_Source",
                null,
                "Last_SQL_Errno",
                "0");
        Row broken = row(
                "Slave_IO_Running",
                "Connecting",
                "Slave_SQL_Running",
                "Yes",
                "Seconds_Behind_Master",
                null,
                "Last_IO_Errno",
                "2003",
                "Last_IO_Error",
                "error connecting to master 'repl@db1:3306'");

        // When
        Evaluation warned = MySqlEvaluation.evaluate(snapshot(server("8.0.36"), List.of(stopped)), DEFAULTS, ANY_ROLE);
        Evaluation failed =
                MySqlEvaluation.evaluate(snapshot(server("10.11.6-MariaDB"), List.of(broken)), DEFAULTS, ANY_ROLE);

        // Then
        assertThat(warned.status()).isEqualTo(Status.WARN);
        assertThat(warned.findings())
                .extracting("message")
                .containsExactly(
                        "replication is stopped without an error (IO thread Yes, SQL thread No): replica lag not measured");
        assertThat(failed.status()).isEqualTo(Status.FAIL);
        assertThat(failed.findings().get(0).message())
                .contains("stopped with an error")
                .contains("IO error 2003: error connecting");
    }

    @Test
    void shouldFailWhenADeclaredPrimaryIsAReplicaOrReadOnly() throws Exception {
        // Given
        DbLoadSettings primary = settings(Optional.of(Role.PRIMARY), Optional.empty());
        Row replica = row("Replica_IO_Running", "Yes", "Replica_SQL_Running", "Yes", "Seconds_Behind_Source", "0");
        MySqlSnapshot.Server readOnly = new MySqlSnapshot.Server("8.0.36", 100, true, 0);

        // When
        Evaluation failedOver =
                MySqlEvaluation.evaluate(snapshot(server("8.0.36"), List.of(replica)), DEFAULTS, primary);
        Evaluation readOnlyPrimary = MySqlEvaluation.evaluate(snapshot(readOnly, List.of()), DEFAULTS, primary);

        // Then
        assertThat(failedOver.status()).isEqualTo(Status.FAIL);
        assertThat(failedOver.findings().get(0).message()).startsWith("declared primary but the server is a replica");
        assertThat(readOnlyPrimary.status()).isEqualTo(Status.FAIL);
        assertThat(readOnlyPrimary.findings().get(0).message()).contains("read_only=ON");
    }

    @Test
    void shouldNameWaitersAndIdleBlockersFromMySql8DataLockWaits() throws Exception {
        // Given performance_schema.data_lock_waits rows and the INNODB_TRX rows they refer to
        List<Row> transactions = List.of(
                row(
                        "trx_id",
                        4711L,
                        "trx_state",
                        "LOCK WAIT",
                        "thread_id",
                        21L,
                        "transaction_seconds",
                        12L,
                        "wait_seconds",
                        11L,
                        "user",
                        "app",
                        "host",
                        "10.0.0.5:51234",
                        "command",
                        "Query",
                        "command_seconds",
                        11L,
                        "statement",
                        "UPDATE accounts SET balance = 1 WHERE id = 1"),
                row(
                        "trx_id",
                        4710L,
                        "trx_state",
                        "RUNNING",
                        "thread_id",
                        20L,
                        "transaction_seconds",
                        95L,
                        "wait_seconds",
                        null,
                        "user",
                        "batch",
                        "host",
                        "10.0.0.6:40000",
                        "command",
                        "Sleep",
                        "command_seconds",
                        90L,
                        "statement",
                        null));
        List<Row> waits =
                List.of(row("REQUESTING_ENGINE_TRANSACTION_ID", 4711L, "BLOCKING_ENGINE_TRANSACTION_ID", 4710L));
        MySqlSnapshot snapshot = new MySqlSnapshot(
                server("8.0.36"),
                List.of(status(10, 3)),
                0,
                List.of(),
                MySqlSnapshot.Transactions.parse(row(
                        "transactions",
                        2L,
                        "oldest_seconds",
                        95L,
                        "lock_waiters_now",
                        1L,
                        "lock_waiters",
                        1L,
                        "longest_wait_seconds",
                        11L)),
                transactions.stream().map(MySqlSnapshot.Transaction::parse).toList(),
                waits.stream().map(MySqlSnapshot.LockWait::parse).toList(),
                List.of());

        // When
        Evaluation evaluation = MySqlEvaluation.evaluate(snapshot, DEFAULTS, ANY_ROLE);

        // Then
        assertThat(evaluation.measurement(Metrics.IDLE_BLOCKER).orElseThrow().value())
                .isEqualTo(90);
        assertThat(evaluation.measurement(Metrics.IDLE_BLOCKER).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation
                        .measurement(Metrics.OLDEST_TRANSACTION)
                        .orElseThrow()
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(evaluation.measurement(Metrics.LOCK_WAITERS).orElseThrow().value())
                .isEqualTo(1);
        assertThat(evaluation.offenders())
                .containsExactly(
                        "thread 21, user app from 10.0.0.5:51234, Query for 11s, transaction open 12s, waiting for a row lock for 11s, "
                                + "blocked by thread 20: UPDATE accounts SET balance = 1 WHERE id = 1",
                        "thread 20, user batch from 10.0.0.6:40000, idle for 1m 30s, transaction open 1m 35s, blocking thread 21");
    }

    @Test
    void shouldReadTheLockWaitColumnsOfEveryView() {
        // Given the rows of INNODB_LOCK_WAITS, data_lock_waits and sys.innodb_lock_waits
        Row informationSchema = row("requesting_trx_id", "1A2", "requested_lock_id", "x", "blocking_trx_id", "1A1");
        Row performanceSchema = row("REQUESTING_ENGINE_TRANSACTION_ID", 418L, "BLOCKING_ENGINE_TRANSACTION_ID", 417L);
        Row sys = row("waiting_trx_id", "418", "blocking_trx_id", "417");

        // When / Then
        assertThat(MySqlSnapshot.LockWait.parse(informationSchema)).isEqualTo(new MySqlSnapshot.LockWait("1A2", "1A1"));
        assertThat(MySqlSnapshot.LockWait.parse(performanceSchema)).isEqualTo(new MySqlSnapshot.LockWait("418", "417"));
        assertThat(MySqlSnapshot.LockWait.parse(sys)).isEqualTo(new MySqlSnapshot.LockWait("418", "417"));
    }

    @Test
    void shouldJudgeThreadsRunningOnTheMedianOfFiveSamplesAsThreeOfFive() throws Exception {
        // Given samples of Threads_running, each counting the check's own thread
        List<Map<String, Double>> threeHigh =
                List.of(status(40, 31), status(40, 2), status(40, 27), status(40, 26), status(40, 1));
        List<Map<String, Double>> twoHigh =
                List.of(status(40, 31), status(40, 2), status(40, 27), status(40, 3), status(40, 1));

        // When
        Evaluation warned = MySqlEvaluation.evaluate(snapshot(threeHigh), DEFAULTS, ANY_ROLE);
        Evaluation passed = MySqlEvaluation.evaluate(snapshot(twoHigh), DEFAULTS, ANY_ROLE);

        // Then
        assertThat(warned.measurement(Metrics.THREADS_RUNNING).orElseThrow().value())
                .isEqualTo(25);
        assertThat(warned.measurement(Metrics.THREADS_RUNNING).orElseThrow().status())
                .isEqualTo(Status.WARN);
        assertThat(passed.measurement(Metrics.THREADS_RUNNING).orElseThrow().status())
                .isEqualTo(Status.PASS);
        assertThat(warned.measurement(Metrics.CONNECTIONS_USED).orElseThrow().value())
                .isEqualTo(39);
        assertThat(warned.measurement(Metrics.QUESTIONS_PER_SECOND)
                        .orElseThrow()
                        .value())
                .isEqualTo(25);
    }

    @Test
    void shouldReadGlobalStatusUnderEitherColumnName() {
        // Given SHOW GLOBAL STATUS and performance_schema.global_status rows
        List<Row> show = List.of(row("Variable_name", "Threads_running", "Value", "7"));
        List<Row> performanceSchema = List.of(row("VARIABLE_NAME", "THREADS_RUNNING", "VARIABLE_VALUE", "8"));

        // When / Then
        assertThat(MySqlSnapshot.status(show)).containsEntry("threads_running", 7.0);
        assertThat(MySqlSnapshot.status(performanceSchema)).containsEntry("Threads_running", 8.0);
    }

    @Test
    void shouldGiveErrorWithoutStatusVariables() {
        // Given a snapshot without Threads_connected
        MySqlSnapshot snapshot = new MySqlSnapshot(
                server("8.0.36"),
                List.of(Map.of("Threads_running", 1.0)),
                0,
                List.of(),
                MySqlSnapshot.Transactions.parse(row()),
                List.of(),
                List.of(),
                List.of());

        // When / Then
        assertThatThrownBy(() -> MySqlEvaluation.evaluate(snapshot, DEFAULTS, ANY_ROLE))
                .isInstanceOf(CheckException.class)
                .hasMessageContaining("Threads_connected");
    }

    @Test
    void shouldUseTheStatementsAndViewsOfEachVersion() {
        // Given / When / Then
        assertThat(MySqlReader.replicaStatus(false, MySqlReader.versionNumbers("8.0.22")))
                .isEqualTo("SHOW REPLICA STATUS");
        assertThat(MySqlReader.replicaStatus(false, MySqlReader.versionNumbers("8.0.21-log")))
                .isEqualTo("SHOW SLAVE STATUS");
        assertThat(MySqlReader.replicaStatus(true, MySqlReader.versionNumbers("10.5.1-MariaDB")))
                .isEqualTo("SHOW REPLICA STATUS");
        assertThat(MySqlReader.replicaStatus(true, MySqlReader.versionNumbers("5.5.5-10.4.32-MariaDB")))
                .isEqualTo("SHOW SLAVE STATUS");
        assertThat(MySqlReader.lockWaits(false, MySqlReader.versionNumbers("8.0.36")))
                .contains("performance_schema.data_lock_waits");
        assertThat(MySqlReader.lockWaits(false, MySqlReader.versionNumbers("5.7.44")))
                .contains("information_schema.INNODB_LOCK_WAITS");
        assertThat(MySqlReader.lockWaits(true, MySqlReader.versionNumbers("10.11.6-MariaDB")))
                .contains("information_schema.INNODB_LOCK_WAITS");
    }

    private static MySqlSnapshot snapshot(final MySqlSnapshot.Server server, final List<Row> replicas) {
        return new MySqlSnapshot(
                server,
                List.of(status(5, 1)),
                0,
                List.of(),
                MySqlSnapshot.Transactions.parse(row()),
                List.of(),
                List.of(),
                replicas.stream().map(MySqlSnapshot.ReplicaStatus::parse).toList());
    }

    private static MySqlSnapshot snapshot(final List<Map<String, Double>> samples) {
        List<Map<String, Double>> withQuestions = new ArrayList<>();
        for (int index = 0; index < samples.size(); index++) {
            Map<String, Double> sample = new HashMap<>(samples.get(index));
            sample.put("Questions", 1000.0 + 25 * index);
            withQuestions.add(sample);
        }
        return new MySqlSnapshot(
                server("8.0.36"),
                withQuestions,
                samples.size() - 1,
                List.of(),
                MySqlSnapshot.Transactions.parse(row()),
                List.of(),
                List.of(),
                List.of());
    }

    private static MySqlSnapshot.Server server(final String version) {
        return new MySqlSnapshot.Server(version, 100, false, 0);
    }

    private static Map<String, Double> status(final double connected, final double running) {
        return Map.of("Threads_connected", connected, "Threads_running", running);
    }

    private static DbLoadSettings settings(final Optional<Role> role, final Optional<Integer> standbys) {
        return new DbLoadSettings(
                JdbcUrl.parse("jdbc:mysql://db:3306/", DbLoadCheckType.SCHEMES)
                        .url()
                        .orElseThrow(),
                "monitor",
                role,
                standbys,
                Duration.ZERO);
    }

    static Row row(final Object... namesAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int index = 0; index < namesAndValues.length; index += 2) {
            values.put((String) namesAndValues[index], namesAndValues[index + 1]);
        }
        return Row.of(values);
    }
}
