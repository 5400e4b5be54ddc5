package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Telling the server's dialect and making its sessions read-only in its own words.
 */
class DialectTest {
    private static final JdbcTimeouts TIMEOUTS = JdbcTimeouts.of(Duration.ofSeconds(10), Duration.ofSeconds(5));

    @Test
    void shouldTellMariaDbFromMySqlByTheServerVersion() {
        // When / Then
        assertThat(Dialect.of(JdbcUrl.Family.POSTGRESQL, "15.4")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of(JdbcUrl.Family.MYSQL, "10.11.6-MariaDB-0+deb12u1"))
                .isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of(JdbcUrl.Family.MYSQL, "5.5.5-10.4.32-MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of(JdbcUrl.Family.MYSQL, "8.0.36")).isEqualTo(Dialect.MYSQL);
    }

    @Test
    void shouldMakeSessionsReadOnlyWithStatementAndLockTimeoutsOfEachDialect() {
        // When / Then
        assertThat(JdbcSession.readOnlyStatements(Dialect.POSTGRESQL, TIMEOUTS))
                .containsExactly(
                        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                        "SET statement_timeout = 5000",
                        "SET lock_timeout = 1000");
        assertThat(JdbcSession.readOnlyStatements(Dialect.MARIADB, TIMEOUTS))
                .containsExactly(
                        "SET SESSION TRANSACTION READ ONLY",
                        "SET SESSION max_statement_time = 5.0, SESSION lock_wait_timeout = 1, SESSION innodb_lock_wait_timeout = 1");
        assertThat(JdbcSession.readOnlyStatements(Dialect.MYSQL, TIMEOUTS))
                .containsExactly(
                        "SET SESSION TRANSACTION READ ONLY",
                        "SET SESSION max_execution_time = 5000, SESSION lock_wait_timeout = 1, SESSION innodb_lock_wait_timeout = 1");
    }
}
