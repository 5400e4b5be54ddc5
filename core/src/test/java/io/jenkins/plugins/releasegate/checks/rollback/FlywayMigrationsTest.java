package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.checks.rollback.FlywayMigrations.FlywayOptions;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywayMigrationsTest {
    static LocalWorkspaceFiles workspace(final String name) throws URISyntaxException, IOException {
        return new LocalWorkspaceFiles(
                Path.of(Objects.requireNonNull(FlywayMigrationsTest.class.getResource("workspaces/" + name))
                        .toURI()));
    }

    private static MigrationVersion version(final String text) {
        return MigrationVersion.parse(text).orElseThrow();
    }

    private static FlywayOptions options(final String baseline) {
        FlywayOptions defaults = FlywayOptions.defaults();
        return new FlywayOptions(
                defaults.locations(),
                baseline == null ? null : version(baseline),
                "V",
                "U",
                "R",
                "__",
                List.of(".sql"));
    }

    private static List<PlanFinding> judge(final String tree, final String baseline, final DataStrategy strategy)
            throws IOException, InterruptedException, URISyntaxException {
        FlywayOptions options = options(baseline);
        return FlywayMigrations.judge(
                FlywayMigrations.scan(workspace(tree), options),
                options,
                strategy,
                options.baseline(),
                "migrations.flyway.baseline");
    }

    @Test
    void shouldCompareVersionsNumerically() {
        assertThat(version("1.10")).isGreaterThan(version("1.9"));
        assertThat(version("1_10")).isEqualTo(version("1.10"));
        assertThat(version("1.0")).isEqualTo(version("1")).hasSameHashCodeAs(version("1"));
        assertThat(version("2")).isGreaterThan(version("1.999.999"));
        assertThat(version("007")).isEqualTo(version("7"));
        assertThat(version("2.7.3").isNewerThan(version("2.7"))).isTrue();
        assertThat(version("1_2").toString()).isEqualTo("1.2");
        assertThat(MigrationVersion.parse("1.a")).isEmpty();
        assertThat(MigrationVersion.parse("")).isEmpty();
        assertThat(MigrationVersion.parse("1..2")).isEmpty();
    }

    @Test
    void shouldPassWhenEveryMigrationNewerThanTheBaselineHasAnUndoScript() throws Exception {
        // When
        List<PlanFinding> findings = judge("flyway-undo", "1.9", DataStrategy.UNDO);

        // Then
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.PASS);
            assertThat(finding.message())
                    .isEqualTo("Flyway: every one of the 2 migrations newer than baseline 1.9 "
                            + "(migrations.flyway.baseline) has an undo script.");
        });
    }

    @Test
    void shouldCountEveryMigrationWithoutABaseline() throws Exception {
        // When
        List<PlanFinding> findings = judge("flyway-undo", null, DataStrategy.UNDO);

        // Then
        assertThat(PlanFinding.worst(findings)).isEqualTo(Status.FAIL);
        assertThat(findings.get(0).message())
                .startsWith("Flyway: 2 of 4 migrations have no undo script: V1__create_orders.sql, "
                        + "V1_9__add_order_status.sql; write U<version>__<description>.sql for each")
                .endsWith(
                        "No baseline is set, so every versioned migration counts: set migrations.flyway.baseline to the version the previous release runs.");
        assertThat(findings)
                .extracting(PlanFinding::message)
                .contains("src/main/resources/db/migration/V1__create_orders.sql has no undo script U1__*.sql");
    }

    @Test
    void shouldFailForAMigrationWithoutUndoScriptAndWarnAboutStrayFiles() throws Exception {
        // When
        List<PlanFinding> findings = judge("flyway-missing-undo", "1.9", DataStrategy.UNDO);

        // Then
        assertThat(findings)
                .extracting(PlanFinding::status)
                .contains(Status.FAIL, Status.WARN)
                .doesNotContain(Status.ERROR);
        assertThat(findings)
                .extracting(PlanFinding::message)
                .contains(
                        "Flyway: 1 of 4 migrations newer than baseline 1.9 (migrations.flyway.baseline) have no undo script: "
                                + "V3__drop_order_placed_at.sql; write U<version>__<description>.sql for each, or choose data.strategy restore or compatible.")
                .contains(
                        "Undo script src/main/resources/db/migration/U4__orphan.sql undoes no migration: there is no V4__*.sql; "
                                + "correct its version or remove it")
                .anySatisfy(
                        message -> assertThat(message)
                                .startsWith(
                                        "src/main/resources/db/migration/V5-missing-separator.sql is not named as Flyway expects"));
    }

    @Test
    void shouldFailWhenTheStrategyIsNoneButMigrationsAreNewer() throws Exception {
        // When
        List<PlanFinding> newer = judge("flyway-missing-undo", "2.1", DataStrategy.NONE);
        List<PlanFinding> none = judge("flyway-missing-undo", "3", DataStrategy.NONE);

        // Then
        assertThat(newer)
                .filteredOn(finding -> finding.status() == Status.FAIL)
                .singleElement()
                .satisfies(finding -> assertThat(finding.message())
                        .startsWith("data.strategy is none, but 1 Flyway migrations are newer "
                                + "than baseline 2.1 (migrations.flyway.baseline): V3__drop_order_placed_at.sql"));
        assertThat(none)
                .filteredOn(finding -> finding.rule().equals("flyway") && finding.status() == Status.PASS)
                .singleElement()
                .satisfies(finding ->
                        assertThat(finding.message()).startsWith("Flyway: no migration newer than baseline 3"));
    }

    @Test
    void shouldAcceptMigrationsWithoutUndoForRestoreAndCompatibleStrategies() throws Exception {
        // When
        List<PlanFinding> restore = judge("flyway-missing-undo", "2", DataStrategy.RESTORE);
        List<PlanFinding> compatible = judge("flyway-undo", null, DataStrategy.COMPATIBLE);

        // Then
        assertThat(restore)
                .filteredOn(finding -> finding.status() == Status.PASS)
                .singleElement()
                .satisfies(
                        finding -> assertThat(finding.message())
                                .startsWith(
                                        "Flyway: 2 migrations newer than baseline 2 (migrations.flyway.baseline) "
                                                + "(V2_1__add_order_note.sql, V3__drop_order_placed_at.sql), covered by data.strategy restore."));
        assertThat(compatible)
                .singleElement()
                .satisfies(finding -> assertThat(finding.message())
                        .startsWith(
                                "Flyway: 4 migrations (V1__create_orders.sql, V1_9__add_order_status.sql, V1_10__create_customers.sql, "
                                        + "V2__add_customer_email.sql), covered by data.strategy compatible."));
    }

    @Test
    void shouldReportAMissingLocationAsError() throws Exception {
        // Given
        FlywayOptions options = new FlywayOptions(List.of("db/nowhere"), null, "V", "U", "R", "__", List.of(".sql"));

        // When
        List<PlanFinding> findings = FlywayMigrations.judge(
                FlywayMigrations.scan(workspace("flyway-undo"), options), options, DataStrategy.UNDO, null, "");

        // Then
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.ERROR);
            assertThat(finding.message())
                    .startsWith(
                            "No Flyway migrations directory db/nowhere in the workspace: set migrations.flyway.locations");
        });
    }

    @Test
    void shouldFailForTwoMigrationsOfTheSameVersionAndHonourOtherPrefixes(@TempDir final Path root) throws Exception {
        // Given
        Path migrations = Files.createDirectories(root.resolve("sql"));
        Files.writeString(migrations.resolve("M1__create.pgsql"), "CREATE TABLE a (id INT);");
        Files.writeString(migrations.resolve("M1_0__again.pgsql"), "CREATE TABLE b (id INT);");
        Files.writeString(migrations.resolve("B1__undo_create.pgsql"), "DROP TABLE a;");
        Files.writeString(migrations.resolve("V2__ignored.sql"), "SELECT 1;");
        FlywayOptions options = new FlywayOptions(List.of("sql"), null, "M", "B", "R", "__", List.of(".pgsql"));

        // When
        List<PlanFinding> findings = FlywayMigrations.judge(
                FlywayMigrations.scan(new LocalWorkspaceFiles(root), options), options, DataStrategy.UNDO, null, "");

        // Then
        assertThat(findings)
                .extracting(PlanFinding::message)
                .contains(
                        "Flyway migrations M1_0__again.pgsql, M1__create.pgsql share version 1.0: Flyway refuses to migrate; give each its own version")
                .anySatisfy(message ->
                        assertThat(message).startsWith("Flyway: every one of the 1 migrations has an undo script."));
    }
}
