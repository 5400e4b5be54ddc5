package io.jenkins.plugins.releasegate.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The orders service's database: created by its Flyway migrations V1 and V2 (recorded in
 * {@code flyway_schema_history} as Flyway records them), then filled with customers, orders and order lines.
 * Migration V3 is pending: it belongs to the release being deployed.
 */
final class OrdersDatabase {
    /** The database name. */
    static final String NAME = "orders";
    /** Customers loaded. */
    static final int CUSTOMERS = 2_000;
    /** Orders loaded, three lines each. */
    static final int ORDERS = 20_000;

    private static final String HISTORY_TABLE = """
            CREATE TABLE flyway_schema_history (
                installed_rank INT NOT NULL,
                version VARCHAR(50),
                description VARCHAR(200) NOT NULL,
                type VARCHAR(20) NOT NULL,
                script VARCHAR(1000) NOT NULL,
                checksum INT,
                installed_by VARCHAR(100) NOT NULL,
                installed_on TIMESTAMP NOT NULL DEFAULT now(),
                execution_time INT NOT NULL,
                success BOOLEAN NOT NULL,
                CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank)
            );
            CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
            """;

    private static final List<String> DATA = List.of(
            """
            INSERT INTO customers (id, name, country, created_at)
            SELECT i, 'Customer ' || i, (ARRAY['DE', 'FR', 'JP', 'US', 'GB'])[1 + i %% 5], now() - (i %% 700) * interval '1 day'
            FROM generate_series(1, %d) AS i
            """.formatted(CUSTOMERS),
            """
            INSERT INTO orders (id, customer_id, status, total, created_at, updated_at)
            SELECT i, 1 + (i * 7919) %% %d, (ARRAY['NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'])[1 + i %% 5],
                   10.99 + (i * 37) %% 490, now() - (%d - i) * interval '15 minutes', now() - (%d - i) * interval '10 minutes'
            FROM generate_series(1, %d) AS i
            """.formatted(CUSTOMERS, ORDERS, ORDERS, ORDERS),
            """
            INSERT INTO order_lines (order_id, line_no, sku, quantity, price)
            SELECT o, l, 'SKU-' || lpad(((o * 31 + l) %% 500)::text, 4, '0'), 1 + (o + l) %% 4, 5.49 + (o * l) %% 95
            FROM generate_series(1, %d) AS o, generate_series(1, 3) AS l
            """.formatted(ORDERS),
            "ANALYZE");

    private OrdersDatabase() {}

    /**
     * Creates the database, applies the migrations before the release and loads the data.
     *
     * @param database the server
     * @param accounts the passwords
     * @param now the current time
     * @throws SQLException if a statement fails
     */
    static void create(final DemoDatabase database, final Accounts accounts, final Instant now) throws SQLException {
        database.createDatabase(NAME, Accounts.ORDERS_APPLICATION);
        try (Connection connection =
                database.connect(NAME, Accounts.ORDERS_APPLICATION, accounts.ordersApplication(), "flyway")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(HISTORY_TABLE);
            }
            List<Migration> applied = Migration.ALL.subList(0, Migration.ALL.size() - 1);
            Instant[] installedOn = {now.minus(Duration.ofDays(412)), now.minus(Duration.ofDays(38))};
            for (int index = 0; index < applied.size(); index++) {
                apply(connection, applied.get(index), index + 1, installedOn[index]);
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : DATA) {
                    statement.execute(sql);
                }
                statement.execute("GRANT SELECT ON flyway_schema_history TO " + Accounts.MONITOR);
            }
        }
    }

    private static void apply(
            final Connection connection, final Migration migration, final int rank, final Instant installedOn)
            throws SQLException {
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(migration.sql());
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        int millis = (int) Duration.ofNanos(System.nanoTime() - start).toMillis();
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, version, "
                        + "description, type, script, checksum, installed_by, installed_on, execution_time, success) "
                        + "VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, ?, true)")) {
            insert.setInt(1, rank);
            insert.setString(2, String.valueOf(migration.version()));
            insert.setString(3, migration.displayDescription());
            insert.setString(4, migration.script());
            insert.setInt(5, migration.checksum());
            insert.setString(6, Accounts.ORDERS_APPLICATION);
            insert.setObject(7, LocalDateTime.ofInstant(installedOn, ZoneOffset.UTC));
            insert.setInt(8, millis);
            insert.executeUpdate();
        }
    }
}
