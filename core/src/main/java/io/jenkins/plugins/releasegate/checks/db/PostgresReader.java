package io.jenkins.plugins.releasegate.checks.db;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcTimeouts;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a PostgreSQL snapshot over one connection: the whole activity snapshot (activity aggregates, named
 * sessions, standbys, slots and the first statistics sample) in one read-only transaction sent in one round
 * trip, then, after the sample interval, the second statistics sample in its own transaction (inside one
 * transaction the statistics are cached and the difference would be zero).
 */
final class PostgresReader {
    static final String ACTIVITY = """
            SELECT pg_has_role('pg_read_all_stats', 'USAGE') AS can_read_all_stats,
             count(*) FILTER (WHERE backend_type = 'client backend') AS clients,
             count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active') AS active,
             count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle_in_transaction_now,
             count(*) FILTER (WHERE state LIKE 'idle in transaction%' AND now() - state_change >= interval '1 second') AS idle_in_transaction,
             count(*) FILTER (WHERE wait_event_type = 'Lock') AS lock_waiters_now,
             extract(epoch FROM max(now() - query_start) FILTER (WHERE state = 'active' AND backend_type = 'client backend')) AS longest_query,
             extract(epoch FROM max(now() - xact_start) FILTER (WHERE backend_type = 'client backend')) AS longest_transaction,
             extract(epoch FROM max(now() - state_change) FILTER (WHERE state LIKE 'idle in transaction%')) AS longest_idle_in_transaction,
             current_setting('max_connections')::int AS max_connections,
             current_setting('superuser_reserved_connections')::int AS superuser_reserved,
             coalesce((SELECT setting::int FROM pg_settings WHERE name = 'reserved_connections'), 0) AS reserved,
             pg_is_in_recovery() AS standby,
             (SELECT max(age(datfrozenxid)) FROM pg_database) AS max_xid_age,
             current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age,
             (SELECT datname FROM pg_database ORDER BY age(datfrozenxid) DESC LIMIT 1) AS oldest_xid_database,
             pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) AS replay_backlog_bytes,
             extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS replay_delay_seconds,
             (SELECT status FROM pg_stat_wal_receiver) AS wal_receiver_status,
             current_setting('server_version') AS server_version
            FROM pg_stat_activity WHERE pid <> pg_backend_pid()""";

    /** Lock waits from pg_locks.waitstart (PostgreSQL 14+), read only when some session waits for a lock. */
    private static final String WAITS_WITH_WAITSTART = """
            SELECT pid, extract(epoch FROM now() - min(waitstart)) AS lock_wait_seconds FROM pg_locks
             WHERE NOT granted AND EXISTS (SELECT 1 FROM activity WHERE wait_event_type = 'Lock') GROUP BY pid""";

    private static final String WAITS_WITHOUT_WAITSTART =
            "SELECT NULL::int AS pid, NULL::numeric AS lock_wait_seconds WHERE false";

    private static final String SESSIONS = """
            WITH activity AS (
             SELECT pid, usename, datname, application_name, state, backend_type, wait_event_type, wait_event,
              extract(epoch FROM now() - query_start) AS query_seconds,
              extract(epoch FROM now() - xact_start) AS transaction_seconds,
              extract(epoch FROM now() - state_change) AS state_seconds,
              CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by,
              left(query, 200) AS query
             FROM pg_stat_activity WHERE pid <> pg_backend_pid()),
            waits AS (%s),
            blockers AS (SELECT DISTINCT unnest(blocked_by) AS pid FROM activity WHERE blocked_by IS NOT NULL)
            SELECT a.*, w.lock_wait_seconds FROM activity a LEFT JOIN waits w ON w.pid = a.pid
            WHERE (a.state = 'active' AND a.backend_type = 'client backend' AND a.query_seconds >= %s)
             OR (a.backend_type = 'client backend' AND a.transaction_seconds >= %s)
             OR (a.state LIKE 'idle in transaction%%' AND a.state_seconds >= %s)
             OR a.wait_event_type = 'Lock'
             OR a.pid IN (SELECT pid FROM blockers)
            ORDER BY a.wait_event_type = 'Lock' DESC, w.lock_wait_seconds DESC NULLS LAST,
             greatest(a.query_seconds, a.transaction_seconds) DESC NULLS LAST
            LIMIT 50""";

