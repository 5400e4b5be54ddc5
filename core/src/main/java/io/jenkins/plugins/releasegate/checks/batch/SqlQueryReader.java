package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcSession;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads job executions with a SELECT the user writes against their own status table. The query returns
 * one row per execution with the columns {@code job}, {@code status}, {@code started_at} and
 * {@code ended_at}, and optionally {@code execution_id}, {@code exit_code}, {@code message} and
 * {@code last_updated}; column names are matched without case, so alias yours ({@code AS started_at}).
 * It runs in a read-only session with a statement timeout.
 */
final class SqlQueryReader implements BatchStatusReader {
    /** The columns every query returns. */
    static final List<String> REQUIRED_COLUMNS = List.of("job", "status", "started_at", "ended_at");
    /** The columns a query may also return. */
    static final List<String> OPTIONAL_COLUMNS = List.of("execution_id", "exit_code", "message", "last_updated");
    /** The most rows read; more means the query should be limited to recent runs. */
    static final int MAX_ROWS = 10_000;

    private static final Set<String> TIME_COLUMNS = Set.of("started_at", "ended_at", "last_updated");
    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(\\s+|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*", Pattern.DOTALL);

    private final BatchDatabase database;
    private final String query;
    private final StatusValues statuses;
    private final ZoneId zone;

    /**
     * Creates a reader.
     *
     * @param database the database
     * @param query the SELECT, already validated by {@link #problemWithQuery(String)}
     * @param statuses what the status values mean
     * @param zone the zone of times stored without zone
     */
    SqlQueryReader(final BatchDatabase database, final String query, final StatusValues statuses, final ZoneId zone) {
        this.database = database;
        this.query = query.strip().replaceAll(";\\s*$", "");
        this.statuses = statuses;
        this.zone = zone;
    }

    /**
     * Returns what is wrong with a status query given in a gate definition.
     *
     * @param query the query
     * @return the problem and what to do, empty if it looks like a single SELECT that calls no function with
     *         side effects ({@link SideEffectFunctions})
     */
    static Optional<String> problemWithQuery(final String query) {
        if (query.isBlank()) {
            return Optional.empty(); // reported as missing by the settings
        }
        String body = LEADING_COMMENTS.matcher(query).replaceFirst("");
        String firstWord = body.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
        if (!"SELECT".equals(firstWord) && !"WITH".equals(firstWord)) {
            return Optional.of(
                    "must be a single SELECT (or WITH ... SELECT) returning job, status, started_at and ended_at; it starts with '"
                            + (firstWord.length() > 20 ? firstWord.substring(0, 20) + "…" : firstWord) + "'");
        }
        if (body.strip().replaceAll(";\\s*$", "").contains(";")) {
            return Optional.of("must be a single statement: remove the ';' inside it");
        }
        return SideEffectFunctions.problem(body);
    }

    @Override
    public String describe() {
        return "status query on " + database.url().display();
    }

    @Override
    public BatchObservation read(final CheckContext context, final Instant now) throws CheckException {
        Optional<String> problem = problemWithQuery(query);
        if (problem.isPresent()) {
            throw new CheckException("The status query was not run: it " + problem.get());
        }
        try (JdbcSession session = database.open(context)) {
            try (PreparedStatement statement = session.connection().prepareStatement(query)) {
                statement.setQueryTimeout(session.queryTimeoutSeconds());
                statement.setMaxRows(MAX_ROWS + 1);
                try (ResultSet result = statement.executeQuery()) {
                    return read(result);
                }
            } catch (SQLException exception) {
                throw session.failure(
                        exception,
                        "Running the status query",
                        database.hints("check the table names in 'query' and the database in 'url'"));
            }
        }
    }

    private BatchObservation read(final ResultSet result) throws SQLException, CheckException {
        Map<String, Column> columns = columns(result.getMetaData());
        List<ExecutionRecord> executions = new ArrayList<>();
        Map<String, Instant> lastSuccess = new LinkedHashMap<>();
        int rowNumber = 0;
        while (result.next()) {
            rowNumber++;
            if (rowNumber > MAX_ROWS) {
                throw new CheckException("The status query returned more than " + MAX_ROWS
                        + " rows: limit it to recent runs and the latest run of each job");
            }
            String job = text(result, columns.get("job"));
            if (job == null || job.isBlank()) {
                throw new CheckException(
                        "Row " + rowNumber + " of the status query has no job name: make sure 'job' is never NULL");
            }
            String status = Optional.ofNullable(text(result, columns.get("status")))
                    .map(String::strip)
                    .orElse("(none)");
            ExecutionState state = statuses.classify(status);
            ExecutionRecord execution = ExecutionRecord.of(job, status, state)
                    .executionId(text(result, columns.get("execution_id")))
                    .exitCode(text(result, columns.get("exit_code")))
                    .message(text(result, columns.get("message")))
                    .startedAt(time(result, columns.get("started_at"), rowNumber))
                    .endedAt(time(result, columns.get("ended_at"), rowNumber))
                    .lastUpdatedAt(time(result, columns.get("last_updated"), rowNumber))
                    .build();
            executions.add(execution);
            if (state == ExecutionState.SUCCEEDED) {
                Instant finished = execution.endedAt() != null ? execution.endedAt() : execution.startedAt();
                if (finished != null) {
                    lastSuccess.merge(job, finished, (first, second) -> first.isAfter(second) ? first : second);
                }
            }
        }
        return new BatchObservation(executions, lastSuccess);
    }

    private Map<String, Column> columns(final ResultSetMetaData metadata) throws SQLException, CheckException {
        Map<String, Column> columns = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int index = 1; index <= metadata.getColumnCount(); index++) {
            String label = metadata.getColumnLabel(index).toLowerCase(Locale.ROOT);
            if (!REQUIRED_COLUMNS.contains(label) && !OPTIONAL_COLUMNS.contains(label)) {
                unknown.add(label);
                continue;
            }
            columns.put(
                    label,
                    new Column(
                            label,
                            index,
                            kind(
                                    label,
                                    metadata.getColumnType(index),
                                    metadata.getColumnTypeName(index).toLowerCase(Locale.ROOT))));
        }
        List<String> missing = REQUIRED_COLUMNS.stream()
                .filter(name -> !columns.containsKey(name))
                .toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new CheckException(
                    "The status query returns " + (missing.isEmpty() ? "" : "no column " + String.join(", ", missing))
                            + (missing.isEmpty() || unknown.isEmpty() ? "" : " and ")
                            + (unknown.isEmpty() ? "" : "unknown columns " + String.join(", ", unknown))
                            + ": return job, status, started_at and ended_at (and optionally "
                            + String.join(", ", OPTIONAL_COLUMNS)
                            + "), aliased with AS where your columns are named differently");
        }
        return columns;
    }

    private Kind kind(final String label, final int type, final String typeName) throws CheckException {
        if (!TIME_COLUMNS.contains(label)) {
            return Kind.TEXT;
        }
        if (type == Types.TIMESTAMP_WITH_TIMEZONE
                || typeName.equals("timestamptz")
                || typeName.contains("with time zone")) {
            return Kind.ZONED;
        }
        if (typeName.equals("timestamp") && database.isMySqlFamily()) {
            return Kind.UTC_WALL_CLOCK; // MySQL and MariaDB TIMESTAMP values come in the session zone, set to UTC
        }
        switch (type) {
            case Types.TIMESTAMP:
                return Kind.WALL_CLOCK;
            case Types.DATE:
                return Kind.DATE;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NULL:
                return Kind.TEXT;
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.NUMERIC:
            case Types.DECIMAL:
            case Types.DOUBLE:
            case Types.FLOAT:
            case Types.REAL:
                return Kind.EPOCH;
            default:
                throw new CheckException("Column " + label + " of the status query has type " + typeName
                        + ": return a timestamp, an ISO-8601 text or epoch seconds");
        }
    }

    @CheckForNull
    private static String text(final ResultSet result, @CheckForNull final Column column) throws SQLException {
        return column == null ? null : result.getString(column.index());
    }

    @CheckForNull
    private Instant time(final ResultSet result, @CheckForNull final Column column, final int rowNumber)
            throws SQLException, CheckException {
        if (column == null) {
            return null;
        }
        int index = column.index();
        switch (column.kind()) {
            case ZONED:
                OffsetDateTime zoned = result.getObject(index, OffsetDateTime.class);
                return zoned == null ? null : zoned.toInstant();
            case UTC_WALL_CLOCK:
                LocalDateTime utc = result.getObject(index, LocalDateTime.class);
                return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
            case WALL_CLOCK:
                LocalDateTime local = result.getObject(index, LocalDateTime.class);
                return local == null ? null : Timestamps.of(local, zone);
            case DATE:
                LocalDate date = result.getObject(index, LocalDate.class);
                return date == null ? null : date.atStartOfDay(zone).toInstant();
            case EPOCH:
                BigDecimal number = result.getBigDecimal(index);
                return number == null ? null : parse(() -> Timestamps.epoch(number), column, rowNumber);
            default:
                String text = result.getString(index);
                return text == null || text.isBlank()
                        ? null
                        : parse(() -> Timestamps.parse(text, zone), column, rowNumber);
        }
    }

    private static Instant parse(final TimeParser parser, final Column column, final int rowNumber)
            throws CheckException {
        try {
            return parser.parse();
        } catch (IllegalArgumentException exception) {
            throw new CheckException(
                    "Row " + rowNumber + " of the status query: " + column.label() + " " + exception.getMessage());
        }
    }

    /** How a column's values become instants. */
    private enum Kind {
        ZONED,
        UTC_WALL_CLOCK,
        WALL_CLOCK,
        DATE,
        EPOCH,
        TEXT
    }

    /** A column the reader uses. */
    private record Column(String label, int index, Kind kind) {}

    /** Parses one value. */
    @FunctionalInterface
    private interface TimeParser {
        Instant parse();
    }
}
