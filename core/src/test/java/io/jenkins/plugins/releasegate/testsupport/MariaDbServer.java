package io.jenkins.plugins.releasegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server for tests: Debian's {@code mariadbd}, started on a free port of 127.0.0.1 with its
 * own data directory in a temporary folder, as the user running the tests, and removed by {@link #stop()}.
 * The system service is never used.
 *
 * <p>Start one server per test class:</p>
 * <pre>{@code
 * private static MariaDbServer server;
 *
 * @BeforeAll
 * static void startServer() throws Exception {
 *     server = MariaDbServer.start();
 *     server.execute("CREATE DATABASE orders");
 * }
 *
 * @AfterAll
 * static void stopServer() {
 *     server.stop();
 * }
 * }</pre>
 *
 * <p>Needs the Debian package {@code mariadb-server} ({@code mariadbd} and {@code mariadb-install-db}).
 * Like PostgreSQL's {@code initdb}, it should run as an unprivileged user; as root the server is told to
 * run as root explicitly. The user {@code root} has no password and may connect from 127.0.0.1.</p>
 */
public final class MariaDbServer implements AutoCloseable {
    /** The administrator account, without password. */
    public static final String ROOT_USER = "root";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> SERVER_DIRECTORIES =
            List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");

    private final Path directory;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private MariaDbServer(final Path directory, final int port, final Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::kill, "mariadb-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Creates a fresh data directory and starts a server on it, waiting until it accepts connections.
     *
     * @param serverOptions further {@code mariadbd} options, such as {@code --max-connections=20}
     * @return the running server
     * @throws IOException if the server cannot be installed or started; the message holds its error log
     * @throws InterruptedException if interrupted while waiting for the server
     */
    public static MariaDbServer start(final String... serverOptions) throws IOException, InterruptedException {
        Path serverBinary = find("mariadbd", "mysqld");
        Path installBinary = find("mariadb-install-db", "mysql_install_db");
        Path directory = Files.createTempDirectory("mariadb-test-");
        Path dataDirectory = directory.resolve("data");
        String user = System.getProperty("user.name");

        List<String> install = new ArrayList<>(List.of(
                installBinary.toString(),
                "--no-defaults",
                "--datadir=" + dataDirectory,
                "--user=" + user,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                "--innodb-log-file-size=8M"));
        run(install, directory.resolve("install.log"), directory);

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                serverBinary.toString(),
                "--no-defaults",
                "--datadir=" + dataDirectory,
                "--user=" + user,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + directory.resolve("mariadb.sock"),
                "--pid-file=" + directory.resolve("mariadb.pid"),
                "--log-error=" + directory.resolve("error.log"),
                "--skip-name-resolve",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=8M",
                "--character-set-server=utf8mb4"));
        command.addAll(Arrays.asList(serverOptions));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("console.log").toFile())
                .start();
        MariaDbServer server = new MariaDbServer(directory, port, process);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException exception) {
            server.stop();
            throw exception;
        }
        return server;
    }

    /**
     * Returns the TCP port the server listens on, on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns a MariaDB Connector/J URL of a database on this server.
     *
     * @param database the database (schema) name, empty for none
     * @return the URL, such as {@code jdbc:mariadb://127.0.0.1:34567/orders}
     */
    public String jdbcUrl(final String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Opens a connection as {@code root} without a default database.
     *
     * @return the connection; close it
     * @throws SQLException if the connection fails
     */
    public Connection rootConnection() throws SQLException {
        return rootConnection("");
    }

    /**
     * Opens a connection as {@code root} to a database.
     *
     * @param database the database name, empty for none
     * @return the connection; close it
     * @throws SQLException if the connection fails
     */
    public Connection rootConnection(final String database) throws SQLException {
        return connection(database, ROOT_USER, "");
    }

    /**
     * Opens a connection as the given user.
     *
     * @param database the database name, empty for none
     * @param user the user name
     * @param password the password
     * @return the connection; close it
     * @throws SQLException if the connection fails
     */
    public Connection connection(final String database, final String user, final String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /**
     * Runs statements as {@code root}, one after the other, such as {@code CREATE DATABASE} and
     * {@code CREATE USER ... IDENTIFIED BY ...; GRANT ...}.
     *
     * @param statements the SQL statements
     * @throws SQLException if one fails
     */
    public void execute(final String... statements) throws SQLException {
        try (Connection connection = rootConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Returns the server's error log, for assertion messages and diagnostics.
     *
     * @return the log, empty if there is none
     */
    public String errorLog() {
        return readQuietly(directory.resolve("error.log")) + readQuietly(directory.resolve("console.log"));
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL if it has not stopped after 30 seconds) and deletes its
     * data directory. Safe to call more than once.
     */
    public void stop() {
        try {
            process.destroy();
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException exception) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteDirectory();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exception) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void kill() {
        process.destroyForcibly();
        deleteDirectory();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with code " + process.exitValue()
                        + " before accepting connections:\n" + errorLog());
            }
            try {
                rootConnection().close();
                return;
            } catch (SQLException exception) {
                last = exception;
                Thread.sleep(100);
            }
        }
        throw new IOException(
                "mariadbd did not accept connections on 127.0.0.1:" + port + " within " + STARTUP_TIMEOUT.toSeconds()
                        + "s (last error: " + (last == null ? "none" : last.getMessage()) + "):\n" + errorLog());
    }

    private static void run(final List<String> command, final Path log, final Path workingDirectory)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + STARTUP_TIMEOUT.toSeconds()
                    + "s:\n" + readQuietly(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
                    + readQuietly(log));
        }
    }

    private static Path find(final String... names) {
        List<String> directories = new ArrayList<>(SERVER_DIRECTORIES);
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(Arrays.asList(path.split(java.io.File.pathSeparator)));
        }
        for (String name : names) {
            for (String directory : directories) {
                Path candidate = Paths.get(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(
                "MariaDB is not installed: none of " + Arrays.toString(names) + " was found in " + directories
                        + ". Install it with 'apt-get install -y mariadb-server' (the system service is not used).");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void deleteDirectory() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException exception) {
                    throw new UncheckedIOException(exception);
                }
            });
        } catch (IOException | UncheckedIOException exception) {
            System.err.println(
                    "Could not delete the MariaDB test directory " + directory + ": " + exception.getMessage());
        }
    }

    private static String readQuietly(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException exception) {
            return "(cannot read " + file + ": " + exception.getMessage().toLowerCase(Locale.ROOT) + ")";
        }
    }
}
