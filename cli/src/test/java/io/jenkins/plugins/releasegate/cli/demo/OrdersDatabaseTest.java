package io.jenkins.plugins.releasegate.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the demo's orders database and migrations with Flyway itself: the history rows the demo writes are
 * the ones Flyway would have written for V1 and V2 (same checksums), V3 is pending and migrates, and the undo
 * scripts undo.
 */
class OrdersDatabaseTest {
    @TempDir
    private static Path directory;

    private static DemoDatabase database;
    private static Accounts accounts;
    private static Path migrations;

    @BeforeAll
    static void createOrdersDatabase() throws IOException, SQLException {
        database = DemoDatabase.start(directory.resolve("data"), directory.resolve("postgresql.log"));
        accounts = Accounts.generate();
        database.createRole(Accounts.ORDERS_APPLICATION, accounts.ordersApplication());
        database.createRole(Accounts.MONITOR, accounts.monitor(), "pg_monitor");
        OrdersDatabase.create(database, accounts, Instant.now());
        Path workspace = directory.resolve("workspace");
        RollbackWorkspace.write(workspace, Scenario.healthy, Instant.now());
        migrations = workspace.resolve(Migration.DIRECTORY);
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    private static Flyway flyway() {
        return Flyway.configure()
                .dataSource(
                        database.url(OrdersDatabase.NAME), Accounts.ORDERS_APPLICATION, accounts.ordersApplication())
                .locations("filesystem:" + migrations)
                .ignoreMigrationPatterns("*:pending")
                .load();
    }

    @Test
    void shouldHaveTheHistoryFlywayWritesSoThatFlywayValidatesItAndFindsTheReleasesMigrationPending()
            throws SQLException {
        flyway().validate();
        MigrationInfoService info = flyway().info();

        assertThat(info.current().getVersion().getVersion()).isEqualTo("2");
        assertThat(List.of(info.applied()))
                .extracting(MigrationInfo::getScript, MigrationInfo::getState)
                .containsExactly(
                        tuple("V1__create_orders.sql", MigrationState.SUCCESS),
                        tuple("V2__index_orders_by_customer_and_status.sql", MigrationState.SUCCESS));
        assertThat(List.of(info.pending()))
                .extracting(MigrationInfo::getScript)
                .containsExactly("V3__add_delivery_slot.sql");
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(OrdersDatabase.ORDERS);
        assertThat(count("SELECT count(*) FROM order_lines")).isEqualTo(3 * OrdersDatabase.ORDERS);
    }

    @Test
    void shouldLetTheMonitoringRoleReadTheHistoryAndNothingElse() throws SQLException {
        try (Connection connection =
                        database.connect(OrdersDatabase.NAME, Accounts.MONITOR, accounts.monitor(), "test");
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void shouldRefuseASignInWithoutTheRightPassword() {
        assertThatThrownBy(() -> database.connect(
                                OrdersDatabase.NAME, Accounts.MONITOR, "not-" + accounts.monitor(), "test")
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> database.connect(OrdersDatabase.NAME, "postgres", "", "test")
                        .close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void shouldMigrateTheReleaseAndUndoEveryMigrationWithItsUndoScriptInReverseOrder() throws SQLException {
        database.createDatabase("undo_check", Accounts.ORDERS_APPLICATION);
        try (Connection connection = database.connect(
                        "undo_check", Accounts.ORDERS_APPLICATION, accounts.ordersApplication(), "test");
                Statement statement = connection.createStatement()) {
            for (Migration migration : Migration.ALL) {
                statement.execute(migration.sql());
            }
            assertThat(tables(statement)).containsExactlyInAnyOrder("customers", "orders", "order_lines");
            List<Migration> newestFirst = new ArrayList<>(Migration.ALL);
            Collections.reverse(newestFirst);
            for (Migration migration : newestFirst) {
                statement.execute(migration.undoSql());
            }
            assertThat(tables(statement)).isEmpty();
        }
    }

    private static List<String> tables(final Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static int count(final String query) throws SQLException {
        try (Connection connection = database.connect(
                        OrdersDatabase.NAME, Accounts.ORDERS_APPLICATION, accounts.ordersApplication(), "test");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
