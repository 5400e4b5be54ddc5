package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.util.List;
import java.util.Set;

/**
 * The metrics of {@code dbLoad}, with their default thresholds (CHECKS.md) and the families they apply to.
 */
final class Metrics {
    static final String CONNECTIONS_USED = "connectionsUsed";
    static final String ACTIVE_SESSIONS = "activeSessions";
    static final String LONGEST_QUERY = "longestQuery";
    static final String LONGEST_TRANSACTION = "longestTransaction";
    static final String IDLE_IN_TRANSACTION = "idleInTransaction";
    static final String IDLE_IN_TRANSACTION_SESSIONS = "idleInTransactionSessions";
    static final String LOCK_WAITERS = "lockWaiters";
    static final String LOCK_WAIT_TIME = "lockWaitTime";
    static final String REPLICATION_LAG_BYTES = "replicationLagBytes";
    static final String REPLICATION_LAG_TIME = "replicationLagTime";
    static final String INACTIVE_SLOT_RETAINED = "inactiveSlotRetained";
    static final String STANDBYS_STREAMING = "standbysStreaming";
    static final String WRAPAROUND = "wraparound";
    static final String CACHE_HIT_RATIO = "cacheHitRatio";
    static final String TRANSACTIONS_PER_SECOND = "transactionsPerSecond";
    static final String DEADLOCKS = "deadlocks";
    static final String TEMP_BYTES_PER_SECOND = "tempBytesPerSecond";
    static final String THREADS_RUNNING = "threadsRunning";
    static final String LONGEST_STATEMENT = "longestStatement";
    static final String OLDEST_TRANSACTION = "oldestTransaction";
    static final String IDLE_BLOCKER = "idleBlocker";
    static final String REPLICA_LAG = "replicaLag";
    static final String REPLICAS_CONNECTED = "replicasConnected";
    static final String QUESTIONS_PER_SECOND = "questionsPerSecond";

    private static final double MEBIBYTE = 1024.0 * 1024;
    private static final double GIBIBYTE = 1024.0 * MEBIBYTE;

