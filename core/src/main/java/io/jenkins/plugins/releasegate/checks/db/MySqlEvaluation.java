package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.Dialect;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges a MySQL or MariaDB snapshot against thresholds and expectations; pure, without a connection.
 */
public final class MySqlEvaluation {
    private MySqlEvaluation() {}

    /**
     * Evaluates a snapshot.
     *
     * @param snapshot what was read
     * @param thresholds the thresholds in force
     * @param settings the check's settings
     * @return the evaluation
     * @throws CheckException ERROR if the status variables needed are missing
     */
    public static Evaluation evaluate(
            final MySqlSnapshot snapshot, final Thresholds thresholds, final DbLoadSettings settings)
            throws CheckException {
        MySqlSnapshot.Server server = snapshot.server();
        if (snapshot.statusSamples().isEmpty()) {
            throw new CheckException(
                    "The server returned no status variables (SHOW GLOBAL STATUS): nothing was judged");
        }
        Role role = snapshot.replicas().isEmpty() ? Role.PRIMARY : Role.STANDBY;
        String product = server.isMariaDb() ? "MariaDB" : "MySQL";
        Evaluation.Builder result = Evaluation.builder(product + " "
                + server.version().replaceAll("-.*$", "") + " " + (role == Role.PRIMARY ? "primary" : "replica"));
        Optional<Role> expected = settings.expectedRole();
        if (expected.isPresent() && expected.get() != role) {
            result.finding(
                    Status.FAIL,
                    expected.get() == Role.PRIMARY
                            ? "declared primary but the server is a replica (SHOW REPLICA STATUS has a row): a failover may have happened"
                            : "declared standby but the server is not a replica (SHOW REPLICA STATUS is empty): it may have been promoted");
        }
        if (expected.orElse(null) == Role.PRIMARY && role == Role.PRIMARY && server.readOnly()) {
            result.finding(
                    Status.FAIL,
                    "declared primary but the server is read-only (read_only=ON): the release's writes would fail");
        }

        Map<String, Double> first = snapshot.statusSamples().get(0);
        double connected = required(first, "Threads_connected");
        double usedPercent = 100.0 * Math.max(0, connected - 1) / Math.max(1, server.maxConnections());
        result.measurement(thresholds.measure(Metrics.CONNECTIONS_USED, usedPercent));
        List<Double> running = new ArrayList<>();
        for (Map<String, Double> sample : snapshot.statusSamples()) {
            running.add(Math.max(0, required(sample, "Threads_running") - 1));
        }
        result.measurement(thresholds.measure(Metrics.THREADS_RUNNING, median(running)));
        if (running.size() > 1) {
            result.note("Threads_running of other sessions in " + running.size() + " samples: "
                    + running.stream()
                            .map(value -> Quantity.format(value, Unit.NUMBER))
                            .collect(Collectors.joining(", ")));
        }

        double longestStatement = snapshot.statements().stream()
                .mapToDouble(MySqlSnapshot.Statement::seconds)
                .max()
                .orElse(0);
        result.measurement(thresholds.measure(Metrics.LONGEST_STATEMENT, longestStatement));
        MySqlSnapshot.Transactions transactions = snapshot.transactions();
        result.measurement(thresholds.measure(Metrics.OLDEST_TRANSACTION, Math.max(0, transactions.oldestSeconds())));
        result.measurement(thresholds.measure(Metrics.LOCK_WAITERS, transactions.lockWaiters()));
        result.measurement(thresholds.measure(Metrics.LOCK_WAIT_TIME, Math.max(0, transactions.longestWaitSeconds())));

        Map<String, MySqlSnapshot.Transaction> byId = snapshot.transactionDetails().stream()
                .collect(Collectors.toMap(
                        MySqlSnapshot.Transaction::id, Function.identity(), (one, other) -> one, LinkedHashMap::new));
        Map<String, Set<String>> blockedBy = new LinkedHashMap<>();
        Map<String, Set<String>> blocking = new LinkedHashMap<>();
        for (MySqlSnapshot.LockWait wait : snapshot.lockWaits()) {
            blockedBy
                    .computeIfAbsent(wait.requestingTransaction(), key -> new LinkedHashSet<>())
                    .add(wait.blockingTransaction());
            blocking.computeIfAbsent(wait.blockingTransaction(), key -> new LinkedHashSet<>())
                    .add(wait.requestingTransaction());
        }
        double idleBlocker = blocking.keySet().stream()
                .map(byId::get)
                .filter(transaction -> transaction != null && transaction.isIdle())
                .mapToDouble(MySqlSnapshot.Transaction::commandSeconds)
                .max()
                .orElse(0);
        result.measurement(thresholds.measure(Metrics.IDLE_BLOCKER, idleBlocker));

        replication(snapshot, thresholds, result);
        settings.expectStandbys()
                .ifPresent(count -> result.measurement(new Threshold(
                                Metrics.REPLICAS_CONNECTED, Unit.NUMBER, Direction.BELOW, null, count.doubleValue())
                        .measure(server.replicasConnected())));

        if (snapshot.statusSamples().size() > 1 && snapshot.sampledSeconds() > 0) {
            Map<String, Double> last =
                    snapshot.statusSamples().get(snapshot.statusSamples().size() - 1);
            Optional<Double> before = MySqlSnapshot.value(first, "Questions");
            Optional<Double> after = MySqlSnapshot.value(last, "Questions");
            if (before.isPresent() && after.isPresent() && after.get() >= before.get()) {
                result.measurement(thresholds.measure(
                        Metrics.QUESTIONS_PER_SECOND, (after.get() - before.get()) / snapshot.sampledSeconds()));
            } else {
                result.note("the status counters were reset between the samples: questionsPerSecond skipped");
            }
        } else if (!settings.samplesRates()) {
            result.note(
                    "rates not sampled (sampleInterval: 0): threadsRunning is a single sample, questionsPerSecond not measured");
        }

        offenders(snapshot, thresholds, byId, blockedBy, blocking, result);
        result.note(transactions.lockWaitersNow()
                + " transactions waiting for a lock at the moment of the snapshot; counted from "
                + DbLoadSettings.MOMENTARY_SECONDS + "s on: " + transactions.lockWaiters());
        result.note(Math.round(Math.max(0, connected - 1)) + " of " + server.maxConnections()
                + " connections in use by other sessions");
        return result.build();
    }

