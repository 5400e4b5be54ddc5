package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcSession;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a Spring Batch job repository (tables {@code BATCH_JOB_INSTANCE}, {@code BATCH_JOB_EXECUTION} and
 * {@code BATCH_STEP_EXECUTION}, prefix configurable) with three SELECTs in a read-only session:
 * <ol>
 *     <li>the executions created in the window that did not complete cleanly (any status but
 *     {@code COMPLETED}, or {@code COMPLETED} with exit code {@code NOOP}), and every execution still
 *     running whatever its age;</li>
 *     <li>the latest end of a {@code COMPLETED} execution per job name;</li>
 *     <li>the latest step update of each running execution.</li>
 * </ol>
 * Spring Batch writes local times without zone; they are read and bound in the batch application's zone,
 * so the SQL is the same on PostgreSQL and MariaDB.
 */
final class SpringBatchReader implements BatchStatusReader {
    /** Spring Batch's default table prefix. */
    static final String DEFAULT_PREFIX = "BATCH_";
    /** A prefix is a table-name start, optionally after a schema name. */
    static final Pattern PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");
    /** The most executions read; more means the window is far too long for a release gate. */
    static final int MAX_ROWS = 10_000;

    private static final String RUNNING_STATUSES = StatusValues.SPRING_BATCH_RUNNING.stream()
            .map(status -> "'" + status + "'")
            .collect(Collectors.joining(", "));
    private static final int MAX_RUNNING_LOOKED_UP = 500;

    private final BatchDatabase database;
    private final String prefix;
    private final ZoneId zone;
    private final Duration window;
    private final StatusValues statuses = StatusValues.springBatch();

