package io.jenkins.plugins.releasegate.checks.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Other sessions of a test: connections held open, and statements left running in the background, all
 * closed at the end of the test.
 */
final class BackgroundSessions implements AutoCloseable {
    /** Opens a connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Future<?>> running = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-background-session");
        thread.setDaemon(true);
        return thread;
    });

    BackgroundSessions(final Connector connector) {
        this.connector = connector;
    }

    /**
     * Opens a connection that stays open until {@link #close()}.
     *
     * @return the connection
     */
    Connection open() throws SQLException {
        Connection connection = connector.connect();
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    /**
     * Opens connections that stay open until {@link #close()}.
     *
     * @param count how many
     */
    void openIdle(final int count) throws SQLException {
        for (int index = 0; index < count; index++) {
            open();
        }
    }

    /**
     * Runs statements on a connection of its own in the background; the last one may block or run long.
     *
     * @param statements the statements
     * @return the connection
     */
    Connection runInBackground(final String... statements) throws SQLException {
        Connection connection = open();
        running.add(executor.submit(() -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException exception) {
                // ended by close(): the connection is closed under the statement
            }
            return null;
        }));
        return connection;
    }

    /**
     * Runs statements on a new connection and leaves it open, such as a transaction left idle.
     *
     * @param statements the statements
     * @return the connection
     */
    Connection runAndKeepOpen(final String... statements) throws SQLException {
        Connection connection = open();
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return connection;
    }

    @Override
    public void close() {
        synchronized (connections) {
            for (Connection connection : connections) {
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException exception) {
                    // already gone
                }
            }
            connections.clear();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }
}
