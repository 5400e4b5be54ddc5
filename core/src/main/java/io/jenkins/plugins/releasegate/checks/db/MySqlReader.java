package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.spi.CheckException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a MySQL or MariaDB snapshot over one connection: session settings (read-only, statement and lock
 * timeouts) and the whole activity snapshot in one round trip, the replica status, then the remaining
 * {@code SHOW GLOBAL STATUS} samples spread over the sample interval. Nothing here takes a row lock; the
 * lock wait timeouts bound any wait for metadata locks.
 */
final class MySqlReader {
    /** How many status samples are taken when rates are on, as pt-stalk's "3 of 5". */
    static final int STATUS_SAMPLES = 5;

    static final String SERVER = """
            SELECT VERSION() AS version, @@max_connections AS max_connections, @@read_only AS read_only,
             (SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%') AS replicas_connected""";

    static final String STATUS = "SHOW GLOBAL STATUS WHERE Variable_name IN "
            + "('Threads_connected', 'Threads_running', 'Questions', 'Uptime', 'Innodb_row_lock_current_waits')";

    static final String STATEMENTS = """
            SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE, LEFT(INFO, 200) AS INFO FROM information_schema.PROCESSLIST
            WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID') AND USER <> 'system user' AND ID <> CONNECTION_ID()
            ORDER BY TIME DESC LIMIT 20""";

    static final String TRANSACTIONS = """
            SELECT COUNT(*) AS transactions, COALESCE(MAX(TIMESTAMPDIFF(SECOND, trx_started, NOW())), 0) AS oldest_seconds,
             COALESCE(SUM(trx_state = 'LOCK WAIT'), 0) AS lock_waiters_now,
             COALESCE(SUM(trx_state = 'LOCK WAIT' AND trx_wait_started <= NOW() - INTERVAL 1 SECOND), 0) AS lock_waiters,
             COALESCE(MAX(TIMESTAMPDIFF(SECOND, trx_wait_started, NOW())), 0) AS longest_wait_seconds
            FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID()""";

    static final String TRANSACTION_DETAILS = """
            SELECT t.trx_id, t.trx_state, t.trx_mysql_thread_id AS thread_id,
             TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
             TIMESTAMPDIFF(SECOND, t.trx_wait_started, NOW()) AS wait_seconds,
             p.USER AS user, p.HOST AS host, p.COMMAND AS command, p.TIME AS command_seconds,
             LEFT(COALESCE(t.trx_query, p.INFO), 200) AS statement
            FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
            WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
            ORDER BY t.trx_wait_started IS NULL, t.trx_wait_started, t.trx_started LIMIT 50""";

    static final String LOCK_WAITS_INFORMATION_SCHEMA =
            "SELECT requesting_trx_id, blocking_trx_id FROM information_schema.INNODB_LOCK_WAITS";
    static final String LOCK_WAITS_PERFORMANCE_SCHEMA =
            "SELECT REQUESTING_ENGINE_TRANSACTION_ID, BLOCKING_ENGINE_TRANSACTION_ID "
                    + "FROM performance_schema.data_lock_waits";

    private MySqlReader() {}

    /**
     * Reads a snapshot.
     *
     * @param session the connection
     * @param sampleInterval the time over which the status samples are spread, zero for one sample
     * @return the snapshot
     * @throws CheckException if a statement fails
     * @throws InterruptedException if interrupted between samples
     */
    static MySqlSnapshot read(final DatabaseSession session, final Duration sampleInterval)
            throws CheckException, InterruptedException {
        String version = session.serverVersion();
        boolean mariaDb = MySqlSnapshot.Server.isMariaDb(version);
        int[] numbers = versionNumbers(version);
        List<String> first = new ArrayList<>(session.readOnlyStatements());
        first.add(SERVER);
        first.add(STATUS);
        first.add(STATEMENTS);
        first.add(TRANSACTIONS);
        first.add(TRANSACTION_DETAILS);
        first.add(lockWaits(mariaDb, numbers));
        long start = System.nanoTime();
        List<List<Row>> results = session.run(first);
        List<Row> replicas = session.query(replicaStatus(mariaDb, numbers));
        List<Map<String, Double>> samples = new ArrayList<>();
        samples.add(MySqlSnapshot.status(results.get(1)));
        long last = start;
        if (!sampleInterval.isZero()) {
            for (int sample = 1; sample < STATUS_SAMPLES; sample++) {
                long due = start + sampleInterval.toNanos() * sample / (STATUS_SAMPLES - 1);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                last = System.nanoTime();
                samples.add(MySqlSnapshot.status(session.query(STATUS)));
            }
        }
        Row server =
                results.get(0).isEmpty() ? Row.of(Map.of()) : results.get(0).get(0);
        return new MySqlSnapshot(
                MySqlSnapshot.Server.parse(server),
                samples,
                (last - start) / 1e9,
                results.get(2).stream().map(MySqlSnapshot.Statement::parse).toList(),
                MySqlSnapshot.Transactions.parse(
                        results.get(3).isEmpty()
                                ? Row.of(Map.of())
                                : results.get(3).get(0)),
                results.get(4).stream().map(MySqlSnapshot.Transaction::parse).toList(),
                results.get(5).stream().map(MySqlSnapshot.LockWait::parse).toList(),
                replicas.stream().map(MySqlSnapshot.ReplicaStatus::parse).toList());
    }

    /**
     * Returns the lock wait view of the server: {@code information_schema.INNODB_LOCK_WAITS} on MariaDB and
     * MySQL 5.7, {@code performance_schema.data_lock_waits} on MySQL 8.
     */
    static String lockWaits(final boolean mariaDb, final int[] version) {
        return mariaDb || version[0] < 8 ? LOCK_WAITS_INFORMATION_SCHEMA : LOCK_WAITS_PERFORMANCE_SCHEMA;
    }

    /**
     * Returns the replica status statement the server understands: {@code SHOW REPLICA STATUS} from MariaDB
     * 10.5.1 and MySQL 8.0.22, {@code SHOW SLAVE STATUS} before.
     */
    static String replicaStatus(final boolean mariaDb, final int[] version) {
        boolean newSyntax = mariaDb ? compare(version, 10, 5, 1) >= 0 : compare(version, 8, 0, 22) >= 0;
        return newSyntax ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
    }

    static int[] versionNumbers(final String version) {
        String cleaned = version.replaceFirst("^5\\.5\\.5-", "");
        String[] parts = cleaned.split("[^0-9]+");
        int[] numbers = new int[3];
        int index = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (index == 3) {
                break;
            }
            numbers[index++] = Integer.parseInt(part.length() > 6 ? part.substring(0, 6) : part);
        }
        return numbers;
    }

    private static int compare(final int[] version, final int major, final int minor, final int patch) {
        if (version[0] != major) {
            return Integer.compare(version[0], major);
        }
        if (version[1] != minor) {
            return Integer.compare(version[1], minor);
        }
        return Integer.compare(version[2], patch);
    }
}
