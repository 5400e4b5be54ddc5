package io.jenkins.plugins.releasegate.cli.demo;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;

/**
 * A Spring Batch 5 job repository in its own database, with the rows Spring Batch writes for each job run:
 * job instance, job execution with its parameters and context, step executions with their counts. Times
 * are written in UTC, as a batch application running in UTC writes them.
 */
final class BatchJobRepository {
    /** The database name. */
    static final String NAME = "batch";
    /** The nightly export that must complete every day. */
    static final String ORDER_EXPORT = "orderExport";
    /** The nightly invoicing that must complete every day. */
    static final String INVOICE_RUN = "invoiceRun";
    /** The hourly stock synchronization. */
    static final String STOCK_SYNC = "stockSync";

    private static final String FAILURE = "org.springframework.dao.DataAccessResourceFailureException: "
            + "Unable to acquire JDBC Connection for invoice item writer; connection to invoices-db.internal:5432 refused";

    /**
     * One job run as Spring Batch records it.
     *
     * @param job the job name
     * @param step the name of its single step
     * @param startedAgo how long ago it started
     * @param runtime how long it ran, {@code null} while it is still marked as running
     * @param status the batch status: COMPLETED, FAILED or STARTED
     * @param silentFor how long ago the repository was last updated, for a run still marked as running
     * @param items the items read and written
     */
    private record Run(
            String job,
            String step,
            Duration startedAgo,
            @CheckForNull Duration runtime,
            String status,
            Duration silentFor,
            int items) {}

    private BatchJobRepository() {}

    /**
     * Describes the latest run of each job in a scenario.
     *
     * @param scenario the scenario
     * @return one line per job
     */
    static List<String> describe(final Scenario scenario) {
        if (scenario == Scenario.incident) {
            return List.of(
                    ORDER_EXPORT + ": COMPLETED 6h ago",
                    INVOICE_RUN + ": FAILED 3h ago (Unable to acquire JDBC Connection)",
                    STOCK_SYNC
                            + ": STARTED 5h ago and silent for 4h: its JVM was killed, the repository still says STARTED");
        }
        return List.of(
                ORDER_EXPORT + ": COMPLETED 6h ago",
                INVOICE_RUN + ": COMPLETED 3h ago",
                STOCK_SYNC + ": COMPLETED 1h ago");
    }

    private static List<Run> runs(final Scenario scenario) {
        List<Run> runs = new ArrayList<>(List.of(
                completed(ORDER_EXPORT, "exportOrders", 54, 17, 1_812),
                completed(INVOICE_RUN, "createInvoices", 51, 42, 3_405),
                completed(ORDER_EXPORT, "exportOrders", 30, 16, 1_790),
                completed(INVOICE_RUN, "createInvoices", 27, 40, 3_377),
                completed(ORDER_EXPORT, "exportOrders", 6, 18, 1_856)));
        if (scenario == Scenario.incident) {
            runs.add(completed(STOCK_SYNC, "syncStock", 6, 11, 500));
            runs.add(new Run(STOCK_SYNC, "syncStock", Duration.ofHours(5), null, "STARTED", Duration.ofHours(4), 180));
            runs.add(new Run(
                    INVOICE_RUN,
                    "createInvoices",
                    Duration.ofHours(3),
                    Duration.ofMinutes(9),
                    "FAILED",
                    Duration.ZERO,
                    412));
        } else {
            runs.add(completed(STOCK_SYNC, "syncStock", 3, 12, 500));
            runs.add(completed(STOCK_SYNC, "syncStock", 2, 11, 500));
            runs.add(completed(INVOICE_RUN, "createInvoices", 3, 41, 3_392));
            runs.add(completed(STOCK_SYNC, "syncStock", 1, 12, 500));
        }
        return runs;
    }

    private static Run completed(
            final String job, final String step, final int hoursAgo, final int minutes, final int items) {
        return new Run(
                job, step, Duration.ofHours(hoursAgo), Duration.ofMinutes(minutes), "COMPLETED", Duration.ZERO, items);
    }

    /**
     * Creates the database, the job repository's tables and the rows of the scenario's job runs, and lets
     * the read-only role read the three tables batchHealth reads, as docs/checks/batch-health.md grants.
     *
     * @param database the server
     * @param accounts the passwords
     * @param scenario the scenario
     * @param now the current time
     * @throws SQLException if a statement fails
     */
    static void create(final DemoDatabase database, final Accounts accounts, final Scenario scenario, final Instant now)
            throws SQLException {
        create(database, NAME, accounts, scenario, now);
    }