    private static void replication(
            final MySqlSnapshot snapshot, final Thresholds thresholds, final Evaluation.Builder result) {
        double worstLag = -1;
        for (MySqlSnapshot.ReplicaStatus replica : snapshot.replicas()) {
            String from = replica.source().isEmpty() ? "" : " from " + replica.source();
            String name = replica.connectionName().isEmpty()
                    ? "replication" + from
                    : "replication '" + replica.connectionName() + "'" + from;
            if (!replica.isIoRunning() || !replica.isSqlRunning()) {
                String threads = "IO thread " + replica.ioRunning() + ", SQL thread " + replica.sqlRunning();
                if (replica.hasError()) {
                    List<String> errors = new ArrayList<>();
                    if (replica.ioErrorNumber() != 0) {
                        errors.add("IO error " + replica.ioErrorNumber() + ": " + replica.ioError());
                    }
                    if (replica.sqlErrorNumber() != 0) {
                        errors.add("SQL error " + replica.sqlErrorNumber() + ": " + replica.sqlError());
                    }
                    result.finding(
                            Status.FAIL,
                            name + " stopped with an error (" + threads + "; " + String.join("; ", errors) + ")");
                } else {
                    result.finding(
                            Status.WARN,
                            name + " is stopped without an error (" + threads + "): replica lag not measured");
                }
                continue;
            }
            if (replica.secondsBehind().isEmpty()) {
                result.finding(
                        Status.FAIL,
                        name
                                + ": the replica lag is unknown (Seconds_Behind_Source is NULL) although both threads run");
                continue;
            }
            worstLag = Math.max(worstLag, replica.secondsBehind().getAsDouble());
            result.note(name + ": " + Quantity.format(replica.secondsBehind().getAsDouble(), Unit.SECONDS) + " behind");
        }
        if (worstLag >= 0) {
            result.measurement(thresholds.measure(Metrics.REPLICA_LAG, worstLag));
        }
    }

