package io.jenkins.plugins.releasegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL primary with one streaming standby, made with Debian's PostgreSQL binaries
 * ({@code initdb}, {@code pg_basebackup -R}, {@code pg_ctl}) in a temporary directory, on free ports of
 * 127.0.0.1, as the user running the tests. Authentication is {@code trust}; the superuser is
 * {@code postgres}.
 *
 * <p>Needs the Debian package {@code postgresql-15} (or another major version: the binaries are looked up in
 * {@code /usr/lib/postgresql/<version>/bin}, newest first, or in {@code PG_BINARIES}).</p>
 */
public final class PostgresStreamingPair implements AutoCloseable {
    /** The standby's name in {@code pg_stat_replication.application_name}. */
    public static final String STANDBY_NAME = "standby1";

    private final Path binaries;
    private final Path directory;
    private final int primaryPort;
    private final int standbyPort;

    private PostgresStreamingPair(
            final Path binaries, final Path directory, final int primaryPort, final int standbyPort) {
        this.binaries = binaries;
        this.directory = directory;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /**
     * Creates and starts the primary and the standby, and waits until the standby streams.
     *
     * @return the pair
     * @throws Exception if a step fails; the message holds the step's output
     */
    public static PostgresStreamingPair start() throws Exception {
        Path binaries = findBinaries();
        Path directory = Files.createTempDirectory("pg-streaming-");
        PostgresStreamingPair pair = new PostgresStreamingPair(binaries, directory, freePort(), freePort());
        try {
            pair.create();
        } catch (Exception | Error exception) {
            pair.close();
            throw exception;
        }
        return pair;
    }

    private void create() throws Exception {
        Path primary = directory.resolve("primary");
        run(
                List.of(binary("initdb"), "-D", primary.toString(), "-U", "postgres", "-A", "trust", "--no-sync"),
                "initdb");
        Files.writeString(
                primary.resolve("postgresql.conf"),
                String.join(
                        "\n",
                        "listen_addresses = '127.0.0.1'",
                        "unix_socket_directories = '" + directory + "'",
                        "wal_level = replica",
                        "max_wal_senders = 5",
                        "hot_standby = on",
                        "fsync = off",
                        "synchronous_commit = off",
                        "full_page_writes = off",
                        "shared_buffers = 16MB",
                        "max_connections = 20",
                        "wal_receiver_status_interval = 1s",
                        ""),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        run(
                List.of(
                        binary("pg_ctl"),
                        "-D",
                        primary.toString(),
                        "-o",
                        "-p " + primaryPort,
                        "-l",
                        directory.resolve("primary.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                "pg_ctl start (primary)");
        Path standby = directory.resolve("standby");
        run(
                List.of(
                        binary("pg_basebackup"),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(primaryPort),
                        "-U",
                        "postgres",
                        "-D",
                        standby.toString(),
                        "-R",
                        "-X",
                        "stream",
                        "-c",
                        "fast",
                        "--no-sync"),
                "pg_basebackup");
        run(
                List.of(
                        binary("pg_ctl"),
                        "-D",
                        standby.toString(),
                        "-o",
                        "-p " + standbyPort + " -c cluster_name=" + STANDBY_NAME,
                        "-l",
                        directory.resolve("standby.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                "pg_ctl start (standby)");
        awaitStreaming();
    }

    /**
     * Returns the JDBC URL of the primary's {@code postgres} database.
     *
     * @return the URL
     */
    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    }

    /**
     * Returns the JDBC URL of the standby's {@code postgres} database.
     *
     * @return the URL
     */
    public String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres";
    }

    /**
     * Runs statements on the primary as {@code postgres}.
     *
     * @param statements the statements
     * @throws SQLException if one fails
     */
    public void onPrimary(final String... statements) throws SQLException {
        execute(primaryUrl(), statements);
    }

    /**
     * Runs statements on the standby as {@code postgres}.
     *
     * @param statements the statements
     * @throws SQLException if one fails
     */
    public void onStandby(final String... statements) throws SQLException {
        execute(standbyUrl(), statements);
    }

    /**
     * Returns a number read from the primary or the standby as {@code postgres}.
     *
     * @param onStandby whether to ask the standby
     * @param sql a query returning one number
     * @return the number
     * @throws SQLException if it fails
     */
    public double number(final boolean onStandby, final String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(onStandby ? standbyUrl() : primaryUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getDouble(1);
        }
    }

    private void awaitStreaming() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (number(false, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") < 1) {
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "the standby did not start streaming within 60s:\n" + read(directory.resolve("standby.log")));
            }
            Thread.sleep(100);
        }
    }

    private static void execute(final String url, final String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Stops both servers immediately and deletes their directory.
     */
    @Override
    public void close() {
        for (String server : List.of("standby", "primary")) {
            Path data = directory.resolve(server);
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    run(
                            List.of(binary("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                            "pg_ctl stop (" + server + ")");
                } catch (IOException | InterruptedException exception) {
                    System.err.println("Could not stop the test PostgreSQL " + server + ": " + exception.getMessage());
                }
            }
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException exception) {
                    throw new UncheckedIOException(exception);
                }
            });
        } catch (IOException | UncheckedIOException exception) {
            System.err.println("Could not delete " + directory + ": " + exception.getMessage());
        }
    }

    private String binary(final String name) {
        return binaries.resolve(name).toString();
    }

    private void run(final List<String> command, final String step) throws IOException, InterruptedException {
        Path log = directory.resolve("command.log");
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(step + " did not finish within 120s:\n" + read(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(step + " failed with exit code " + process.exitValue() + ":\n" + read(log)
                    + read(directory.resolve("primary.log")) + read(directory.resolve("standby.log")));
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("PG_BINARIES");
        if (configured != null && Files.isExecutable(Path.of(configured, "pg_basebackup"))) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("pg_basebackup")))
                        .max(Comparator.comparing(bin -> Integer.parseInt(
                                bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElseThrow(PostgresStreamingPair::notInstalled);
            } catch (IOException exception) {
                throw new UncheckedIOException(exception);
            }
        }
        throw notInstalled();
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException(
                "PostgreSQL server binaries are not installed: install them with 'apt-get install -y postgresql-15' "
                        + "(the system service is not used) or point PG_BINARIES at a directory holding initdb, pg_ctl and pg_basebackup");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException exception) {
            return "";
        }
    }
}
