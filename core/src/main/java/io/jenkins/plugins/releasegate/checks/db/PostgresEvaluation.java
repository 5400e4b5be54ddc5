package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.checks.jdbc.Dialect;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Judges a PostgreSQL snapshot against thresholds and expectations; pure, without a connection.
 */
public final class PostgresEvaluation {
    /** The most sessions named in the details. */
    static final int MAX_OFFENDERS = 20;

    private PostgresEvaluation() {}

    /**
     * Evaluates a snapshot.
     *
     * @param snapshot what was read
     * @param thresholds the thresholds in force
     * @param settings the check's settings (expected role and standbys, sampling)
     * @return the evaluation
     * @throws CheckException ERROR if the monitoring account cannot see other sessions, so that nothing it
     *         read can be trusted
     */
    public static Evaluation evaluate(
            final PostgresSnapshot snapshot, final Thresholds thresholds, final DbLoadSettings settings)
            throws CheckException {
        PostgresSnapshot.Activity activity = snapshot.activity();
        if (!activity.canReadAllStats()) {
            throw new CheckException(
                    "The monitoring account may not read other sessions' activity (it is not a member of "
                            + "pg_read_all_stats), so their queries, transactions and waits would look empty: nothing was judged. "
                            + "Run GRANT pg_monitor TO <monitoring user>; see docs/checks/db-load.md");
        }
        Role role = activity.standby() ? Role.STANDBY : Role.PRIMARY;
        Evaluation.Builder result =
                Evaluation.builder("PostgreSQL " + activity.serverVersion() + " " + role.displayName());
        settings.expectedRole()
                .filter(expected -> expected != role)
                .ifPresent(expected -> result.finding(
                        Status.FAIL,
                        "declared " + expected.displayName() + " but the server is a " + role.displayName()
                                + (role == Role.STANDBY
                                        ? " (in recovery): a failover may have happened"
                                        : " (not in recovery): the standby may have been promoted")));

        double usedPercent = 100.0 * activity.clients() / activity.usableConnections();
        result.measurement(thresholds.measure(Metrics.CONNECTIONS_USED, usedPercent));
        result.measurement(thresholds.measure(Metrics.ACTIVE_SESSIONS, activity.active()));
        result.measurement(thresholds.measure(Metrics.LONGEST_QUERY, nonNegative(activity.longestQuery())));
        result.measurement(thresholds.measure(Metrics.LONGEST_TRANSACTION, nonNegative(activity.longestTransaction())));
        result.measurement(
                thresholds.measure(Metrics.IDLE_IN_TRANSACTION, nonNegative(activity.longestIdleInTransaction())));
        result.measurement(thresholds.measure(Metrics.IDLE_IN_TRANSACTION_SESSIONS, activity.idleInTransaction()));
        long lockWaiters = snapshot.sessions().stream()
                .filter(session -> session.isWaitingForLock() && session.lockWait() >= DbLoadSettings.MOMENTARY_SECONDS)
                .count();
        result.measurement(thresholds.measure(Metrics.LOCK_WAITERS, lockWaiters));
        double longestLockWait = snapshot.sessions().stream()
                .mapToDouble(PostgresSnapshot.Session::lockWait)
                .max()
                .orElse(0);
        result.measurement(thresholds.measure(Metrics.LOCK_WAIT_TIME, nonNegative(longestLockWait)));

        replication(snapshot, role, thresholds, settings, result);

        double wraparound =
                activity.freezeMaxAge() <= 0 ? 0 : 100.0 * activity.maxTransactionIdAge() / activity.freezeMaxAge();
        result.measurement(thresholds.measure(Metrics.WRAPAROUND, wraparound));

        rates(snapshot, thresholds, settings, result);
        offenders(snapshot, thresholds, result);
        result.note(activity.idleInTransactionNow() + " sessions idle in transaction and " + activity.lockWaitersNow()
                + " waiting for a lock at the moment of the snapshot; counted from " + DbLoadSettings.MOMENTARY_SECONDS
                + "s on: "
                + activity.idleInTransaction() + " and " + lockWaiters);
        result.note(activity.clients() + " of " + activity.usableConnections()
                + " usable connections in use by other sessions (max_connections " + activity.maxConnections()
                + ", reserved " + (activity.superuserReserved() + activity.reserved()) + ")");
        return result.build();
    }

