package io.jenkins.plugins.releasegate.cli.demo;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;

/**
 * The demo's embedded PostgreSQL server, listening on 127.0.0.1 only, every role with a password.
 */
final class DemoDatabase implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUPERUSER = "postgres";

    /** How long stopping waits for the server's last process, its shutdown checkpoint included. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String superuserPassword;

    private DemoDatabase(final EmbeddedPostgres postgres, final Path dataDirectory, final String superuserPassword) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.superuserPassword = superuserPassword;
    }

    /**
     * Initializes a cluster in a new directory and starts it. The server starts with trust authentication
     * (as initdb leaves it); the superuser then gets a password and {@code pg_hba.conf} is replaced so that
     * every connection needs one.
     *
     * @param dataDirectory an empty or missing directory for the cluster, deleted once the server stopped
     * @param log where the server's output is appended
     * @return the running server
     * @throws IOException if the server cannot be set up or started
     * @throws SQLException if it cannot be configured
     */
    static DemoDatabase start(final Path dataDirectory, final Path log) throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
        String password = generatePassword();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            setPassword(connection, SUPERUSER, password);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # release-gate demo: every role signs in with its password, over 127.0.0.1 only.
                    host all all 127.0.0.1/32 scram-sha-256
                    """, StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException | RuntimeException exception) {
            new DemoDatabase(postgres, dataDirectory, password).close();
            throw exception;
        }
        return new DemoDatabase(postgres, dataDirectory, password);
    }

    /**
     * Returns a new random password of 24 URL-safe characters.
     *
     * @return the password
     */
    static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    int port() {
        return postgres.getPort();
    }

    /**
     * Returns the JDBC URL of a database.
     *
     * @param database the database name
     * @return the URL, such as {@code jdbc:postgresql://127.0.0.1:5432/orders}
     */
    String url(final String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * Connects as the superuser, for setting the scenario up.
     *
     * @param database the database name
     * @return the connection
     * @throws SQLException if the connection fails
     */
    Connection superuser(final String database) throws SQLException {
        return connect(database, SUPERUSER, superuserPassword, "release-gate-demo");
    }

    /**
     * Connects as a role.
     *
     * @param database the database name
     * @param user the role
     * @param password its password
     * @param applicationName the application name other sessions see in {@code pg_stat_activity}
     * @return the connection
     * @throws SQLException if the connection fails
     */
    Connection connect(final String database, final String user, final String password, final String applicationName)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url(database), properties);
    }

    /**
     * Creates a role that signs in with a password.
     *
     * @param name the role name
     * @param password its password
     * @param grants roles granted to it, such as {@code pg_monitor}
     * @throws SQLException if the role cannot be created
     */
    void createRole(final String name, final String password, final String... grants) throws SQLException {
        try (Connection connection = superuser("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + name + " LOGIN");
            setPassword(connection, name, password);
            for (String grant : grants) {
                statement.execute("GRANT " + grant + " TO " + name);
            }
        }
    }

    /**
     * Sets a role's password as a SCRAM verifier computed by the driver, so that the password itself never
     * reaches the server, nor its log should the statement fail.
     */
    private static void setPassword(final Connection connection, final String role, final String password)
            throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /**
     * Creates a database.
     *
     * @param name the database name
     * @param owner the role that owns it
     * @throws SQLException if the database cannot be created
     */
    void createDatabase(final String name, final String owner) throws SQLException {
        try (Connection connection = superuser("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
    }

    /**
     * Returns the server's version.
     *
     * @return the version, such as {@code 14.19}
     * @throws SQLException if it cannot be read
     */
    String version() throws SQLException {
        try (Connection connection = superuser("postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        }
    }

    /**
     * Stops the server (a fast shutdown: sessions are ended), waits until its last process has exited, and
     * deletes its data directory. The embedded server's own stop gives up waiting after 5s, which a shutdown
     * checkpoint on a busy machine can take longer than.
     *
     * @throws IOException if the data directory cannot be deleted
     */
    @Override
    public void close() throws IOException {
        Optional<ProcessHandle> postmaster = postmaster();
        postgres.close();
        if (postmaster.isPresent()) {
            try {
                postmaster.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException exception) {
                postmaster.get().destroyForcibly();
            }
        }
        deleteRecursively(dataDirectory);
    }

    /** Returns the server's main process, named on the first line of {@code postmaster.pid} while it runs. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException exception) {
            return Optional.empty();
        }
    }

    /**
     * Deletes a directory with everything in it, if it exists.
     *
     * @param directory the directory
     * @throws IOException if something cannot be deleted
     */
    static void deleteRecursively(final Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path visited, @CheckForNull final IOException exception)
                    throws IOException {
                if (exception != null) {
                    throw exception;
                }
                Files.delete(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