    private static void offenders(
            final MySqlSnapshot snapshot,
            final Thresholds thresholds,
            final Map<String, MySqlSnapshot.Transaction> byId,
            final Map<String, Set<String>> blockedBy,
            final Map<String, Set<String>> blocking,
            final Evaluation.Builder result) {
        double statementCutoff = PostgresEvaluation.cutoff(thresholds, Metrics.LONGEST_STATEMENT);
        double transactionCutoff = PostgresEvaluation.cutoff(thresholds, Metrics.OLDEST_TRANSACTION);
        List<String> lines = new ArrayList<>();
        Set<Long> named = new LinkedHashSet<>();
        List<MySqlSnapshot.Transaction> transactions = snapshot.transactionDetails().stream()
                .filter(transaction -> transaction.isWaiting()
                        || blocking.containsKey(transaction.id())
                        || transaction.seconds() >= transactionCutoff)
                .sorted(Comparator.comparing((MySqlSnapshot.Transaction transaction) ->
                                transaction.isWaiting() ? 0 : blocking.containsKey(transaction.id()) ? 1 : 2)
                        .thenComparing(transaction -> -transaction.seconds()))
                .toList();
        for (MySqlSnapshot.Transaction transaction : transactions) {
            named.add(transaction.threadId());
            lines.add(describe(
                    transaction,
                    threads(blockedBy.get(transaction.id()), byId),
                    threads(blocking.get(transaction.id()), byId)));
        }
        snapshot.statements().stream()
                .filter(statement -> statement.seconds() >= statementCutoff && !named.contains(statement.id()))
                .forEach(statement ->
                        lines.add("thread " + statement.id() + ", user " + statement.user() + host(statement.host())
                                + (statement.database().isEmpty() ? "" : ", database " + statement.database()) + ", "
                                + statement.command() + " for "
                                + Quantity.format(statement.seconds(), Unit.SECONDS)
                                + (statement.state().isEmpty() ? "" : " (" + statement.state() + ")")
                                + text(statement.info())));
        lines.stream().limit(PostgresEvaluation.MAX_OFFENDERS).forEach(result::offender);
        if (lines.size() > PostgresEvaluation.MAX_OFFENDERS) {
            result.offender("… and " + (lines.size() - PostgresEvaluation.MAX_OFFENDERS) + " more sessions");
        }
    }

    private static String describe(
            final MySqlSnapshot.Transaction transaction, final List<String> waitsFor, final List<String> blocks) {
        List<String> parts = new ArrayList<>();
        parts.add("thread " + transaction.threadId());
        parts.add("user " + (transaction.user().isEmpty() ? "unknown" : transaction.user())
                + host(transaction.host()).replaceFirst("^, ", " "));
        if (transaction.isIdle()) {
            parts.add("idle for " + Quantity.format(transaction.commandSeconds(), Unit.SECONDS));
        } else if (!transaction.command().isEmpty()) {
            parts.add(transaction.command() + " for " + Quantity.format(transaction.commandSeconds(), Unit.SECONDS));
        }
        parts.add("transaction open " + Quantity.format(Math.max(0, transaction.seconds()), Unit.SECONDS));
        if (transaction.isWaiting()) {
            parts.add("waiting for a row lock for "
                    + Quantity.format(Math.max(0, transaction.waitSeconds().orElse(0)), Unit.SECONDS)
                    + (waitsFor.isEmpty() ? "" : ", blocked by thread " + String.join(", ", waitsFor)));
        }
        if (!blocks.isEmpty()) {
            parts.add("blocking thread " + String.join(", ", blocks));
        }
        return String.join(", ", parts) + text(transaction.statement());
    }

    private static List<String> threads(
            final Set<String> transactionIds, final Map<String, MySqlSnapshot.Transaction> byId) {
        if (transactionIds == null) {
            return List.of();
        }
        return transactionIds.stream()
                .map(id -> byId.containsKey(id) ? String.valueOf(byId.get(id).threadId()) : "of transaction " + id)
                .toList();
    }

    private static String host(final String host) {
        return host.isEmpty() ? "" : ", from " + host;
    }

    private static String text(final String statement) {
        String text = StatementText.of(statement, Dialect.MYSQL);
        return text.isEmpty() ? "" : ": " + text;
    }

    private static double required(final Map<String, Double> sample, final String name) throws CheckException {
        return MySqlSnapshot.value(sample, name)
                .orElseThrow(() -> new CheckException(
                        "The server did not report the status variable " + name + ": nothing was judged"));
    }

    static double median(final List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int size = sorted.size();
        if (size == 0) {
            return 0;
        }
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }
}