    /**
     * Creates a reader.
     *
     * @param database the database
     * @param prefix the table prefix, matching {@link #PREFIX}
     * @param zone the batch application's time zone
     * @param window how far back failures count
     */
    SpringBatchReader(final BatchDatabase database, final String prefix, final ZoneId zone, final Duration window) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("invalid table prefix " + prefix);
        }
        this.database = database;
        this.prefix = prefix;
        this.zone = zone;
        this.window = window;
    }

    @Override
    public String describe() {
        return "Spring Batch job repository " + database.url().display() + " (tables " + prefix + "*)";
    }

    @Override
    public BatchObservation read(final CheckContext context, final Instant now) throws CheckException {
        try (JdbcSession session = database.open(context)) {
            List<ExecutionRecord> executions = readExecutions(session, now.minus(window));
            Map<String, Instant> lastSuccess = readLastSuccess(session);
            return new BatchObservation(executions, lastSuccess);
        }
    }

    private List<ExecutionRecord> readExecutions(final JdbcSession session, final Instant cutoff)
            throws CheckException {
        String sql =
                "SELECT E.JOB_EXECUTION_ID, I.JOB_NAME, E.CREATE_TIME, E.START_TIME, E.END_TIME, E.STATUS, E.EXIT_CODE,"
                        + " E.EXIT_MESSAGE, E.LAST_UPDATED"
                        + " FROM " + table("JOB_EXECUTION") + " E JOIN " + table("JOB_INSTANCE")
                        + " I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID"
                        + " WHERE (E.CREATE_TIME >= ? AND (E.STATUS IS NULL OR E.STATUS <> 'COMPLETED' OR E.EXIT_CODE = 'NOOP'))"
                        + " OR (E.STATUS IN (" + RUNNING_STATUSES + ") AND E.END_TIME IS NULL)"
                        + " ORDER BY E.JOB_EXECUTION_ID";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
            statement.setQueryTimeout(session.queryTimeoutSeconds());
            statement.setMaxRows(MAX_ROWS + 1);
            statement.setObject(1, Timestamps.local(cutoff, zone));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(
                            result.getLong(1),
                            result.getString(2),
                            time(result, 3),
                            time(result, 4),
                            time(result, 5),
                            result.getString(6),
                            result.getString(7),
                            result.getString(8),
                            time(result, 9)));
                }
            }
        } catch (SQLException exception) {
            throw failure(session, exception, "Reading " + table("JOB_EXECUTION"));
        }
        if (rows.size() > MAX_ROWS) {
            throw new CheckException(
                    "More than " + MAX_ROWS + " failed or running executions in " + table("JOB_EXECUTION") + " since "
                            + cutoff + ": shorten 'window', or mark old executions ABANDONED");
        }
        Map<Long, Instant> stepUpdates = readStepUpdates(
                session,
                rows.stream()
                        .filter(row ->
                                row.status() != null && statuses.classify(row.status()) == ExecutionState.RUNNING)
                        .map(Row::id)
                        .toList());
        List<ExecutionRecord> executions = new ArrayList<>();
        for (Row row : rows) {
            Instant lastUpdated = latest(row.lastUpdated(), stepUpdates.get(row.id()));
            String rowStatus = row.status();
            String status = rowStatus == null ? "(none)" : rowStatus;
            executions.add(ExecutionRecord.of(row.job(), status, statuses.classify(status))
                    .executionId(String.valueOf(row.id()))
                    .exitCode(row.exitCode())
                    .message(row.exitMessage())
                    .createdAt(row.created())
                    .startedAt(row.started())
                    .endedAt(row.ended())
                    .lastUpdatedAt(lastUpdated)
                    .build());
        }
        return executions;
    }

    private Map<Long, Instant> readStepUpdates(final JdbcSession session, final List<Long> runningIds)
            throws CheckException {
        List<Long> ids =
                runningIds.size() > MAX_RUNNING_LOOKED_UP ? runningIds.subList(0, MAX_RUNNING_LOOKED_UP) : runningIds;
        String condition = ids.isEmpty()
                ? "1 = 0"
                : "JOB_EXECUTION_ID IN (" + ids.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")";
        String sql = "SELECT JOB_EXECUTION_ID, MAX(LAST_UPDATED) FROM " + table("STEP_EXECUTION") + " WHERE "
                + condition + " GROUP BY JOB_EXECUTION_ID";
        Map<Long, Instant> updates = new LinkedHashMap<>();
        try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
            statement.setQueryTimeout(session.queryTimeoutSeconds());
            for (int index = 0; index < ids.size(); index++) {
                statement.setLong(index + 1, ids.get(index));
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Instant time = time(result, 2);
                    if (time != null) {
                        updates.put(result.getLong(1), time);
                    }
                }
            }
        } catch (SQLException exception) {
            throw failure(session, exception, "Reading " + table("STEP_EXECUTION"));
        }
        return updates;
    }

    private Map<String, Instant> readLastSuccess(final JdbcSession session) throws CheckException {
        String sql =
                "SELECT I.JOB_NAME, MAX(E.END_TIME) FROM " + table("JOB_EXECUTION") + " E JOIN " + table("JOB_INSTANCE")
                        + " I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE E.STATUS = 'COMPLETED' GROUP BY I.JOB_NAME";
        Map<String, Instant> lastSuccess = new LinkedHashMap<>();
        try (PreparedStatement statement = session.connection().prepareStatement(sql)) {
            statement.setQueryTimeout(session.queryTimeoutSeconds());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Instant time = time(result, 2);
                    if (time != null) {
                        lastSuccess.put(result.getString(1), time);
                    }
                }
            }
        } catch (SQLException exception) {
            throw failure(session, exception, "Reading the latest COMPLETED executions from " + table("JOB_EXECUTION"));
        }
        return Collections.unmodifiableMap(lastSuccess);
    }

    private CheckException failure(final JdbcSession session, final SQLException exception, final String what) {
        return session.failure(
                exception, what, database.hints("check 'tablePrefix' (now " + prefix + ") and the database in 'url'"));
    }

    private String table(final String name) {
        return prefix + name;
    }

    @CheckForNull
    private Instant time(final ResultSet result, final int column) throws SQLException {
        LocalDateTime local = result.getObject(column, LocalDateTime.class);
        return local == null ? null : Timestamps.of(local, zone);
    }

    @CheckForNull
    private static Instant latest(@CheckForNull final Instant first, @CheckForNull final Instant second) {
        if (first == null) {
            return second;
        }
        return second == null || first.isAfter(second) ? first : second;
    }

    /** One row of the executions query. */
    private record Row(
            long id,
            String job,
            @CheckForNull Instant created,
            @CheckForNull Instant started,
            @CheckForNull Instant ended,
            @CheckForNull String status,
            @CheckForNull String exitCode,
            @CheckForNull String exitMessage,
            @CheckForNull Instant lastUpdated) {}
}