    private static void replication(
            final PostgresSnapshot snapshot,
            final Role role,
            final Thresholds thresholds,
            final DbLoadSettings settings,
            final Evaluation.Builder result) {
        PostgresSnapshot.Activity activity = snapshot.activity();
        if (role == Role.STANDBY) {
            String receiver = activity.walReceiverStatus().orElse("");
            if (!"streaming".equals(receiver)) {
                result.finding(
                        Status.WARN,
                        receiver.isEmpty()
                                ? "the standby has no WAL receiver running: it is not streaming from a primary"
                                : "the standby's WAL receiver is '" + receiver + "', not streaming");
            }
            lag(
                    thresholds,
                    result,
                    List.of(new Lag("this standby", activity.replayBacklogBytes(), activity.replayDelaySeconds())));
        } else if (!snapshot.standbys().isEmpty()) {
            lag(
                    thresholds,
                    result,
                    snapshot.standbys().stream()
                            .map(standby ->
                                    new Lag("standby " + describe(standby), standby.lagBytes(), standby.lagSeconds()))
                            .toList());
        } else {
            result.note("no standby streams from this primary: replication lag not measured");
        }
        long streaming = snapshot.standbys().stream()
                .filter(PostgresSnapshot.Standby::isStreaming)
                .count();
        settings.expectStandbys()
                .ifPresent(expected -> result.measurement(new Threshold(
                                Metrics.STANDBYS_STREAMING, Unit.NUMBER, Direction.BELOW, null, expected.doubleValue())
                        .measure(streaming)));
        for (PostgresSnapshot.Standby standby : snapshot.standbys()) {
            result.note("standby " + describe(standby) + ": " + standby.state() + ", replay lag "
                    + format(standby.lagBytes(), Unit.BYTES) + " / " + format(standby.lagSeconds(), Unit.SECONDS));
        }
        double retained = snapshot.slots().stream()
                .filter(slot -> !slot.active())
                .mapToDouble(slot -> slot.retainedBytes().orElse(0))
                .max()
                .orElse(0);
        result.measurement(thresholds.measure(Metrics.INACTIVE_SLOT_RETAINED, nonNegative(retained)));
        snapshot.slots().stream()
                .filter(slot -> !slot.active())
                .forEach(slot -> result.note("inactive replication slot '" + slot.name() + "' (" + slot.type()
                        + ") keeps " + format(slot.retainedBytes(), Unit.BYTES) + " of WAL"));
    }

    /** The lag of one standby, bytes and time. */
    private record Lag(String who, OptionalDouble bytes, OptionalDouble seconds) {}

    /**
     * Measures lag in bytes and time, judged together as check_postgres does ({@code '1MiB and 2min'}): a
     * standby is late only when both its bytes and its time reach a limit, since the time grows on an idle
     * primary and the bytes alone say nothing of age. When only one is known, it decides alone.
     */
    private static void lag(final Thresholds thresholds, final Evaluation.Builder result, final List<Lag> lags) {
        Threshold bytesThreshold = thresholds.get(Metrics.REPLICATION_LAG_BYTES);
        Threshold timeThreshold = thresholds.get(Metrics.REPLICATION_LAG_TIME);
        double maxBytes = 0;
        double maxSeconds = 0;
        Status worst = Status.PASS;
        for (Lag lag : lags) {
            if (lag.bytes().isEmpty() && lag.seconds().isEmpty()) {
                continue;
            }
            double bytes = nonNegative(lag.bytes().orElse(0));
            double seconds = nonNegative(lag.seconds().orElse(0));
            maxBytes = Math.max(maxBytes, bytes);
            maxSeconds = Math.max(maxSeconds, seconds);
            Status byBytes = bytesThreshold.evaluate(bytes);
            Status byTime = timeThreshold.evaluate(seconds);
            Status status;
            if (lag.bytes().isEmpty()) {
                status = byTime;
            } else if (lag.seconds().isEmpty()) {
                status = byBytes;
            } else {
                status = byBytes.compareTo(byTime) < 0 ? byBytes : byTime;
            }
            worst = Status.worst(worst, status);
        }
        if (lags.stream().allMatch(lag -> lag.bytes().isEmpty() && lag.seconds().isEmpty())) {
            result.finding(Status.WARN, "replication lag is unknown: the server reports no replay position");
            return;
        }
        result.measurement(withStatus(bytesThreshold.measure(maxBytes), worst));
        result.measurement(withStatus(timeThreshold.measure(maxSeconds), worst));
    }

    private static Measurement withStatus(final Measurement measurement, final Status status) {
        return new Measurement(
                measurement.name(),
                measurement.value(),
                measurement.unit(),
                measurement.direction(),
                measurement.warnAt(),
                measurement.failAt(),
                status);
    }

    private static void rates(
            final PostgresSnapshot snapshot,
            final Thresholds thresholds,
            final DbLoadSettings settings,
            final Evaluation.Builder result) {
        if (!settings.samplesRates()) {
            result.note(
                    "rates not sampled (sampleInterval: 0): transactionsPerSecond, deadlocks, tempBytesPerSecond and cacheHitRatio not measured");
            return;
        }
        if (snapshot.firstSample().isEmpty() || snapshot.secondSample().isEmpty()) {
            result.note("rates not measured: a statistics sample is missing");
            return;
        }
        PostgresSnapshot.Statistics first = snapshot.firstSample().get();
        PostgresSnapshot.Statistics second = snapshot.secondSample().get();
        double elapsed = second.sampledAt() - first.sampledAt();
        if (first.wasResetBefore(second)) {
            result.note("the statistics were reset between the two samples: rates skipped");
            return;
        }
        if (elapsed <= 0) {
            result.note("the two statistics samples have the same time: rates skipped");
            return;
        }
        double transactions = second.commits() - first.commits() + second.rollbacks() - first.rollbacks();
        result.measurement(thresholds.measure(Metrics.TRANSACTIONS_PER_SECOND, transactions / elapsed));
        result.measurement(thresholds.measure(Metrics.DEADLOCKS, second.deadlocks() - first.deadlocks()));
        result.measurement(
                thresholds.measure(Metrics.TEMP_BYTES_PER_SECOND, (second.tempBytes() - first.tempBytes()) / elapsed));
        double hits = second.blocksHit() - first.blocksHit();
        double reads = second.blocksRead() - first.blocksRead();
        if (hits + reads > 0) {
            result.measurement(thresholds.measure(Metrics.CACHE_HIT_RATIO, 100.0 * hits / (hits + reads)));
        } else {
            result.note("no blocks were read during the " + Quantity.format(elapsed, Unit.SECONDS)
                    + " sample: cacheHitRatio not measured");
        }
    }