    /** Every metric whose thresholds a definition may set. */
    static final List<ThresholdSpec> SPECS = List.of(
            ThresholdSpec.above(
                    CONNECTIONS_USED,
                    Unit.PERCENT,
                    80.0,
                    90.0,
                    "client connections of other sessions as a share of the connections they may use (PostgreSQL: max_connections less reserved; MySQL: max_connections)"),
            ThresholdSpec.above(
                    ACTIVE_SESSIONS,
                    Unit.NUMBER,
                    null,
                    null,
                    "PostgreSQL: client sessions running a statement (informational unless limits are set)"),
            ThresholdSpec.above(
                    LONGEST_QUERY, Unit.SECONDS, 30.0, 300.0, "PostgreSQL: age of the longest running statement"),
            ThresholdSpec.above(
                    LONGEST_TRANSACTION, Unit.SECONDS, 300.0, 600.0, "PostgreSQL: age of the oldest open transaction"),
            ThresholdSpec.above(
                    IDLE_IN_TRANSACTION,
                    Unit.SECONDS,
                    60.0,
                    300.0,
                    "PostgreSQL: longest time a session has been idle inside an open transaction"),
            ThresholdSpec.above(
                    IDLE_IN_TRANSACTION_SESSIONS,
                    Unit.NUMBER,
                    null,
                    5.0,
                    "PostgreSQL: sessions idle inside an open transaction for 1s or more"),
            ThresholdSpec.above(
                    LOCK_WAITERS,
                    Unit.NUMBER,
                    1.0,
                    5.0,
                    "sessions waiting for 1s or more for a lock held by another session"),
            ThresholdSpec.above(LOCK_WAIT_TIME, Unit.SECONDS, 60.0, 120.0, "longest current wait for a lock"),
            ThresholdSpec.above(
                    REPLICATION_LAG_BYTES,
                    Unit.BYTES,
                    MEBIBYTE,
                    16 * MEBIBYTE,
                    "PostgreSQL: WAL not yet replayed by the most lagging standby; judged together with replicationLagTime"),
            ThresholdSpec.above(
                    REPLICATION_LAG_TIME,
                    Unit.SECONDS,
                    120.0,
                    600.0,
                    "PostgreSQL: replay delay of the most lagging standby; judged together with replicationLagBytes"),
            ThresholdSpec.above(
                    INACTIVE_SLOT_RETAINED,
                    Unit.BYTES,
                    GIBIBYTE,
                    null,
                    "PostgreSQL: WAL kept on the primary by the largest inactive replication slot"),
            ThresholdSpec.above(
                    WRAPAROUND,
                    Unit.PERCENT,
                    90.0,
                    95.0,
                    "PostgreSQL: age of the oldest unfrozen transaction id as a share of autovacuum_freeze_max_age"),
            ThresholdSpec.below(
                    CACHE_HIT_RATIO,
                    Unit.PERCENT,
                    90.0,
                    null,
                    "PostgreSQL: share of block reads served from shared buffers during the sample interval"),
            ThresholdSpec.above(
                    TRANSACTIONS_PER_SECOND,
                    Unit.NUMBER,
                    null,
                    null,
                    "PostgreSQL: commits and rollbacks per second during the sample interval (informational)"),
            ThresholdSpec.above(
                    DEADLOCKS,
                    Unit.NUMBER,
                    null,
                    null,
                    "PostgreSQL: deadlocks detected during the sample interval (informational)"),
            ThresholdSpec.above(
                    TEMP_BYTES_PER_SECOND,
                    Unit.BYTES,
                    null,
                    null,
                    "PostgreSQL: bytes written to temporary files per second during the sample interval (informational)"),
            ThresholdSpec.above(
                    THREADS_RUNNING,
                    Unit.NUMBER,
                    25.0,
                    50.0,
                    "MySQL/MariaDB: Threads_running of other sessions, the median of five samples over the sample interval"),
            ThresholdSpec.above(
                    LONGEST_STATEMENT,
                    Unit.SECONDS,
                    60.0,
                    300.0,
                    "MySQL/MariaDB: time of the longest running statement"),
            ThresholdSpec.above(
                    OLDEST_TRANSACTION,
                    Unit.SECONDS,
                    60.0,
                    600.0,
                    "MySQL/MariaDB: age of the oldest open InnoDB transaction"),
            ThresholdSpec.above(
                    IDLE_BLOCKER,
                    Unit.SECONDS,
                    60.0,
                    600.0,
                    "MySQL/MariaDB: longest time an idle session has held a lock that another session waits for"),
            ThresholdSpec.above(
                    REPLICA_LAG,
                    Unit.SECONDS,
                    300.0,
                    600.0,
                    "MySQL/MariaDB: Seconds_Behind_Source (Seconds_Behind_Master) of this replica"),
            ThresholdSpec.above(
                    QUESTIONS_PER_SECOND,
                    Unit.NUMBER,
                    null,
                    null,
                    "MySQL/MariaDB: statements per second during the sample interval (informational)"));

    /** Metrics measured on PostgreSQL only. */
    static final Set<String> POSTGRESQL_ONLY = Set.of(
            ACTIVE_SESSIONS,
            LONGEST_QUERY,
            LONGEST_TRANSACTION,
            IDLE_IN_TRANSACTION,
            IDLE_IN_TRANSACTION_SESSIONS,
            REPLICATION_LAG_BYTES,
            REPLICATION_LAG_TIME,
            INACTIVE_SLOT_RETAINED,
            WRAPAROUND,
            CACHE_HIT_RATIO,
            TRANSACTIONS_PER_SECOND,
            DEADLOCKS,
            TEMP_BYTES_PER_SECOND);

    /** Metrics measured on MySQL and MariaDB only. */
    static final Set<String> MYSQL_ONLY = Set.of(
            THREADS_RUNNING, LONGEST_STATEMENT, OLDEST_TRANSACTION, IDLE_BLOCKER, REPLICA_LAG, QUESTIONS_PER_SECOND);

    private Metrics() {}
}
