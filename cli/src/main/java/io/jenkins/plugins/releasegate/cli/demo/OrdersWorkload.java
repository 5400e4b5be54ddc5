package io.jenkins.plugins.releasegate.cli.demo;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.db.DbLoadSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real sessions on the orders database, as the orders service and its neighbours would hold them: an idle
 * connection pool, API requests reading and updating orders, a report query. In the incident scenario a
 * stock import holds a row lock and sits idle in its transaction, API requests queue behind it, and checkout
 * sessions sit idle in transactions too.
 */
final class OrdersWorkload implements AutoCloseable {
    /** The order whose row the stock import keeps locked in the incident. */
    static final long LOCKED_ORDER = 42;
    /** API requests waiting for that lock in the incident. */
    static final int WAITING_REQUESTS = 6;
    /** Checkout sessions idle in a transaction in the incident, beside the stock import. */
    static final int IDLE_CHECKOUTS = 4;
    /** API worker sessions reading and updating orders. */
    static final int API_WORKERS = 3;

    /**
     * How long the incident's sessions have waited and sat idle before the gate runs: dbLoad counts lock
     * waiters and idle transactions only from {@link DbLoadSettings#MOMENTARY_SECONDS} on, since a busy
     * application waits for milliseconds all the time.
     */
    static final int INCIDENT_AGE_SECONDS = DbLoadSettings.MOMENTARY_SECONDS + 1;

    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final DemoDatabase database;
    private final String password;
    private final Scenario scenario;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private OrdersWorkload(final DemoDatabase database, final String password, final Scenario scenario) {
        this.database = database;
        this.password = password;
        this.scenario = scenario;
    }

    /**
     * Opens the sessions of a scenario. In the incident, the requests that wait for the lock may not have
     * reached it yet: {@link #awaitSettled()} waits until they have.
     *
     * @param database the server
     * @param accounts the passwords
     * @param scenario the scenario
     * @return the running workload
     * @throws SQLException if a session cannot be opened
     */
    static OrdersWorkload start(final DemoDatabase database, final Accounts accounts, final Scenario scenario)
            throws SQLException {
        OrdersWorkload workload = new OrdersWorkload(database, accounts.ordersApplication(), scenario);
        try {
            workload.open();
            return workload;
        } catch (SQLException | RuntimeException exception) {
            workload.close();
            throw exception;
        }
    }

    /**
     * Describes the sessions of a scenario.
     *
     * @param scenario the scenario
     * @return one line per kind of session
     */
    static List<String> describe(final Scenario scenario) {
        List<String> lines = new ArrayList<>();
        lines.add(poolSize(scenario) + " idle connections of the orders API's pool, " + API_WORKERS
                + " API sessions reading and updating orders, 1 report query");
        if (scenario == Scenario.incident) {
            lines.add("a stock import updated order " + LOCKED_ORDER
                    + " and sits idle in its open transaction, holding the row lock");
            lines.add(WAITING_REQUESTS + " API requests updating order " + LOCKED_ORDER + " wait for that lock");
            lines.add(IDLE_CHECKOUTS + " checkout sessions locked orders and sit idle in their transactions");
        }
        return lines;
    }

    private static int poolSize(final Scenario scenario) {
        return scenario == Scenario.incident ? 12 : 8;
    }

