package io.jenkins.plugins.releasegate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {
    @Test
    void shouldStartAServerThatAcceptsRootAndStopIt() throws Exception {
        // Given
        MariaDbServer server = MariaDbServer.start("--max-connections=42");
        String url;
        try {
            // When
            server.execute(
                    "CREATE DATABASE fixture",
                    "CREATE TABLE fixture.t (id INT PRIMARY KEY)",
                    "INSERT INTO fixture.t VALUES (7)");
            url = server.jdbcUrl("fixture");

            // Then
            try (Connection connection = server.rootConnection("fixture");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id, @@max_connections, VERSION() FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
                assertThat(rows.getInt(2)).isEqualTo(42);
                assertThat(rows.getString(3)).contains("MariaDB");
            }
            assertThat(url).isEqualTo("jdbc:mariadb://127.0.0.1:" + server.port() + "/fixture");
        } finally {
            server.stop();
        }

        // Then
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, MariaDbServer.ROOT_USER, "")
                        .close())
                .isInstanceOf(SQLException.class);
    }
}
