package io.jenkins.plugins.releasegate.checks.db;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one evaluation read from a PostgreSQL server, parsed from result rows so that it can be built from
 * rows in tests.
 *
 * @param activity the activity aggregates, server settings and standby status (one row)
 * @param sessions the sessions worth naming: long queries and transactions, idle in transaction, lock
 *         waiters and their blockers
 * @param standbys the standbys streaming from this server ({@code pg_stat_replication})
 * @param slots the replication slots
 * @param firstSample the first statistics sample, empty if rates are off
 * @param secondSample the second statistics sample, empty if rates are off
 */
public record PostgresSnapshot(
        Activity activity,
        List<Session> sessions,
        List<Standby> standbys,
        List<Slot> slots,
        Optional<Statistics> firstSample,
        Optional<Statistics> secondSample) {
    /**
     * Creates a snapshot.
     */
    public PostgresSnapshot {
        sessions = List.copyOf(sessions);
        standbys = List.copyOf(standbys);
        slots = List.copyOf(slots);
    }

    /**
     * Parses a snapshot from the rows of the reader's statements.
     *
     * @param activityRow the row of the activity statement
     * @param sessionRows the rows of the sessions statement
     * @param standbyRows the rows of {@code pg_stat_replication}
     * @param slotRows the rows of {@code pg_replication_slots}
     * @param firstSample the row of the first statistics sample, or {@code null}
     * @param secondSample the row of the second statistics sample, or {@code null}
     * @return the snapshot
     */
    public static PostgresSnapshot parse(
            final Row activityRow,
            final List<Row> sessionRows,
            final List<Row> standbyRows,
            final List<Row> slotRows,
            @CheckForNull final Row firstSample,
            @CheckForNull final Row secondSample) {
        return new PostgresSnapshot(
                Activity.parse(activityRow),
                sessionRows.stream().map(Session::parse).toList(),
                standbyRows.stream().map(Standby::parse).toList(),
                slotRows.stream().map(Slot::parse).toList(),
                Optional.ofNullable(firstSample).map(Statistics::parse),
                Optional.ofNullable(secondSample).map(Statistics::parse));
    }

    /**
     * The aggregates of {@code pg_stat_activity} and the server's settings and role.
     *
     * @param serverVersion the server version, such as {@code 15.4}
     * @param canReadAllStats whether the account sees other sessions' state ({@code pg_read_all_stats})
     * @param clients client connections of other sessions
     * @param active client sessions running a statement
     * @param idleInTransactionNow sessions idle in a transaction, however briefly
     * @param idleInTransaction sessions idle in a transaction for {@value DbLoadSettings#MOMENTARY_SECONDS}s or more
     * @param lockWaitersNow sessions waiting for a lock, however briefly
     * @param longestQuery seconds of the longest running client statement, 0 if none
     * @param longestTransaction seconds of the oldest client transaction, 0 if none
     * @param longestIdleInTransaction seconds of the longest idle-in-transaction state, 0 if none
     * @param maxConnections {@code max_connections}
     * @param superuserReserved {@code superuser_reserved_connections}
     * @param reserved {@code reserved_connections} (PostgreSQL 16+), else 0
     * @param standby whether the server is in recovery
     * @param maxTransactionIdAge the largest {@code age(datfrozenxid)}
     * @param freezeMaxAge {@code autovacuum_freeze_max_age}
     * @param oldestDatabase the database with that age
     * @param replayBacklogBytes on a standby, WAL received but not replayed
     * @param replayDelaySeconds on a standby, seconds since the last replayed transaction committed on the primary
     * @param walReceiverStatus on a standby, the WAL receiver's status, empty if none runs
     */
    public record Activity(
            String serverVersion,
            boolean canReadAllStats,
            long clients,
            long active,
            long idleInTransactionNow,
            long idleInTransaction,
            long lockWaitersNow,
            double longestQuery,
            double longestTransaction,
            double longestIdleInTransaction,
            long maxConnections,
            long superuserReserved,
            long reserved,
            boolean standby,
            long maxTransactionIdAge,
            long freezeMaxAge,
            String oldestDatabase,
            OptionalDouble replayBacklogBytes,
            OptionalDouble replayDelaySeconds,
            Optional<String> walReceiverStatus) {
        static Activity parse(final Row row) {
            return new Activity(
                    row.textOrEmpty("server_version"),
                    row.bool(false, "can_read_all_stats"),
                    row.whole(0, "clients"),
                    row.whole(0, "active"),
                    row.whole(0, "idle_in_transaction_now", "idle_in_tx"),
                    row.whole(0, "idle_in_transaction"),
                    row.whole(0, "lock_waiters_now", "lock_waiters"),
                    row.number(0, "longest_query"),
                    row.number(0, "longest_transaction", "longest_xact"),
                    row.number(0, "longest_idle_in_transaction", "longest_idle_in_tx"),
                    row.whole(0, "max_connections", "max_conn"),
                    row.whole(0, "superuser_reserved", "su_reserved"),
                    row.whole(0, "reserved"),
                    row.bool(false, "standby", "is_standby"),
                    row.whole(0, "max_xid_age"),
                    row.whole(200_000_000, "freeze_max_age"),
                    row.textOrEmpty("oldest_xid_database"),
                    row.number("replay_backlog_bytes"),
                    row.number("replay_delay_seconds"),
                    row.text("wal_receiver_status"));
        }

        /**
         * Returns the connections that sessions other than superusers may use.
         *
         * @return {@code max_connections} less the reserved ones, at least 1
         */
        public long usableConnections() {
            return Math.max(1, maxConnections - superuserReserved - reserved);
        }
    }

    /**
     * One session of {@code pg_stat_activity} worth naming.
     *
     * @param pid the backend's process id
     * @param user the user name
     * @param database the database name
     * @param applicationName the client's application name
     * @param state the state, such as {@code active} or {@code idle in transaction}
     * @param backendType the backend type, such as {@code client backend}
     * @param waitEventType the wait event type, such as {@code Lock}
     * @param querySeconds seconds since the current or last statement started
     * @param transactionSeconds seconds since the transaction started
     * @param stateSeconds seconds since the state last changed
     * @param lockWaitSeconds seconds waiting for the lock ({@code pg_locks.waitstart}, PostgreSQL 14+)
     * @param blockedBy the pids holding the lock it waits for, empty if it does not wait
     * @param query the first 200 characters of the current or last statement
     */
    public record Session(
            long pid,
            String user,
            String database,
            String applicationName,
            String state,
            String backendType,
            String waitEventType,
            OptionalDouble querySeconds,
            OptionalDouble transactionSeconds,
            OptionalDouble stateSeconds,
            OptionalDouble lockWaitSeconds,
            List<Long> blockedBy,
            String query) {
        /**
         * Creates a session.
         */
        public Session {
            blockedBy = List.copyOf(blockedBy);
        }

        static Session parse(final Row row) {
            return new Session(
                    row.whole(0, "pid"),
                    row.textOrEmpty("usename", "user"),
                    row.textOrEmpty("datname", "database"),
                    row.textOrEmpty("application_name"),
                    row.textOrEmpty("state"),
                    row.textOrEmpty("backend_type"),
                    row.textOrEmpty("wait_event_type"),
                    row.number("query_seconds"),
                    row.number("transaction_seconds"),
                    row.number("state_seconds"),
                    row.number("lock_wait_seconds"),
                    row.wholeList("blocked_by"),
                    row.textOrEmpty("query"));
        }

        boolean isWaitingForLock() {
            return "Lock".equals(waitEventType);
        }

        boolean isActiveClient() {
            return "active".equals(state) && "client backend".equals(backendType);
        }

        boolean isIdleInTransaction() {
            return state.startsWith("idle in transaction");
        }

        /**
         * Returns how long the session has waited for its lock: {@code pg_locks.waitstart} where known
         * (PostgreSQL 14+), else the age of its statement.
         *
         * @return the seconds, 0 if it does not wait
         */
        double lockWait() {
            if (!isWaitingForLock()) {
                return 0;
            }
            return lockWaitSeconds.isPresent() ? lockWaitSeconds.getAsDouble() : querySeconds.orElse(0);
        }
    }

    /**
     * One standby streaming from this server.
     *
     * @param name its {@code application_name}
     * @param clientAddress its address
     * @param state the WAL sender's state, such as {@code streaming}
     * @param lagBytes WAL not yet replayed by it, empty if unknown
     * @param lagSeconds its {@code replay_lag}, empty if unknown (NULL when it is idle and caught up)
     */
    public record Standby(
            String name, String clientAddress, String state, OptionalDouble lagBytes, OptionalDouble lagSeconds) {
        static Standby parse(final Row row) {
            return new Standby(
                    row.textOrEmpty("application_name"),
                    row.textOrEmpty("client_address", "client_addr"),
                    row.textOrEmpty("state"),
                    row.number("lag_bytes"),
                    row.number("lag_seconds"));
        }

        boolean isStreaming() {
            return "streaming".equals(state);
        }
    }

    /**
     * One replication slot.
     *
     * @param name the slot name
     * @param type {@code physical} or {@code logical}
     * @param active whether a consumer is connected
     * @param retainedBytes WAL kept for it, empty if unknown
     */
    public record Slot(String name, String type, boolean active, OptionalDouble retainedBytes) {
        static Slot parse(final Row row) {
            return new Slot(
                    row.textOrEmpty("slot_name"),
                    row.textOrEmpty("slot_type"),
                    row.bool(true, "active"),
                    row.number("retained_bytes"));
        }
    }

    /**
     * One sample of the cumulative counters of {@code pg_stat_database}, summed over databases.
     *
     * @param commits committed transactions
     * @param rollbacks rolled back transactions
     * @param deadlocks deadlocks detected
     * @param tempBytes bytes written to temporary files
     * @param blocksHit block reads served from shared buffers
     * @param blocksRead block reads from the operating system
     * @param lastReset epoch seconds of the latest statistics reset, 0 if never reset
     * @param sampledAt epoch seconds of the sample on the server's clock
     */
    public record Statistics(
            double commits,
            double rollbacks,
            double deadlocks,
            double tempBytes,
            double blocksHit,
            double blocksRead,
            double lastReset,
            double sampledAt) {
        static Statistics parse(final Row row) {
            return new Statistics(
                    row.number(0, "commits"),
                    row.number(0, "rollbacks"),
                    row.number(0, "deadlocks"),
                    row.number(0, "temp_bytes"),
                    row.number(0, "blocks_hit"),
                    row.number(0, "blocks_read"),
                    row.number(0, "last_reset"),
                    row.number(0, "sampled_at"));
        }

        /**
         * Returns whether the statistics were reset between this sample and a later one.
         *
         * @param later the later sample
         * @return {@code true} if a reset time changed or a counter went down
         */
        boolean wasResetBefore(final Statistics later) {
            return later.lastReset != lastReset
                    || later.commits < commits
                    || later.rollbacks < rollbacks
                    || later.deadlocks < deadlocks
                    || later.tempBytes < tempBytes
                    || later.blocksHit < blocksHit
                    || later.blocksRead < blocksRead;
        }
    }
}
