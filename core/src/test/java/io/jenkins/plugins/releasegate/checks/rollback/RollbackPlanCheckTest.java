package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check end to end: gate definition loaded, run by the gate runner over a workspace directory.
 */
class RollbackPlanCheckTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
    private static final String GATE = """
            version: 1
            name: orders release
            checks:
              - id: rollback
                type: rollbackPlan
            """;

    @TempDir
    private Path workspace;

    private static String corpus(final String name) throws IOException, URISyntaxException {
        return Files.readString(
                Path.of(Objects.requireNonNull(RollbackPlanCheckTest.class.getResource("plans/" + name))
                        .toURI()),
                StandardCharsets.UTF_8);
    }

    private void write(final String path, final String content) throws IOException {
        Path file = workspace.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void copyTree(final String name) throws IOException, URISyntaxException {
        Path from = Path.of(Objects.requireNonNull(getClass().getResource("workspaces/" + name))
                .toURI());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = workspace.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private CheckResult run(final String gate, final String release) throws Exception {
        return run(
                gate,
                GateEnvironment.builder()
                        .clock(TODAY)
                        .release(release)
                        .workspace(new LocalWorkspaceFiles(workspace))
                        .build());
    }

    private static CheckResult run(final String gate, final GateEnvironment environment) throws Exception {
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(gate, "gate.yaml");
        return new GateRunner()
                .run(definition, environment, GateListener.none())
                .getChecks()
                .get(0)
                .result();
    }

    private static List<String> problems(final String gate) {
        try {
            new GateDefinitionLoader(CheckTypes.discover()).load(gate, "gate.yaml");
        } catch (InvalidDefinitionException exception) {
            return exception.getProblems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("the definition has no problems");
    }

    @Test
    void shouldBeDiscoveredAndNeedTheWorkspace() throws Exception {
        // When
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(GATE, "gate.yaml");

        // Then
        assertThat(CheckTypes.discover().names()).contains("rollbackPlan");
        assertThat(definition.getChecks()).singleElement().satisfies(check -> {
            assertThat(check.getCheck().needsWorkspace()).isTrue();
            assertThat(check.getCheck())
                    .isInstanceOfSatisfying(
                            RollbackPlanCheck.class,
                            rollback -> assertThat(rollback.getPath()).isEqualTo(".release/rollback.yaml"));
        });
    }

    @Test
    void shouldFailWithoutAPlanAndErrorWithoutAWorkspace() throws Exception {
        // When
        CheckResult missing = run(GATE, "2.8.0");
        CheckResult noWorkspace =
                run(GATE, GateEnvironment.builder().clock(TODAY).build());

        // Then
        assertThat(missing.getStatus()).isEqualTo(Status.FAIL);
        assertThat(missing.getSummary())
                .isEqualTo(
                        "No rollback plan at .release/rollback.yaml: write one with 'release-gate rollback-plan init', "
                                + "fill it in and commit it with the release (see docs/checks/rollback-plan.md)");
        assertThat(noWorkspace.getStatus()).isEqualTo(Status.ERROR);
        assertThat(noWorkspace.getSummary()).contains("reads files from the workspace, but there is none");
    }

    @Test
    void shouldPassForACompletePlanWithUndoScripts() throws Exception {
        // Given
        copyTree("flyway-undo");
        write(".release/rollback.yaml", corpus("01-valid.yaml"));
        String gate = GATE + """
                    currentRelease: 2.7.3
                    migrations:
                      flyway: {baseline: "1.9"}
                """;

        // When
        CheckResult result = run(gate, "2.8.0");

        // Then
        assertThat(result.getStatus()).as(result.getDetails().toString()).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("Rollback plan .release/rollback.yaml for 2.8.0 (back to 2.7.3): all 8 findings pass");
        assertThat(result.getDetails())
                .containsExactly(
                        "PASS [release] change.release 2.8.0 is the release being deployed",
                        "PASS [rollbackTo] change.rollbackTo 2.7.3 is the release running now",
                        "PASS [owner] Owner jdoe, backup asmith, escalation #ops-oncall",
                        "PASS [triggers] 1 trigger, 1 measurable: http_5xx_rate > 2% for 5m",
                        "PASS [duration] The 2 steps take 12m in all, within estimatedDuration 20m",
                        "PASS [review] Reviewed 8 days ago (2026-11-20) by asmith",
                        "PASS [rehearsal] Rehearsed 88 days ago (2026-09-01)",
                        "PASS [flyway] Flyway: every one of the 2 migrations newer than baseline 1.9 (migrations.flyway.baseline) has an undo script.");
        assertThat(result.getMeasurements())
                .extracting(Measurement::name, Measurement::formattedValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("reviewAge", "8d"),
                        org.assertj.core.groups.Tuple.tuple("rehearsalAge", "88d"));
    }

    @Test
    void shouldFailForAnInvalidPlanWithFileLineAndColumn() throws Exception {
        // Given
        write(".release/rollback.yaml", corpus("02-step-without-estimate.yaml"));

        // When
        CheckResult result = run(GATE, "2.8.0");

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo(
                        "The rollback plan is not valid: .release/rollback.yaml:12:3: steps[1].estimate is required: "
                                + "add 'estimate:' with how long this step takes, such as 5m");
        assertThat(result.getDetails())
                .containsExactly("FAIL .release/rollback.yaml:12:3: steps[1].estimate is required: "
                        + "add 'estimate:' with how long this step takes, such as 5m");
    }

    @Test
    void shouldJudgeTheReleaseThePipelinePasses() throws Exception {
        // Given
        write(
                ".release/rollback.yaml",
                corpus("01-valid.yaml").replace("tool: flyway, strategy: undo", "tool: none, strategy: none"));

        // When
        CheckResult unknown = run(GATE, (String) null);
        CheckResult other = run(GATE, "v2.9.0");
        CheckResult same = run(GATE, "v2.8.0");

        // Then
        assertThat(unknown.getStatus()).isEqualTo(Status.WARN);
        assertThat(unknown.getSummary())
                .isEqualTo("The release being deployed is unknown, so change.release 2.8.0 was not compared with it: "
                        + "pass the release being deployed to the gate");
        assertThat(other.getStatus()).isEqualTo(Status.FAIL);
        assertThat(other.getSummary()).startsWith("The plan is for release 2.8.0, but v2.9.0 is being deployed");
        assertThat(same.getStatus()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldReadThePlanFromAnotherPathAndApplyTighterThresholds() throws Exception {
        // Given
        write(
                "deploy/rollback-plan.yaml",
                corpus("01-valid.yaml").replace("tool: flyway, strategy: undo", "tool: none, strategy: none"));
        String gate = GATE + """
                    path: deploy/rollback-plan.yaml
                    thresholds: {reviewAge: {warn: 7d, fail: 30d}, rehearsalAge: {warn: 30d, fail: 60d}}
                """;

        // When
        CheckResult result = run(gate, "2.8.0");

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("The rollback was last rehearsed 88 days ago (2026-09-01; limits warn ≥ 30d, fail ≥ 60d): "
                        + "rehearse it again and update review.lastRehearsed; The plan was last reviewed 8 days ago (2026-11-20; limits warn ≥ 7d, "
                        + "fail ≥ 30d): review it with the team and update review.lastReviewed");
        assertThat(result.getMeasurements()).extracting(Measurement::status).containsExactly(Status.WARN, Status.FAIL);
    }

    @Test
    void shouldFailWhenThePlanNamesAnotherMigrationToolThanTheGate() throws Exception {
        // Given
        copyTree("liquibase-reversible");
        write(".release/rollback.yaml", corpus("01-valid.yaml"));
        String gate = GATE + """
                    migrations:
                      liquibase: {changelog: db/changelog/db.changelog-master.xml}
                """;

        // When
        CheckResult mismatch = run(gate, "2.8.0");
        write(".release/rollback.yaml", corpus("01-valid.yaml").replace("tool: flyway", "tool: liquibase"));
        CheckResult match = run(gate, "2.8.0");

        // Then
        assertThat(mismatch.getStatus()).isEqualTo(Status.FAIL);
        assertThat(mismatch.getSummary())
                .isEqualTo("The gate checks Liquibase migrations, but the plan's data.tool is flyway: "
                        + "correct data.tool in the plan, or the check's migrations settings");
        assertThat(match.getStatus()).isEqualTo(Status.PASS);
        assertThat(match.getDetails())
                .anySatisfy(line ->
                        assertThat(line).startsWith("PASS [liquibase] Liquibase: every one of the 14 changesets"));
    }

    @Test
    void shouldUseToolDefaultsWhenOnlyThePlanNamesTheTool() throws Exception {
        // Given
        copyTree("flyway-missing-undo");
        write(".release/rollback.yaml", corpus("01-valid.yaml"));

        // When
        CheckResult result = run(GATE, "2.8.0");

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Flyway: 3 of 6 migrations have no undo script: V1__create_orders.sql, "
                        + "V1_9__add_order_status.sql, V3__drop_order_placed_at.sql;");
    }

    @Test
    void shouldCheckThePreviousArtifactInTheWorkspace() throws Exception {
        // Given
        write(
                ".release/rollback.yaml",
                corpus("01-valid.yaml").replace("tool: flyway, strategy: undo", "tool: none, strategy: none"));
        write("dist/orders-2.7.3.jar", "jar");
        String gate = GATE + """
                    previousArtifact: {path: "dist/orders-{rollbackTo}.jar"}
                """;

        // When
        CheckResult found = run(gate, "2.8.0");
        Files.delete(workspace.resolve("dist/orders-2.7.3.jar"));
        CheckResult missing = run(gate, "2.8.0");

        // Then
        assertThat(found.getStatus()).isEqualTo(Status.PASS);
        assertThat(found.getDetails())
                .contains("PASS [previousArtifact] The artifact of 2.7.3 is in the workspace: dist/orders-2.7.3.jar");
        assertThat(missing.getStatus()).isEqualTo(Status.FAIL);
        assertThat(missing.getSummary())
                .startsWith("The artifact of 2.7.3 is missing: no file dist/orders-2.7.3.jar in the workspace");
    }

    @Test
    void shouldReportEverySettingsProblemWithWhereAndWhatToDo() {
        // When
        List<String> problems = problems(GATE + """
                    pth: rollback.yaml
                    migrations:
                      flyway: {locations: ["classpath:db/migration"], baseline: "1.x", sqlMigrationPrefix: U}
                      liquibase: {changelog: ../changelog.xml}
                    schemaHistory: {url: "jdbc:oracle:thin:@db:1521/orders", table: "history; DROP TABLE x"}
                    previousArtifact: {path: ../dist/app.jar, sha256: abc, credentials: reader}
                """);
        List<String> artifactProblems = problems(GATE + """
                    previousArtifact: {url: "ftp://user:pw@repo/app.jar", path: dist/app.jar}
                """);

        // Then
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "gate.yaml:6:5: checks[0].pth: unknown key; did you mean 'path'? Remove it or correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:8:27: checks[0].migrations.flyway.locations: 'classpath:db/migration' is a class path location: give the directory "
                                + "in the repository, such as src/main/resources/db/migration",
                        "gate.yaml:8:65: checks[0].migrations.flyway.baseline: '1.x' is not a Flyway version: write numbers separated by . or _, "
                                + "such as 1.0 or 2.7.3",
                        "gate.yaml:8:15: checks[0].migrations.flyway.undoSqlMigrationPrefix: the versioned, undo and repeatable prefixes must "
                                + "differ ('U', 'U', 'R')",
                        "gate.yaml:9:30: checks[0].migrations.liquibase.changelog: '../changelog.xml' leads outside the workspace: give a path inside it",
                        "gate.yaml:9:18: checks[0].migrations.liquibase: a project migrates with one tool: keep either 'flyway' or 'liquibase'",
                        "gate.yaml:10:26: checks[0].schemaHistory.url: 'jdbc:oracle:thin:@db:1521/orders' is not a supported JDBC URL: write "
                                + "jdbc:postgresql://HOST:5432/DATABASE, jdbc:mariadb://HOST:3306/DATABASE or jdbc:mysql://HOST:3306/DATABASE",
                        "gate.yaml:10:69: checks[0].schemaHistory.table: 'history; DROP TABLE x' is not a table name: give a name such as "
                                + "flyway_schema_history or app.flyway_schema_history",
                        "gate.yaml:11:30: checks[0].previousArtifact.path: '../dist/app.jar' leads outside the workspace: give a path inside it",
                        "gate.yaml:11:55: checks[0].previousArtifact.sha256: is verified for a 'url' only; remove it, or give the artifact's URL",
                        "gate.yaml:11:55: checks[0].previousArtifact.sha256: is not a SHA-256 checksum: give its 64 hexadecimal digits, as "
                                + "sha256sum prints them",
                        "gate.yaml:11:73: checks[0].previousArtifact.credentials: are used for a 'url' only; remove them");
        assertThat(artifactProblems).noneSatisfy(problem -> assertThat(problem).contains("user:pw"));
        assertThat(artifactProblems)
                .containsExactlyInAnyOrder(
                        "gate.yaml:6:65: checks[0].previousArtifact.path: give either 'url' or 'path', not both",
                        "gate.yaml:6:29: checks[0].previousArtifact.url: 'ftp://****@repo/app.jar' is not an http or https URL: write it like "
                                + "https://repo.example/app/{rollbackTo}/app-{rollbackTo}.jar",
                        "gate.yaml:6:29: checks[0].previousArtifact.url: holds a user name or password: remove them and name credentials in 'credentials:'");
    }

    @Test
    void shouldRequireAUrlOrAPathForThePreviousArtifact() {
        // When
        List<String> problems = problems(GATE + """
                    previousArtifact: {sha256: "%s"}
                """.formatted("a".repeat(64)));

        // Then
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("gate.yaml:6:23: checks[0].previousArtifact: give 'url:' (an http or "
                        + "https URL that answers HEAD) or 'path:' (a file in the workspace)");
        assertThatThrownBy(() -> new GateDefinitionLoader(CheckTypes.discover())
                        .load(GATE + "    migrations: {}\n", "gate.yaml"))
                .isInstanceOfSatisfying(
                        InvalidDefinitionException.class,
                        exception -> assertThat(exception.getProblems())
                                .extracting(Problem::message)
                                .containsExactly(
                                        "is empty: add 'flyway:' or 'liquibase:' with where the migrations are, or remove it"));
    }
}
