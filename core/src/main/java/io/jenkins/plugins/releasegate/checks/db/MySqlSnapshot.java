package io.jenkins.plugins.releasegate.checks.db;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one evaluation read from a MySQL or MariaDB server, parsed from result rows by column name, so
 * that the column names of every version (MariaDB's {@code Slave_IO_Running}, MySQL 8's
 * {@code Replica_IO_Running}; {@code INNODB_LOCK_WAITS} and {@code performance_schema.data_lock_waits})
 * are accepted and can be tested with rows.
 *
 * @param server the server's version and settings
 * @param statusSamples the samples of {@code SHOW GLOBAL STATUS}, in order
 * @param sampledSeconds the seconds between the first and the last status sample
 * @param statements the running statements of other sessions, longest first
 * @param transactions the InnoDB transaction aggregates
 * @param transactionDetails the lock-waiting and oldest InnoDB transactions with their sessions
 * @param lockWaits which transaction waits for which
 * @param replicas the replication status rows, empty if the server is not a replica
 */
public record MySqlSnapshot(
        Server server,
        List<Map<String, Double>> statusSamples,
        double sampledSeconds,
        List<Statement> statements,
        Transactions transactions,
        List<Transaction> transactionDetails,
        List<LockWait> lockWaits,
        List<ReplicaStatus> replicas) {
    /**
     * Creates a snapshot.
     */
    public MySqlSnapshot {
        statusSamples = statusSamples.stream()
                .map(sample -> Collections.unmodifiableMap(new TreeMap<>(sample)))
                .toList();
        statements = List.copyOf(statements);
        transactionDetails = List.copyOf(transactionDetails);
        lockWaits = List.copyOf(lockWaits);
        replicas = List.copyOf(replicas);
    }

    /**
     * Parses the rows of {@code SHOW GLOBAL STATUS} ({@code Variable_name}, {@code Value}).
     *
     * @param rows the rows
     * @return the numeric values by variable name, without regard to case
     */
    public static Map<String, Double> status(final List<Row> rows) {
        Map<String, Double> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row row : rows) {
            String name = row.textOrEmpty("Variable_name", "VARIABLE_NAME");
            try {
                row.number("Value", "VARIABLE_VALUE").ifPresent(value -> values.put(name, value));
            } catch (IllegalArgumentException exception) {
                // a non-numeric status value is not one we read
            }
        }
        return values;
    }

    /**
     * The server's version, settings and connected replicas.
     *
     * @param version the version, such as {@code 10.11.6-MariaDB} or {@code 8.0.36}
     * @param maxConnections {@code @@max_connections}
     * @param readOnly {@code @@read_only}
     * @param replicasConnected sessions of replicas reading the binary log ({@code Binlog Dump} threads)
     */
    public record Server(String version, long maxConnections, boolean readOnly, long replicasConnected) {
        /**
         * Parses the server row.
         *
         * @param row the row with {@code version}, {@code max_connections}, {@code read_only}, {@code replicas_connected}
         * @return the server
         */
        public static Server parse(final Row row) {
            return new Server(
                    row.textOrEmpty("version"),
                    row.whole(0, "max_connections", "@@max_connections"),
                    row.bool(false, "read_only", "@@read_only"),
                    row.whole(0, "replicas_connected"));
        }

        /**
         * Returns whether the server is MariaDB rather than MySQL.
         *
         * @return {@code true} for MariaDB
         */
        public boolean isMariaDb() {
            return isMariaDb(version);
        }

        static boolean isMariaDb(final String version) {
            return version.toLowerCase(Locale.ROOT).contains("mariadb");
        }
    }

    /**
     * A running statement of {@code information_schema.PROCESSLIST}.
     *
     * @param id the connection (thread) id
     * @param user the user
     * @param host the client host
     * @param database the default database
     * @param command the command, such as {@code Query}
     * @param seconds seconds in the current command
     * @param state the thread state
     * @param info the first 200 characters of the statement
     */
    public record Statement(
            long id,
            String user,
            String host,
            String database,
            String command,
            double seconds,
            String state,
            String info) {
        /**
         * Parses a process list row.
         *
         * @param row the row
         * @return the statement
         */
        public static Statement parse(final Row row) {
            return new Statement(
                    row.whole(0, "ID"),
                    row.textOrEmpty("USER"),
                    row.textOrEmpty("HOST"),
                    row.textOrEmpty("DB"),
                    row.textOrEmpty("COMMAND"),
                    row.number(0, "TIME"),
                    row.textOrEmpty("STATE"),
                    row.textOrEmpty("INFO"));
        }
    }

    /**
     * The aggregates of {@code information_schema.INNODB_TRX}.
     *
     * @param count open transactions of other sessions
     * @param oldestSeconds age of the oldest, 0 if none
     * @param lockWaitersNow transactions waiting for a lock, however briefly
     * @param lockWaiters transactions waiting for a lock for {@value DbLoadSettings#MOMENTARY_SECONDS}s or more
     * @param longestWaitSeconds the longest current lock wait, 0 if none
     */
    public record Transactions(
            long count, double oldestSeconds, long lockWaitersNow, long lockWaiters, double longestWaitSeconds) {
        /**
         * Parses the aggregate row.
         *
         * @param row the row
         * @return the aggregates
         */
        public static Transactions parse(final Row row) {
            return new Transactions(
                    row.whole(0, "transactions"),
                    row.number(0, "oldest_seconds"),
                    row.whole(0, "lock_waiters_now", "lock_waiters"),
                    row.whole(0, "lock_waiters"),
                    row.number(0, "longest_wait_seconds"));
        }
    }

    /**
     * An InnoDB transaction with its session.
     *
     * @param id the transaction id ({@code trx_id})
     * @param state the state, such as {@code RUNNING} or {@code LOCK WAIT}
     * @param threadId the session's connection id
     * @param seconds the transaction's age
     * @param waitSeconds how long it has waited for a lock, empty if it does not wait
     * @param user the session's user
     * @param host the session's client host
     * @param command the session's command, {@code Sleep} when idle
     * @param commandSeconds seconds in that command, for an idle session how long it has been idle
     * @param statement the first 200 characters of its current statement
     */
    public record Transaction(
            String id,
            String state,
            long threadId,
            double seconds,
            OptionalDouble waitSeconds,
            String user,
            String host,
            String command,
            double commandSeconds,
            String statement) {
        /**
         * Parses a transaction row.
         *
         * @param row the row
         * @return the transaction
         */
        public static Transaction parse(final Row row) {
            return new Transaction(
                    row.textOrEmpty("trx_id"),
                    row.textOrEmpty("trx_state"),
                    row.whole(0, "thread_id", "trx_mysql_thread_id"),
                    row.number(0, "transaction_seconds"),
                    row.number("wait_seconds"),
                    row.textOrEmpty("user", "USER"),
                    row.textOrEmpty("host", "HOST"),
                    row.textOrEmpty("command", "COMMAND"),
                    row.number(0, "command_seconds"),
                    row.textOrEmpty("statement", "trx_query", "info"));
        }

        boolean isWaiting() {
            return "LOCK WAIT".equalsIgnoreCase(state);
        }

        boolean isIdle() {
            return "Sleep".equalsIgnoreCase(command);
        }
    }

    /**
     * One lock wait: a transaction waiting for a lock that another holds.
     *
     * @param requestingTransaction the waiting transaction's id
     * @param blockingTransaction the blocking transaction's id
     */
    public record LockWait(String requestingTransaction, String blockingTransaction) {
        /**
         * Parses a row of MariaDB's and MySQL 5.7's {@code information_schema.INNODB_LOCK_WAITS}
         * ({@code requesting_trx_id}, {@code blocking_trx_id}), MySQL 8's
         * {@code performance_schema.data_lock_waits} ({@code REQUESTING_ENGINE_TRANSACTION_ID},
         * {@code BLOCKING_ENGINE_TRANSACTION_ID}) or {@code sys.innodb_lock_waits} ({@code waiting_trx_id},
         * {@code blocking_trx_id}).
         *
         * @param row the row
         * @return the lock wait
         */
        public static LockWait parse(final Row row) {
            return new LockWait(
                    row.textOrEmpty("requesting_trx_id", "REQUESTING_ENGINE_TRANSACTION_ID", "waiting_trx_id"),
                    row.textOrEmpty("blocking_trx_id", "BLOCKING_ENGINE_TRANSACTION_ID"));
        }
    }

    /**
     * A row of {@code SHOW REPLICA STATUS} (or {@code SHOW SLAVE STATUS}), read by column name under both
     * the old and the new names.
     *
     * @param source the primary's host and port
     * @param ioRunning {@code Replica_IO_Running} / {@code Slave_IO_Running}: {@code Yes}, {@code No} or {@code Connecting}
     * @param sqlRunning {@code Replica_SQL_Running} / {@code Slave_SQL_Running}
     * @param secondsBehind {@code Seconds_Behind_Source} / {@code Seconds_Behind_Master}, empty if NULL
     * @param ioErrorNumber {@code Last_IO_Errno}
     * @param ioError {@code Last_IO_Error}
     * @param sqlErrorNumber {@code Last_SQL_Errno}
     * @param sqlError {@code Last_SQL_Error}
     * @param connectionName MariaDB's {@code Connection_name} of multi-source replication, empty for the default
     */
    public record ReplicaStatus(
            String source,
            String ioRunning,
            String sqlRunning,
            OptionalDouble secondsBehind,
            long ioErrorNumber,
            String ioError,
            long sqlErrorNumber,
            String sqlError,
            String connectionName) {
        /**
         * Parses a replica status row.
         *
         * @param row the row
         * @return the status
         */
        public static ReplicaStatus parse(final Row row) {
            String host = row.textOrEmpty("Source_Host", "Master_Host");
            String port = row.textOrEmpty("Source_Port", "Master_Port");
            return new ReplicaStatus(
                    port.isEmpty() ? host : host + ":" + port,
                    row.textOrEmpty("Replica_IO_Running", "Slave_IO_Running"),
                    row.textOrEmpty("Replica_SQL_Running", "Slave_SQL_Running"),
                    row.number("Seconds_Behind_Source", "Seconds_Behind_Master"),
                    row.whole(0, "Last_IO_Errno"),
                    row.textOrEmpty("Last_IO_Error"),
                    row.whole(0, "Last_SQL_Errno"),
                    row.textOrEmpty("Last_SQL_Error"),
                    row.textOrEmpty("Connection_name"));
        }

        boolean isIoRunning() {
            return "Yes".equalsIgnoreCase(ioRunning);
        }

        boolean isSqlRunning() {
            return "Yes".equalsIgnoreCase(sqlRunning);
        }

        boolean hasError() {
            return ioErrorNumber != 0 || sqlErrorNumber != 0;
        }
    }

    /**
     * Returns a status variable of a sample.
     *
     * @param sample the sample
     * @param name the variable name
     * @return the value, empty if absent
     */
    static Optional<Double> value(final Map<String, Double> sample, final String name) {
        return sample.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