    private static void offenders(
            final PostgresSnapshot snapshot, final Thresholds thresholds, final Evaluation.Builder result) {
        double queryCutoff = cutoff(thresholds, Metrics.LONGEST_QUERY);
        double transactionCutoff = cutoff(thresholds, Metrics.LONGEST_TRANSACTION);
        double idleCutoff = cutoff(thresholds, Metrics.IDLE_IN_TRANSACTION);
        Map<Long, List<Long>> blocking = new LinkedHashMap<>();
        for (PostgresSnapshot.Session session : snapshot.sessions()) {
            for (Long blocker : session.blockedBy()) {
                blocking.computeIfAbsent(blocker, key -> new ArrayList<>()).add(session.pid());
            }
        }
        List<PostgresSnapshot.Session> named = snapshot.sessions().stream()
                .filter(session -> session.isWaitingForLock()
                        || blocking.containsKey(session.pid())
                        || session.isActiveClient() && session.querySeconds().orElse(0) >= queryCutoff
                        || session.transactionSeconds().orElse(0) >= transactionCutoff
                        || session.isIdleInTransaction()
                                && session.stateSeconds().orElse(0) >= idleCutoff)
                .sorted(Comparator.comparing((PostgresSnapshot.Session session) ->
                                session.isWaitingForLock() ? 0 : blocking.containsKey(session.pid()) ? 1 : 2)
                        .thenComparing(session -> -Math.max(
                                session.querySeconds().orElse(0),
                                session.transactionSeconds().orElse(0))))
                .toList();
        named.stream().limit(MAX_OFFENDERS).forEach(session -> result.offender(describe(session, blocking)));
        if (named.size() > MAX_OFFENDERS) {
            result.offender("… and " + (named.size() - MAX_OFFENDERS) + " more sessions");
        }
    }

    static String describe(final PostgresSnapshot.Session session, final Map<Long, List<Long>> blocking) {
        List<String> parts = new ArrayList<>();
        parts.add("pid " + session.pid());
        parts.add("user " + session.user());
        if (!session.database().isEmpty()) {
            parts.add("database " + session.database());
        }
        if (!session.applicationName().isEmpty()) {
            parts.add("application " + session.applicationName());
        }
        if (session.isIdleInTransaction()) {
            parts.add(session.state() + " for " + format(session.stateSeconds(), Unit.SECONDS));
        } else if ("active".equals(session.state())) {
            parts.add("running for " + format(session.querySeconds(), Unit.SECONDS));
        } else if (!session.state().isEmpty()) {
            parts.add(session.state());
        }
        session.transactionSeconds()
                .ifPresent(seconds ->
                        parts.add("transaction open " + Quantity.format(nonNegative(seconds), Unit.SECONDS)));
        if (session.isWaitingForLock()) {
            parts.add("waiting for a lock for " + Quantity.format(nonNegative(session.lockWait()), Unit.SECONDS)
                    + (session.blockedBy().isEmpty() ? "" : ", blocked by pid " + join(session.blockedBy())));
        }
        List<Long> blocked = blocking.get(session.pid());
        if (blocked != null) {
            parts.add("blocking pid " + join(blocked));
        }
        String text = StatementText.of(session.query(), Dialect.POSTGRESQL);
        return String.join(", ", parts) + (text.isEmpty() ? "" : ": " + text);
    }

    private static String describe(final PostgresSnapshot.Standby standby) {
        String name = standby.name().isEmpty() ? "(unnamed)" : standby.name();
        return standby.clientAddress().isEmpty() ? name : name + " at " + standby.clientAddress();
    }

    private static String join(final List<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * Returns the duration from which a session is named in the details: the WARN limit of its metric, else
     * its FAIL limit, else never.
     */
    static double cutoff(final Thresholds thresholds, final String metric) {
        Threshold threshold = thresholds.get(metric);
        Double warn = threshold.warn();
        if (warn != null) {
            return warn;
        }
        Double fail = threshold.fail();
        return fail != null ? fail : Double.MAX_VALUE;
    }

    private static String format(final OptionalDouble value, final Unit unit) {
        return value.isPresent() ? Quantity.format(nonNegative(value.getAsDouble()), unit) : "unknown";
    }

    private static double nonNegative(final double value) {
        return Math.max(0, value);
    }
}