    /**
     * Creates the job repository in a database of the given name.
     *
     * @param database the server
     * @param name the database name
     * @param accounts the passwords
     * @param scenario the scenario
     * @param now the current time
     * @throws SQLException if a statement fails
     */
    static void create(
            final DemoDatabase database,
            final String name,
            final Accounts accounts,
            final Scenario scenario,
            final Instant now)
            throws SQLException {
        database.createDatabase(name, Accounts.BATCH_APPLICATION);
        try (Connection connection =
                database.connect(name, Accounts.BATCH_APPLICATION, accounts.batchApplication(), "nightly-batch")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(Template.resource("batch/job-repository-postgresql.sql"));
            }
            LocalDateTime utcNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC).withNano(0);
            for (Run run : runs(scenario)) {
                insert(connection, run, utcNow);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("GRANT SELECT ON batch_job_instance, batch_job_execution, batch_step_execution TO "
                        + Accounts.BATCH_READER);
            }
        }
    }

    private static void insert(final Connection connection, final Run run, final LocalDateTime now)
            throws SQLException {
        LocalDateTime started = now.minus(run.startedAgo());
        LocalDate runDate = started.toLocalDate();
        boolean running = run.runtime() == null;
        LocalDateTime ended = running ? null : started.plus(run.runtime());
        LocalDateTime lastUpdated = running ? now.minus(run.silentFor()) : ended;
        boolean hourly = STOCK_SYNC.equals(run.job());
        String parameterName = hourly ? "run.id" : "run.date";
        String parameterType = hourly ? "java.lang.Long" : "java.time.LocalDate";
        String parameterValue =
                hourly ? String.valueOf(started.toEpochSecond(ZoneOffset.UTC) / 3_600) : runDate.toString();

        long instance = nextValue(connection, "batch_job_seq");
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES (?, 0, ?, ?)")) {
            insert.setLong(1, instance);
            insert.setString(2, run.job());
            insert.setString(3, jobKey(parameterName, parameterType, parameterValue));
            insert.executeUpdate();
        }
        long execution = nextValue(connection, "batch_job_execution_seq");
        String exitCode = running ? "UNKNOWN" : run.status();
        String exitMessage = "FAILED".equals(run.status()) ? FAILURE : "";
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO batch_job_execution (job_execution_id, version, "
                        + "job_instance_id, create_time, start_time, end_time, status, exit_code, exit_message, last_updated) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, execution);
            insert.setLong(2, running ? 1 : 2);
            insert.setLong(3, instance);
            insert.setObject(4, started.minusSeconds(1));
            insert.setObject(5, started);
            insert.setObject(6, ended);
            insert.setString(7, run.status());
            insert.setString(8, exitCode);
            insert.setString(9, exitMessage);
            insert.setObject(10, lastUpdated);
            insert.executeUpdate();
        }
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO batch_job_execution_params (job_execution_id, "
                        + "parameter_name, parameter_type, parameter_value, identifying) VALUES (?, ?, ?, ?, 'Y')")) {
            insert.setLong(1, execution);
            insert.setString(2, parameterName);
            insert.setString(3, parameterType);
            insert.setString(4, parameterValue);
            insert.executeUpdate();
        }
        insertContext(connection, "batch_job_execution_context", "job_execution_id", execution);

        long step = nextValue(connection, "batch_step_execution_seq");
        int chunks = Math.max(1, run.items() / 100);
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO batch_step_execution (step_execution_id, version, "
                        + "step_name, job_execution_id, create_time, start_time, end_time, status, commit_count, read_count, filter_count, "
                        + "write_count, read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code, exit_message, "
                        + "last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, 0, 0, ?, ?, ?, ?)")) {
            insert.setLong(1, step);
            insert.setLong(2, chunks + 2L);
            insert.setString(3, run.step());
            insert.setLong(4, execution);
            insert.setObject(5, started);
            insert.setObject(6, started);
            insert.setObject(7, ended);
            insert.setString(8, run.status());
            insert.setLong(9, chunks);
            insert.setLong(10, run.items());
            insert.setLong(11, "FAILED".equals(run.status()) ? run.items() - 12 : run.items());
            insert.setLong(12, "FAILED".equals(run.status()) ? 1 : 0);
            insert.setString(13, running ? "EXECUTING" : exitCode);
            insert.setString(14, exitMessage);
            insert.setObject(15, lastUpdated);
            insert.executeUpdate();
        }
        insertContext(connection, "batch_step_execution_context", "step_execution_id", step);
    }

    private static long nextValue(final Connection connection, final String sequence) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT nextval(CAST(? AS regclass))")) {
            statement.setString(1, sequence);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * Writes an execution context the way Spring Batch's default serializer does: a serialized map, in Base64.
     */
    private static void insertContext(
            final Connection connection, final String table, final String idColumn, final long id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + idColumn
                + ", short_context, serialized_context) VALUES (?, ?, NULL)")) {
            insert.setLong(1, id);
            insert.setString(2, emptyContext());
            insert.executeUpdate();
        }
    }

    private static String emptyContext() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(new HashMap<String, Object>());
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * Returns the key Spring Batch's {@code DefaultJobKeyGenerator} computes for one identifying parameter: the
     * MD5 of {@code name={value=..., type=class ..., identifying=true};}.
     */
    static String jobKey(final String name, final String type, final String value) {
        String identifying = name + "={value=" + value + ", type=class " + type + ", identifying=true};";
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(identifying.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException exception) {
            throw new IllegalStateException(exception);
        }
    }
}