    static final String STANDBYS = """
            SELECT application_name, host(client_addr) AS client_address, state,
             pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END, replay_lsn) AS lag_bytes,
             extract(epoch FROM replay_lag) AS lag_seconds
            FROM pg_stat_replication""";

    static final String SLOTS = """
            SELECT slot_name, slot_type, active,
             pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, restart_lsn) AS retained_bytes
            FROM pg_replication_slots""";

    static final String STATISTICS = """
            SELECT sum(xact_commit) AS commits, sum(xact_rollback) AS rollbacks, sum(deadlocks) AS deadlocks,
             sum(temp_bytes) AS temp_bytes, sum(blks_hit) AS blocks_hit, sum(blks_read) AS blocks_read,
             coalesce(extract(epoch FROM max(stats_reset)), 0) AS last_reset, extract(epoch FROM clock_timestamp()) AS sampled_at
            FROM pg_stat_database""";

    private PostgresReader() {}

    /**
     * Reads a snapshot.
     *
     * @param session the connection
     * @param thresholds the thresholds, which decide from which duration sessions are named
     * @param sampleInterval the time between the statistics samples, zero for none
     * @return the snapshot
     * @throws CheckException if a statement fails
     * @throws InterruptedException if interrupted between the samples
     */
    static PostgresSnapshot read(
            final DatabaseSession session, final Thresholds thresholds, final Duration sampleInterval)
            throws CheckException, InterruptedException {
        boolean hasWaitStart = majorVersion(session.serverVersion()) >= 14;
        boolean rates = !sampleInterval.isZero();
        List<String> first = new ArrayList<>(begin(session.timeouts()));
        first.add(ACTIVITY);
        first.add(sessions(thresholds, hasWaitStart));
        first.add(STANDBYS);
        first.add(SLOTS);
        if (rates) {
            first.add(STATISTICS);
        }
        first.add("COMMIT");
        List<List<Row>> results = session.run(first);
        long firstSampleAt = System.nanoTime();
        Row activity =
                results.get(0).isEmpty() ? Row.of(Map.of()) : results.get(0).get(0);
        Row firstSample = rates ? single(results.get(4)) : null;
        Row secondSample = null;
        if (rates) {
            long remaining = sampleInterval.toNanos() - (System.nanoTime() - firstSampleAt);
            if (remaining > 0) {
                Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
            }
            List<String> second = new ArrayList<>(begin(session.timeouts()));
            second.add(STATISTICS);
            second.add("COMMIT");
            List<List<Row>> secondResults = session.run(second);
            secondSample = secondResults.isEmpty() ? null : single(secondResults.get(0));
        }
        return PostgresSnapshot.parse(
                activity, results.get(1), results.get(2), results.get(3), firstSample, secondSample);
    }

    static List<String> begin(final JdbcTimeouts timeouts) {
        return List.of(
                "BEGIN READ ONLY",
                "SET LOCAL statement_timeout = '" + timeouts.statement().toMillis() + "ms'",
                "SET LOCAL lock_timeout = '" + timeouts.lock().toMillis() + "ms'");
    }

    static String sessions(final Thresholds thresholds, final boolean hasWaitStart) {
        return String.format(
                Locale.ROOT,
                SESSIONS,
                hasWaitStart ? WAITS_WITH_WAITSTART : WAITS_WITHOUT_WAITSTART,
                literal(PostgresEvaluation.cutoff(thresholds, Metrics.LONGEST_QUERY)),
                literal(PostgresEvaluation.cutoff(thresholds, Metrics.LONGEST_TRANSACTION)),
                literal(PostgresEvaluation.cutoff(thresholds, Metrics.IDLE_IN_TRANSACTION)));
    }

    private static String literal(final double seconds) {
        return String.format(Locale.ROOT, "%.3f", Math.min(seconds, 1e12));
    }

    @CheckForNull
    private static Row single(final List<Row> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }

    static int majorVersion(final String version) {
        String digits = version.trim().replaceAll("^(\\d+).*$", "$1");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException exception) {
            return 0;
        }
    }
}
