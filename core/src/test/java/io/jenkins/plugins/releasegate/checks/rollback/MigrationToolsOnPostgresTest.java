package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.checks.rollback.FlywayMigrations.FlywayOptions;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.DirectoryResourceAccessor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Flyway and Liquibase on a real PostgreSQL (one server for the class): Flyway writes the schema
 * history the check reads, including a failed migration, and Liquibase rolls back (or refuses to roll
 * back) the changelog trees the check judges.
 */
class MigrationToolsOnPostgresTest {
    private static final String PASSWORD = "Rollback-Pa55word-not-for-reports";
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

    private static EmbeddedPostgres postgres;

    @TempDir
    private Path workspace;

    @BeforeAll
    static void startPostgres() throws IOException, SQLException, URISyntaxException {
        System.setProperty("liquibase.analytics.enabled", "false");
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String database : List.of("failed", "clean", "liquibase_reversible", "liquibase_irreversible")) {
                statement.execute("CREATE DATABASE " + database);
            }
        }
        migrate("clean", "flyway-undo/src/main/resources/db/migration");
        assertThatThrownBy(() -> migrate("failed", "flyway-failed/db/migration"))
                .hasMessageContaining("V3__index_order_customer.sql");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static Path resource(final String path) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(MigrationToolsOnPostgresTest.class.getResource("workspaces/" + path))
                .toURI());
    }

    private static FluentConfiguration flyway(final String database, final String location) throws URISyntaxException {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(postgres.getDatabase("postgres", database))
                .locations("filesystem:" + resource(location));
        // With the default transactional lock, PostgreSQL rolls the failed row back together with the lock's
        // transaction.
        configuration
                .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        return configuration;
    }

    private static void migrate(final String database, final String location) throws URISyntaxException {
        flyway(database, location).load().migrate();
    }

    private static String url(final String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    private static JdbcUrl jdbcUrl(final String database) {
        return JdbcUrl.parse(url(database), SchemaHistory.SCHEMES).url().orElseThrow();
    }

    /** Returns the URL of a database as reports show it, without its parameters. */
    private static String shown(final String database) {
        return JdbcUrl.display(url(database));
    }

    private static CheckContext context() {
        return new CheckContext(
                GateEnvironment.builder()
                        .clock(TODAY)
                        .credentials(id -> Credentials.usernamePassword(id, "postgres", Secret.of(PASSWORD)))
                        .build(),
                "rollback",
                Duration.ofSeconds(30),
                Thresholds.defaults(RollbackPlanCheckType.THRESHOLDS));
    }

    @Test
    void shouldFailForTheFailedMigrationFlywayRecorded() throws Exception {
        // Given
        SchemaHistory.Options options =
                new SchemaHistory.Options(jdbcUrl("failed"), "history-reader", SchemaHistory.Options.DEFAULT_TABLE);

        // When
        SchemaHistory.Reading reading = SchemaHistory.read(options, context());

        // Then
        assertThat(reading.error()).isNull();
        assertThat(reading.rows()).extracting(SchemaHistory.Row::isSuccess).containsExactly(true, true, false);
        assertThat(SchemaHistory.currentVersion(reading.rows()))
                .hasValue(MigrationVersion.parse("2").orElseThrow());
        assertThat(SchemaHistory.judge(reading.rows(), options)).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.FAIL);
            assertThat(finding.message())
                    .isEqualTo(
                            "flyway_schema_history at " + shown("failed") + " records a failed migration: "
                                    + "version 3 'index order customer' (V3__index_order_customer.sql): the database is half-migrated; repair it "
                                    + "(complete or undo the partial change, then run flyway repair) before releasing or rolling back");
        });
    }

    @Test
    void shouldPassForACleanHistoryAndAgreeWithFlywayOnTheMigrations() throws Exception {
        // Given
        SchemaHistory.Options options =
                new SchemaHistory.Options(jdbcUrl("clean"), null, SchemaHistory.Options.DEFAULT_TABLE);
        FlywayOptions flywayOptions = FlywayOptions.defaults();

        // When
        SchemaHistory.Reading reading = SchemaHistory.read(options, context());
        FlywayMigrations.Scan scan =
                FlywayMigrations.scan(new LocalWorkspaceFiles(resource("flyway-undo")), flywayOptions);

        // Then
        assertThat(SchemaHistory.judge(reading.rows(), options)).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.PASS);
            assertThat(finding.message())
                    .isEqualTo("flyway_schema_history at " + shown("clean")
                            + ": 5 migrations recorded, none failed; current version 2");
        });
        List<String> flywayVersions = Stream.of(flyway("clean", "flyway-undo/src/main/resources/db/migration")
                        .load()
                        .info()
                        .all())
                .filter(info -> info.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .toList();
        assertThat(scan.versioned().stream()
                        .map(FlywayMigrations.Migration::version)
                        .sorted()
                        .map(Object::toString)
                        .toList())
                .as("versions in Flyway's order")
                .containsExactlyElementsOf(flywayVersions);
        assertThat(scan.repeatable()).containsExactly("src/main/resources/db/migration/R__orders_view.sql");
    }

    @Test
    void shouldFailWhenTheSchemaHistoryDatabaseIsUnreachable() throws Exception {
        // Given a port nobody listens on
        String url = "jdbc:postgresql://127.0.0.1:" + LocalPorts.unused() + "/orders";
        SchemaHistory.Options options = new SchemaHistory.Options(
                JdbcUrl.parse(url, SchemaHistory.SCHEMES).url().orElseThrow(),
                "orders-db",
                SchemaHistory.Options.DEFAULT_TABLE);

        // When
        SchemaHistory.Reading reading = SchemaHistory.read(options, context());

        // Then the release would meet the same unreachable database: FAIL, as for every check that reads one
        assertThat(reading.rows()).isEmpty();
        assertThat(reading.error()).isNotNull().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.FAIL);
            assertThat(finding.message())
                    .startsWith("Connecting to " + url + " as postgres failed: the database is unreachable: ")
                    .endsWith(" — check schemaHistory.url, and that the database accepts connections from here")
                    .doesNotContain(PASSWORD);
        });
    }

    @Test
    void shouldTakeTheBaselineFromTheSchemaHistoryThroughTheGate() throws Exception {
        // Given
        copy(resource("flyway-missing-undo"), workspace);
        writePlan();
        String gate = """
                version: 1
                name: orders release
                checks:
                  - id: rollback
                    type: rollbackPlan
                    currentRelease: 2.7.3
                    migrations:
                      flyway: {locations: [src/main/resources/db/migration]}
                    schemaHistory: {url: "%s", credentials: orders-db}
                """.formatted(url("clean"));

        // When
        CheckOutcome outcome = runGate(gate);

        // Then
        assertThat(outcome.result().getStatus()).isEqualTo(Status.FAIL);
        assertThat(outcome.result().getSummary())
                .startsWith("Flyway: 1 of 2 migrations newer than baseline 2 (current version in "
                        + "flyway_schema_history) have no undo script: V3__drop_order_placed_at.sql");
        assertThat(outcome.result().getDetails())
                .contains("PASS [schemaHistory] flyway_schema_history at " + shown("clean")
                        + ": 5 migrations recorded, none failed; current version 2");
    }

    @Test
    void shouldReportTheFailedMigrationThroughTheGate() throws Exception {
        // Given
        copy(resource("flyway-undo"), workspace);
        writePlan();
        String gate = """
                version: 1
                name: orders release
                checks:
                  - id: rollback
                    type: rollbackPlan
                    migrations:
                      flyway: {baseline: "1.9"}
                    schemaHistory: {url: "%s", credentials: orders-db, table: public.flyway_schema_history}
                """.formatted(url("failed"));

        // When
        CheckOutcome outcome = runGate(gate);

        // Then
        assertThat(outcome.result().getStatus()).isEqualTo(Status.FAIL);
        assertThat(outcome.result().getSummary())
                .startsWith("public.flyway_schema_history at " + shown("failed")
                        + " records a failed migration: version 3");
        assertThat(outcome.result().getDetails())
                .contains("PASS [flyway] Flyway: every one of the 2 migrations newer than "
                        + "baseline 1.9 (migrations.flyway.baseline) has an undo script.");
    }

    @Test
    void shouldKeepThePasswordOutOfResultsLogsAndDefinitions() throws Exception {
        // Given
        copy(resource("flyway-undo"), workspace);
        writePlan();
        String gate = """
                version: 1
                name: orders release
                checks:
                  - id: rollback
                    type: rollbackPlan
                    migrations:
                      flyway: {baseline: "1.9"}
                    schemaHistory: {url: "%s", credentials: orders-db}
                  - id: rollback-no-table
                    type: rollbackPlan
                    migrations:
                      flyway: {baseline: "1.9"}
                    schemaHistory: {url: "%s", credentials: orders-db}
                """.formatted(url("no_such_database"), url("liquibase_reversible"));
        String passwordInUrl = """
                version: 1
                name: orders release
                checks:
                  - {id: rollback, type: rollbackPlan, schemaHistory: {url: "%s&password=%s"}}
                """.formatted(url("clean"), PASSWORD);
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        // When
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(gate, "gate.yaml");
        List<CheckOutcome> outcomes = new GateRunner()
                .run(
                        definition,
                        GateEnvironment.builder()
                                .clock(TODAY)
                                .release("2.8.0")
                                .workspace(new LocalWorkspaceFiles(workspace))
                                .log(log::add)
                                .credentials(id -> Credentials.usernamePassword(id, "postgres", Secret.of(PASSWORD)))
                                .build(),
                        GateListener.none())
                .getChecks();

        // Then
        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.result().getStatus()).isEqualTo(Status.ERROR);
            assertThat(outcome.result().getSummary()).doesNotContain(PASSWORD);
            assertThat(outcome.result().getDetails())
                    .noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        });
        assertThat(outcomes.get(0).result().getSummary())
                .isEqualTo("Connecting to " + shown("no_such_database") + " as postgres failed: "
                        + "the database named in the URL does not exist: FATAL: database \"no_such_database\" does not exist (SQLSTATE 3D000)"
                        + " — correct schemaHistory.url");
        assertThat(outcomes.get(1).result().getDetails())
                .contains("ERROR [schemaHistory] Reading flyway_schema_history at "
                        + shown("liquibase_reversible")
                        + " failed: a table is missing: ERROR: relation \"flyway_schema_history\" does not exist"
                        + " (SQLSTATE 42P01) — Flyway has not migrated this database, or its history table has another name: correct"
                        + " schemaHistory.url or schemaHistory.table");
        assertThat(log).isNotEmpty().noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        assertThatThrownBy(() -> new GateDefinitionLoader(CheckTypes.discover()).load(passwordInUrl, "gate.yaml"))
                .isInstanceOfSatisfying(
                        InvalidDefinitionException.class,
                        exception -> assertThat(exception.getProblems())
                                .singleElement()
                                .asString()
                                .contains(
                                        "schemaHistory.url: the URL holds a password: remove it and name the database account under 'credentials'")
                                .doesNotContain(PASSWORD));
    }

    @Test
    void shouldRollBackWithLiquibaseExactlyWhenTheCheckSaysSo() throws Exception {
        // When / Then
        try (Liquibase reversible =
                liquibase("liquibase_reversible", "liquibase-reversible", "db/changelog/db.changelog-master.xml")) {
            reversible.rollback("2.7.3", new Contexts());
        }
        try (Liquibase irreversible = liquibase(
                "liquibase_irreversible", "liquibase-irreversible", "db/changelog/db.changelog-master.yaml")) {
            assertThatThrownBy(() -> irreversible.rollback("2.7.3", new Contexts()))
                    .isInstanceOf(LiquibaseException.class)
                    .hasMessageContaining("raw sql");
        }
        copy(resource("liquibase-irreversible"), workspace);
        writePlan();
        CheckOutcome outcome = runGate("""
                version: 1
                name: orders release
                checks:
                  - {id: rollback, type: rollbackPlan, migrations: {liquibase: {afterTag: "2.7.3"}}}
                """);
        assertThat(outcome.result().getStatus()).isEqualTo(Status.FAIL);
        assertThat(outcome.result().getSummary())
                .startsWith("Liquibase: 4 of 6 changesets after tag 2.7.3 cannot be rolled back");
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is the shortest way to update and roll back in a test
    private static Liquibase liquibase(final String database, final String tree, final String master)
            throws URISyntaxException, SQLException, LiquibaseException, IOException {
        Connection connection = postgres.getDatabase("postgres", database).getConnection();
        Database target =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Liquibase liquibase = new Liquibase(
                master, new DirectoryResourceAccessor(resource(tree).resolve("src/main/resources")), target);
        liquibase.update(new Contexts());
        return liquibase;
    }

    private CheckOutcome runGate(final String gate) throws Exception {
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(gate, "gate.yaml");
        return new GateRunner()
                .run(
                        definition,
                        GateEnvironment.builder()
                                .clock(TODAY)
                                .release("2.8.0")
                                .workspace(new LocalWorkspaceFiles(workspace))
                                .credentials(id -> Credentials.usernamePassword(id, "postgres", Secret.of(PASSWORD)))
                                .build(),
                        GateListener.none())
                .getChecks()
                .get(0);
    }

    private void writePlan() throws IOException, URISyntaxException {
        String plan = Files.readString(
                Path.of(Objects.requireNonNull(getClass().getResource("plans/01-valid.yaml"))
                        .toURI()),
                StandardCharsets.UTF_8);
        Path file = workspace.resolve(".release/rollback.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                plan.replace("tool: flyway", workspaceUsesLiquibase() ? "tool: liquibase" : "tool: flyway"),
                StandardCharsets.UTF_8);
    }

    private boolean workspaceUsesLiquibase() {
        return Files.isDirectory(workspace.resolve("src/main/resources/db/changelog"));
    }

    private static void copy(final Path from, final Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