    private void open() throws SQLException {
        for (int index = 0; index < poolSize(scenario); index++) {
            Connection connection = connect("orders-api");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        }
        for (int index = 0; index < API_WORKERS; index++) {
            Connection connection = connect("orders-api");
            int worker = index;
            background("orders-api-" + index, () -> apiRequest(connection, worker));
        }
        Connection report = connect("order-report");
        background("order-report", () -> report(report));
        if (scenario == Scenario.incident) {
            Connection stockImport = connect("stock-import");
            stockImport.setAutoCommit(false);
            try (Statement statement = stockImport.createStatement()) {
                statement.executeUpdate(
                        "UPDATE orders SET status = 'ON_HOLD', updated_at = now() WHERE id = " + LOCKED_ORDER);
            }
            for (int index = 0; index < WAITING_REQUESTS; index++) {
                Connection connection = connect("orders-api");
                Statement statement = register(connection.createStatement());
                background(
                        "orders-api-waiting-" + index,
                        () -> statement.executeUpdate(
                                "UPDATE orders SET status = 'PAID', updated_at = now() WHERE id = " + LOCKED_ORDER));
            }
            for (int index = 0; index < IDLE_CHECKOUTS; index++) {
                Connection connection = connect("checkout");
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement
                            .executeQuery("SELECT id FROM orders WHERE id = " + (100 + index) + " FOR UPDATE")
                            .close();
                }
            }
        }
    }

    /**
     * Returns once the sessions are in the state the scenario describes: in the incident, once every waiting
     * request has waited for the lock, and every idle transaction sat idle, for {@value #INCIDENT_AGE_SECONDS}
     * seconds.
     *
     * @throws SQLException if the state cannot be read, or is not reached within a minute
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitSettled() throws SQLException, InterruptedException {
        if (scenario != Scenario.incident) {
            return;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        try (Connection connection = database.superuser(OrdersDatabase.NAME);
                PreparedStatement query = connection.prepareStatement("SELECT "
                        + "count(*) FILTER (WHERE wait_event_type = 'Lock' AND now() - query_start >= make_interval(secs => ?)), "
                        + "count(*) FILTER (WHERE state LIKE 'idle in transaction%' AND now() - state_change >= make_interval(secs => ?)) "
                        + "FROM pg_stat_activity WHERE datname = ?")) {
            query.setInt(1, INCIDENT_AGE_SECONDS);
            query.setInt(2, INCIDENT_AGE_SECONDS);
            query.setString(3, OrdersDatabase.NAME);
            while (true) {
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    if (result.getInt(1) >= WAITING_REQUESTS && result.getInt(2) >= IDLE_CHECKOUTS + 1) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException(
                            "The incident's sessions did not reach their lock waits within 60s; see postgresql.log");
                }
                Thread.sleep(100);
            }
        }
    }

    private void apiRequest(final Connection connection, final int worker) throws SQLException, InterruptedException {
        long customer = 1;
        long order = 1_000 + worker;
        try (PreparedStatement read = register(
                        connection.prepareStatement(
                                "SELECT id, status, total FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 20"));
                PreparedStatement update =
                        register(connection.prepareStatement("UPDATE orders SET updated_at = now() WHERE id = ?"))) {
            while (!stopping) {
                read.setLong(1, customer);
                read.executeQuery().close();
                update.setLong(1, order);
                update.executeUpdate();
                customer = 1 + customer * 31 % OrdersDatabase.CUSTOMERS;
                order = 1_000 + (order + API_WORKERS) % (OrdersDatabase.ORDERS - 1_000);
                Thread.sleep(100);
            }
        }
    }

    private void report(final Connection connection) throws SQLException, InterruptedException {
        try (Statement statement = register(connection.createStatement())) {
            while (!stopping) {
                statement
                        .executeQuery("SELECT status, count(*), sum(total) FROM orders GROUP BY status")
                        .close();
                statement.executeQuery("SELECT pg_sleep(0.5)").close();
                Thread.sleep(50);
            }
        }
    }

    /** Work on a session that ends with an exception when the workload stops. */
    private interface Work {
        void run() throws SQLException, InterruptedException;
    }

    private void background(final String name, final Work work) {
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (SQLException | InterruptedException exception) {
                        // The workload stops by cancelling statements and closing connections.
                    }
                },
                "release-gate-demo-" + name);
        thread.setDaemon(true);
        synchronized (threads) {
            threads.add(thread);
        }
        thread.start();
    }

    private Connection connect(final String applicationName) throws SQLException {
        Connection connection =
                database.connect(OrdersDatabase.NAME, Accounts.ORDERS_APPLICATION, password, applicationName);
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    private <S extends Statement> S register(final S statement) {
        synchronized (statements) {
            statements.add(statement);
        }
        return statement;
    }

    /**
     * Cancels every running statement, ends every session and waits briefly for the threads. Safe to call
     * more than once, and after the server stopped.
     */
    @Override
    public void close() {
        stopping = true;
        List<Statement> running;
        synchronized (statements) {
            running = new ArrayList<>(statements);
        }
        for (Statement statement : running) {
            cancel(statement);
        }
        List<Thread> started;
        synchronized (threads) {
            started = new ArrayList<>(threads);
        }
        started.forEach(Thread::interrupt);
        List<Connection> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
            connections.clear();
        }
        for (Connection connection : open) {
            close(connection);
        }
        for (Thread thread : started) {
            try {
                thread.join(2_000);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void cancel(@CheckForNull final Statement statement) {
        try {
            if (statement != null) {
                statement.cancel();
            }
        } catch (SQLException exception) {
            // Already finished, or the server is gone.
        }
    }

    private static void close(final Connection connection) {
        try {
            connection.close();
        } catch (SQLException exception) {
            // The server is gone.
        }
    }
}
