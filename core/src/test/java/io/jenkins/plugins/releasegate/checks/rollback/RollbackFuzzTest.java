package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated rollback plans, Liquibase changelogs (XML, YAML, JSON, formatted SQL) and Flyway file names are read
 * or refused with a message that names the file: never an uncaught exception, and never a PASS from a plan that
 * could not be read.
 */
class RollbackFuzzTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
    private static final int FULL_CHECK_EVERY = 5;
    private static final String PLAN_FILE = ".release/rollback.yaml";
    private static final String GATE = """
            version: 1
            name: orders release
            checks:
              - id: rollback
                type: rollbackPlan
                migrations: {flyway: {locations: [db/migration]}}
            """;
    private static final GateDefinition DEFINITION = load();
    private static final List<String> PLANS =
            List.of(resource("plans/01-valid.yaml"), resource("plans/12-steps-longer-than-estimate.yaml"));
    private static final String CHANGES = "workspaces/liquibase-reversible/src/main/resources/db/changelog/";
    private static final List<String> XML =
            List.of(resource(CHANGES + "changes/001-orders.xml"), resource(CHANGES + "db.changelog-master.xml"));
    private static final List<String> XML_TOKENS = List.of(
            "<",
            ">",
            "</",
            "/>",
            "<changeSet id=\"x\" author=\"y\">",
            "</changeSet>",
            "<rollback>",
            "</rollback>",
            "<rollback/>",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "&e;",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "<xi:include href=\"/etc/passwd\"/>",
            "<include file=\"../x.xml\"/>",
            "<?xml version=\"1.1\"?>",
            "\"",
            "'",
            "=",
            " xmlns=\"urn:x\"",
            "<sql>DROP TABLE t</sql>");
    private static final List<String> YAML = List.of(resource(CHANGES + "changes/002-customers.yaml"));
    private static final List<String> JSON = List.of(resource(CHANGES + "changes/004-audit.json"));
    private static final List<String> JSON_TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"changeSet\"",
            "\"rollback\"",
            "\"databaseChangeLog\"",
            "null",
            "true",
            "1e400",
            "-0",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "[[[[[[[[[[[[[[",
            "\"include\": {\"file\": \"/etc\"}");
    private static final List<String> SQL = List.of(
            resource(CHANGES + "changes/sql/003-indexes.sql"), resource(CHANGES + "changes/sql/005-reports.sql"));
    private static final List<String> SQL_TOKENS = List.of(
            "--liquibase formatted sql\n",
            "--changeset a:b\n",
            "--changeset ",
            "--rollback ",
            "--rollback empty\n",
            "--rollback not required\n",
            "--comment ",
            "--precondition-sql-check ",
            "--validCheckSum: 1:any\n",
            "runOnChange:true ",
            "context:",
            "labels:",
            ":",
            "\n",
            "/*",
            "*/",
            ";",
            "'",
            "$$");

    @TempDir
    private Path workspace;

    private static GateDefinition load() {
        try {
            return new GateDefinitionLoader(CheckTypes.discover()).load(GATE, "gate.yaml");
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static String resource(final String name) {
        try (InputStream input = Objects.requireNonNull(RollbackFuzzTest.class.getResourceAsStream(name), name)) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException exception) {
            throw new IllegalStateException(exception);
        }
    }

    static Stream<Arguments> batches() {
        return Fuzz.batches();
    }

    @ParameterizedTest(name = "seeds from {0}")
    @MethodSource("batches")
    void shouldNeverPassAPlanThatCouldNotBeReadNorThrow(final int firstSeed) throws Exception {
        Path migrations = workspace.resolve("db/migration");
        for (int seed : Fuzz.seeds(firstSeed).toArray()) {
            Random random = new Random(seed);
            byte[] bytes = Fuzz.mutate(random, PLANS.get(random.nextInt(PLANS.size())), Fuzz.YAML_TOKENS)
                    .getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?', as in any file
            String plan = new String(bytes, StandardCharsets.UTF_8);

            RollbackPlanReader.PlanReading reading;
            try {
                reading = RollbackPlanReader.read(plan, PLAN_FILE);
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for:\n" + plan, exception);
                return;
            }
            for (Problem problem : reading.problems()) {
                assertThat(problem.toString())
                        .as("seed %d: %s", seed, plan)
                        .matches("(?s)\\.release/rollback\\.yaml:[1-9]\\d*:[1-9]\\d*: .+");
            }
            assertThat(reading.plan() != null || !reading.problems().isEmpty())
                    .as("seed %d: neither a plan nor a problem", seed)
                    .isTrue();

            if (seed % FULL_CHECK_EVERY != 0) {
                continue; // the whole check (files, Flyway scan) runs on a sample: it takes milliseconds
            }
            writeMigrations(random, migrations);
            Files.createDirectories(workspace.resolve(".release"));
            Files.write(workspace.resolve(PLAN_FILE), bytes);
            CheckContext context = new CheckContext(
                    GateEnvironment.builder()
                            .clock(TODAY)
                            .release("2.8.0")
                            .workspace(new LocalWorkspaceFiles(workspace))
                            .build(),
                    "rollback",
                    Duration.ofSeconds(30),
                    DEFINITION.getChecks().get(0).getThresholds());
            CheckResult result;
            try {
                result = DEFINITION.getChecks().get(0).getCheck().run(context);
            } catch (CheckException exception) {
                result = CheckResult.of(exception.getStatus(), exception.getMessage());
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for:\n" + plan, exception);
                return;
            }
            if (reading.plan() == null) {
                assertThat(result.getStatus()).as("seed %d: %s", seed, plan).isIn(Status.FAIL, Status.ERROR);
            }
        }
    }

    private static void writeMigrations(final Random random, final Path migrations) throws IOException {
        if (Files.isDirectory(migrations)) {
            try (Stream<Path> files = Files.list(migrations)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(migrations);
        int count = random.nextInt(4);
        for (int index = 0; index < count; index++) {
            String name = flywayName(random);
            try {
                Files.write(migrations.resolve(name), "SELECT 1;".getBytes(StandardCharsets.UTF_8));
            } catch (InvalidPathException | IOException exception) {
                // a name the file system refuses cannot reach the check either
            }
        }
    }

    private static String flywayName(final Random random) {
        String prefix = List.of("V", "U", "R", "B", "v", "").get(random.nextInt(6));
        String version =
                switch (random.nextInt(5)) {
                    case 0 -> String.valueOf(random.nextInt(100));
                    case 1 -> random.nextInt(10) + "_" + random.nextInt(10) + "." + random.nextInt(10);
                    case 2 -> "99999999999999999999999999999";
                    case 3 -> "";
                    default -> Fuzz.randomCharacters(random, 1 + random.nextInt(6));
                };
        String separator = List.of("__", "_", "___", "-", "").get(random.nextInt(5));
        String description = random.nextBoolean() ? "add_column" : Fuzz.hostileText(random);
        String suffix = List.of(".sql", ".SQL", ".sql.bak", "", ".conf").get(random.nextInt(5));
        return (prefix + version + separator + description + suffix)
                .replace('/', '_')
                .replace('\u0000', '_');
    }

    @ParameterizedTest(name = "seeds from {0}")
    @MethodSource("batches")
    void shouldParseOrRefuseMutatedChangelogsNamingTheFile(final int firstSeed) {
        Fuzz.seeds(firstSeed).forEach(seed -> {
            Random random = new Random(seed);
            int format = random.nextInt(4);
            String file = List.of("changelog.xml", "changelog.yaml", "changelog.json", "changelog.sql")
                    .get(format);
            String text =
                    switch (format) {
                        case 0 -> Fuzz.mutate(random, XML.get(random.nextInt(XML.size())), XML_TOKENS);
                        case 1 -> Fuzz.mutate(random, YAML.get(0), Fuzz.YAML_TOKENS);
                        case 2 -> Fuzz.mutate(random, JSON.get(0), JSON_TOKENS);
                        default -> Fuzz.mutate(random, SQL.get(random.nextInt(SQL.size())), SQL_TOKENS);
                    };
            try {
                List<ChangelogEntry> entries =
                        switch (format) {
                            case 0 -> XmlChangelogParser.parse(file, text);
                            case 1, 2 -> YamlChangelogParser.parse(file, text);
                            default -> FormattedSqlChangelogParser.parse(file, text);
                        };
                assertThat(entries).as("seed %d", seed).isNotNull();
            } catch (ChangelogException exception) {
                assertThat(exception.getMessage()).as("seed %d: %s", seed, text).startsWith(file);
            } catch (RuntimeException exception) {
                fail("seed " + seed + " threw " + exception + " for " + file + ":\n" + text, exception);
            }
        });
    }
}
