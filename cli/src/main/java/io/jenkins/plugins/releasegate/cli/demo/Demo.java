package io.jenkins.plugins.releasegate.cli.demo;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.cli.EnvironmentCredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The systems of the demo, started for one gate run and stopped after it: an embedded PostgreSQL holding the
 * orders database (with real sessions on it) and a Spring Batch job repository, the orders service's
 * repository with its rollback plan and migrations, and the orders API's health endpoint. Also writes the gate
 * definition that checks them, from the template in {@code examples/demo/release-gate.yaml}.
 *
 * <p>{@link #close()} may be called from a shutdown hook while {@link #start()} is still running: whatever
 * was started is stopped, and the start ends with an exception.</p>
 */
public final class Demo implements AutoCloseable {
    /** The release the demo's gate is run for. */
    public static final String RELEASE = "2.8.0";
    /** The file name of the gate definition written to the output directory. */
    public static final String DEFINITION = "release-gate.yaml";
    /** The directory, in the output directory, of the repository the checks read. */
    public static final String WORKSPACE = "workspace";
    /** The file name, in the output directory, of PostgreSQL's own log. */
    public static final String DATABASE_LOG = "postgresql.log";
    /** The credentials id of the dbLoad check's monitoring account. */
    public static final String ORDERS_DB_CREDENTIALS = "orders-db-monitor";
    /** The credentials id of the batchHealth check's read-only account. */
    public static final String BATCH_DB_CREDENTIALS = "batch-db-reader";
    /** Where the template of the gate definition is, in the project. */
    public static final String TEMPLATE_SOURCE = "examples/demo/release-gate.yaml";

    private final Scenario scenario;
    private final Path output;
    private final Consumer<String> progress;
    private final Accounts accounts = Accounts.generate();

    @CheckForNull
    private DemoDatabase database;

    @CheckForNull
    private Path dataDirectory;

    @CheckForNull
    private OrdersWorkload workload;

    @CheckForNull
    private HealthEndpoint endpoint;

    @CheckForNull
    private String definition;

    private boolean closed;

    /**
     * Creates a demo; nothing runs before {@link #start()}.
     *
     * @param scenario the scenario
     * @param output the directory of the definition, the repository, the reports and PostgreSQL's log
     * @param progress hears one line per step
     */
    public Demo(final Scenario scenario, final Path output, final Consumer<String> progress) {
        this.scenario = scenario;
        this.output = output;
        this.progress = progress;
    }

    /**
     * Starts PostgreSQL, loads the scenario, starts the health endpoint and writes the gate definition.
     *
     * @throws DemoException if something cannot be set up, or the demo was closed meanwhile
     * @throws InterruptedException if interrupted
     */
    public void start() throws DemoException, InterruptedException {
        try {
            RollbackWorkspace.checkReplaceable(workspace());
            Files.createDirectories(output);
            Path log = output.resolve(DATABASE_LOG);
            Files.deleteIfExists(log);
            long started = System.nanoTime();
            progress.accept("Starting PostgreSQL (embedded; the first run on a machine unpacks it) …");
            Path data = Files.createTempDirectory("release-gate-demo-postgres");
            DemoDatabase server = startDatabase(data, log);
            progress.accept("  PostgreSQL " + server.version() + " on 127.0.0.1:" + server.port() + ", ready in "
                    + Quantity.format(Duration.ofNanos(System.nanoTime() - started)) + " (its log: " + log + ")");

            progress.accept("Loading the scenario '" + scenario + "':");
            Instant now = Instant.now();
            server.createRole(Accounts.ORDERS_APPLICATION, accounts.ordersApplication());
            server.createRole(Accounts.MONITOR, accounts.monitor(), "pg_monitor");
            server.createRole(Accounts.BATCH_APPLICATION, accounts.batchApplication());
            server.createRole(Accounts.BATCH_READER, accounts.batchReader());
            OrdersDatabase.create(server, accounts, now);
            progress.accept(String.format(
                    Locale.ROOT,
                    "  database %s: %,d customers, %,d orders, %,d order lines; Flyway migrations V1 and V2 "
                            + "applied, V3 pending (it comes with %s)",
                    OrdersDatabase.NAME,
                    OrdersDatabase.CUSTOMERS,
                    OrdersDatabase.ORDERS,
                    3 * OrdersDatabase.ORDERS,
                    RELEASE));
            OrdersWorkload sessions = keep(OrdersWorkload.start(server, accounts, scenario));
            OrdersWorkload.describe(scenario).forEach(line -> progress.accept("  sessions: " + line));
            BatchJobRepository.create(server, accounts, scenario, now);
            progress.accept("  database " + BatchJobRepository.NAME + ", a Spring Batch job repository: "
                    + String.join("; ", BatchJobRepository.describe(scenario)));
            RollbackWorkspace.write(workspace(), scenario, now);
            progress.accept("  repository " + workspace() + ": " + RollbackWorkspace.describe(scenario));
            HealthEndpoint health = keep(HealthEndpoint.start(server, accounts));
            progress.accept("  orders API health endpoint: " + health.url());
            sessions.awaitSettled();

            String text = Template.fill(
                    template(),
                    Map.of("DB_PORT", String.valueOf(server.port()), "API_PORT", String.valueOf(health.port())));
            Files.writeString(definitionFile(), text, StandardCharsets.UTF_8);
            synchronized (this) {
                definition = text;
            }
        } catch (IOException | SQLException | RuntimeException exception) {
            throw failure(exception);
        }
    }

    private DemoDatabase startDatabase(final Path data, final Path log)
            throws IOException, SQLException, DemoException {
        synchronized (this) {
            if (closed) {
                throw stopped();
            }
            dataDirectory = data;
        }
        DemoDatabase server;
        try {
            server = DemoDatabase.start(data, log);
        } catch (IllegalStateException exception) {
            if (String.valueOf(exception.getMessage()).contains("Missing embedded postgres binaries")) {
                throw new DemoException(
                        "This jar has no PostgreSQL for " + System.getProperty("os.name") + " on "
                                + System.getProperty("os.arch")
                                + ": the demo runs on Linux, macOS and Windows on x86-64 (and on macOS and "
                                + "Windows on ARM through their x86-64 emulation)",
                        exception);
            }
            throw new DemoException(
                    "PostgreSQL did not start: " + exception.getMessage() + ". Its output is in " + log, exception);
        } catch (IOException exception) {
            throw new DemoException(
                    "PostgreSQL did not start: " + exception.getMessage() + ". Its output is in " + log, exception);
        }
        return keep(server);
    }

    private synchronized DemoException failure(final Exception exception) {
        if (closed) {
            return stopped();
        }
        String message = exception.getMessage();
        String reason = exception instanceof IOException && message != null && !message.contains(" ")
                ? exception.getClass().getSimpleName() + ": " + message
                : String.valueOf(message);
        return new DemoException(
                "The demo could not be set up: " + reason
                        + (database == null ? "" : " (PostgreSQL's log: " + output.resolve(DATABASE_LOG) + ")"),
                exception);
    }

    private static DemoException stopped() {
        return new DemoException("The demo was stopped", new InterruptedException());
    }

    private synchronized <T extends AutoCloseable> T keep(final T component) throws DemoException {
        if (closed) {
            closeQuietly(component);
            throw stopped();
        }
        if (component instanceof DemoDatabase server) {
            database = server;
        } else if (component instanceof OrdersWorkload sessions) {
            workload = sessions;
        } else if (component instanceof HealthEndpoint health) {
            endpoint = health;
        }
        return component;
    }

    /**
     * Returns the template of the gate definition, as shipped in {@value #TEMPLATE_SOURCE}: {@code ${DB_PORT}} and
     * {@code ${API_PORT}} stand for the ports the demo's database and health endpoint listen on.
     *
     * @return the template
     */
    public static String template() {
        return Template.resource(DEFINITION);
    }

    /**
     * Returns the gate definition with the ports filled in, once started.
     *
     * @return the YAML text
     * @throws IllegalStateException if the demo has not started
     */
    public synchronized String definition() {
        if (definition == null) {
            throw new IllegalStateException("The demo has not started");
        }
        return definition;
    }

    /**
     * Returns where the gate definition is written.
     *
     * @return the file
     */
    public Path definitionFile() {
        return output.resolve(DEFINITION);
    }

    /**
     * Returns the repository the checks read.
     *
     * @return the directory
     */
    public Path workspace() {
        return output.resolve(WORKSPACE);
    }

    /**
     * Returns the environment variables holding the credentials the definition names, as a user would export
     * them. They live in memory only.
     *
     * @return the variables
     */
    public Map<String, String> environment() {
        String orders = EnvironmentCredentialsResolver.variablePrefix(ORDERS_DB_CREDENTIALS);
        String batch = EnvironmentCredentialsResolver.variablePrefix(BATCH_DB_CREDENTIALS);
        return Map.of(
                orders + "_USERNAME",
                Accounts.MONITOR,
                orders + "_PASSWORD",
                accounts.monitor(),
                batch + "_USERNAME",
                Accounts.BATCH_READER,
                batch + "_PASSWORD",
                accounts.batchReader());
    }

    /**
     * Returns the names of the variables of {@link #environment()}.
     *
     * @return the names, sorted
     */
    public List<String> environmentNames() {
        return environment().keySet().stream().sorted().toList();
    }

    /**
     * Returns whether the demo was closed.
     *
     * @return {@code true} once {@link #close()} was called
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops the sessions, the health endpoint and PostgreSQL, and deletes PostgreSQL's data directory. Safe to
     * call more than once and from a shutdown hook; the files in the output directory stay.
     */
    @Override
    public void close() {
        OrdersWorkload sessions;
        HealthEndpoint health;
        DemoDatabase server;
        Path data;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sessions = workload;
            health = endpoint;
            server = database;
            data = dataDirectory;
        }
        closeQuietly(sessions);
        closeQuietly(health);
        closeQuietly(server);
        if (data != null) {
            deleteQuietly(data);
        }
    }

    private static void closeQuietly(@CheckForNull final AutoCloseable component) {
        if (component == null) {
            return;
        }
        try {
            component.close();
        } catch (Exception exception) {
            // Stopping goes on with the next component.
        }
    }

    private static void deleteQuietly(final Path directory) {
        try {
            DemoDatabase.deleteRecursively(directory);
        } catch (IOException exception) {
            // A temporary directory: the system cleans it up eventually.
        }
    }
}
