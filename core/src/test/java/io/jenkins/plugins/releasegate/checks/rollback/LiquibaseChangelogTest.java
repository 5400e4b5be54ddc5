package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangeSet.Reversibility;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangelog.LiquibaseOptions;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangelog.Tree;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import liquibase.change.Change;
import liquibase.change.core.EmptyChange;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiquibaseChangelogTest {
    @TempDir
    private Path root;

    @BeforeAll
    static void keepLiquibaseOffline() {
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    private static Path tree(final String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(LiquibaseChangelogTest.class.getResource("workspaces/" + name))
                .toURI());
    }

    private static Tree read(final Path workspace, final LiquibaseOptions options)
            throws IOException, InterruptedException {
        return LiquibaseChangelog.read(new LocalWorkspaceFiles(workspace), options);
    }

    private void write(final String path, final String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadEveryFormatAndIncludeInLiquibaseOrder() throws Exception {
        // When
        Tree tree = read(tree("liquibase-reversible"), LiquibaseOptions.defaults());

        // Then
        String base = "src/main/resources/db/changelog/";
        assertThat(tree.errors()).isEmpty();
        assertThat(tree.master()).isEqualTo(base + "db.changelog-master.xml");
        assertThat(tree.files())
                .containsExactly(
                        base + "db.changelog-master.xml",
                        base + "changes/001-orders.xml",
                        base + "changes/002-customers.yaml",
                        base + "changes/sql/003-indexes.sql",
                        base + "changes/sql/005-reports.sql",
                        base + "changes/004-audit.json");
        assertThat(tree.changeSets())
                .extracting(LiquibaseChangeSet::id)
                .containsExactly(
                        "orders-1",
                        "orders-2",
                        "release-2.7.3",
                        "orders-3",
                        "orders-4",
                        "customers-1",
                        "customers-2",
                        "customers-3",
                        "customers-4",
                        "indexes-1",
                        "indexes-2",
                        "reports-1",
                        "audit-1",
                        "audit-2");
        assertThat(tree.changeSets())
                .filteredOn(changeSet -> changeSet.id().equals("reports-1"))
                .singleElement()
                .satisfies(changeSet -> {
                    assertThat(changeSet.author()).isEqualTo("bob smith");
                    assertThat(changeSet.line()).isEqualTo(3);
                    assertThat(changeSet.reversibility()).isEqualTo(Reversibility.ROLLBACK);
                });
        assertThat(tree.changeSets())
                .filteredOn(changeSet -> changeSet.id().equals("release-2.7.3"))
                .singleElement()
                .satisfies(changeSet -> assertThat(changeSet.tag()).isEqualTo("2.7.3"));
        assertThat(tree.changeSets())
                .extracting(LiquibaseChangeSet::reversibility)
                .doesNotContain(Reversibility.IRREVERSIBLE, Reversibility.EMPTY_ROLLBACK);
    }

    @Test
    void shouldPassWhenEveryChangeSetCanBeRolledBack() throws Exception {
        // Given
        Tree tree = read(tree("liquibase-reversible"), LiquibaseOptions.defaults());
        LiquibaseOptions afterTag = new LiquibaseOptions(null, LiquibaseOptions.DEFAULT_SEARCH_PATH, "2.7.3");

        // When
        List<PlanFinding> all = LiquibaseChangelog.judge(tree, LiquibaseOptions.defaults(), DataStrategy.UNDO);
        List<PlanFinding> afterRelease = LiquibaseChangelog.judge(tree, afterTag, DataStrategy.UNDO);

        // Then
        assertThat(all).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.PASS);
            assertThat(finding.message())
                    .startsWith(
                            "Liquibase: every one of the 14 changesets (6 files from "
                                    + "src/main/resources/db/changelog/db.changelog-master.xml) can be rolled back: 7 with a rollback, 7 automatically.")
                    .contains("No afterTag is set");
        });
        assertThat(afterRelease)
                .singleElement()
                .satisfies(finding -> assertThat(finding.message())
                        .startsWith("Liquibase: every one of the 11 changesets after tag 2.7.3 (6 files from"));
    }

    @Test
    void shouldFailForChangeSetsThatCannotBeRolledBackAndWarnAboutEmptyRollbacks() throws Exception {
        // Given
        Tree tree = read(tree("liquibase-irreversible"), LiquibaseOptions.defaults());
        LiquibaseOptions afterTag = new LiquibaseOptions(null, LiquibaseOptions.DEFAULT_SEARCH_PATH, "2.7.3");

        // When
        List<PlanFinding> findings = LiquibaseChangelog.judge(tree, afterTag, DataStrategy.UNDO);

        // Then
        String base = "src/main/resources/db/changelog/changes/";
        assertThat(tree.errors()).isEmpty();
        assertThat(PlanFinding.worst(findings)).isEqualTo(Status.FAIL);
        assertThat(findings)
                .extracting(PlanFinding::toString)
                .containsExactly(
                        "FAIL Liquibase: 4 of 6 changesets after tag 2.7.3 cannot be rolled back: " + base
                                + "001-orders.xml:21 orders-legacy-drop (asmith), "
                                + base + "001-orders.xml:25 orders-status-backfill (asmith), " + base
                                + "sql/010-backfill.sql:7 backfill-2 (asmith), "
                                + base
                                + "sql/020-cleanup.sql:1 raw (includeAll); add a rollback to each, or choose data.strategy restore or compatible.",
                        "FAIL " + base
                                + "001-orders.xml:21 orders-legacy-drop (asmith): dropTable is not rolled back automatically and there is no rollback",
                        "FAIL " + base
                                + "001-orders.xml:25 orders-status-backfill (asmith): sql is not rolled back automatically and there is no rollback",
                        "FAIL " + base
                                + "sql/010-backfill.sql:7 backfill-2 (asmith): sql is not rolled back automatically and there is no rollback",
                        "FAIL " + base
                                + "sql/020-cleanup.sql:1 raw (includeAll): sql is not rolled back automatically and there is no rollback",
                        "WARN Liquibase: 2 changesets after tag 2.7.3 declare an empty rollback, so rolling back leaves their changes in place: "
                                + base + "001-orders.xml:32 orders-archive (asmith), " + base
                                + "sql/010-backfill.sql:3 backfill-1 (asmith); "
                                + "confirm that the previous release works with them");
    }

    @ParameterizedTest
    @CsvSource({
        "liquibase-reversible, db/changelog/db.changelog-master.xml",
        "liquibase-irreversible, db/changelog/db.changelog-master.yaml"
    })
    void shouldAgreeWithLiquibasesOwnParser(final String name, final String master) throws Exception {
        // Given
        Path workspace = tree(name);
        ResourceAccessor accessor = new DirectoryResourceAccessor(
                workspace.resolve("src/main/resources").toFile());
        DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance()
                .getParser(master, accessor)
                .parse(master, new ChangeLogParameters(), accessor);
        PostgresDatabase database = new PostgresDatabase();

        // When
        Tree tree = read(workspace, LiquibaseOptions.defaults());

        // Then
        List<ChangeSet> theirs = changeLog.getChangeSets().stream()
                .filter(changeSet -> !changeSet.isIgnore())
                .toList();
        assertThat(tree.changeSets())
                .extracting(changeSet -> changeSet.author() + ":" + changeSet.id())
                .containsExactlyElementsOf(theirs.stream()
                        .map(changeSet -> changeSet.getAuthor() + ":" + changeSet.getId())
                        .toList());
        for (int index = 0; index < theirs.size(); index++) {
            ChangeSet their = theirs.get(index);
            LiquibaseChangeSet ours = tree.changeSets().get(index);
            assertThat(ours.reversibility() != Reversibility.IRREVERSIBLE)
                    .as("can %s be rolled back", their.getId())
                    .isEqualTo(their.supportsRollback(database));
            List<Change> rollback = their.getRollback().getChanges();
            assertThat(ours.reversibility() == Reversibility.EMPTY_ROLLBACK)
                    .as("is the rollback of %s empty", their.getId())
                    .isEqualTo(!rollback.isEmpty() && rollback.stream().allMatch(EmptyChange.class::isInstance));
            assertThat(ours.changes())
                    .as("changes of %s", their.getId())
                    .containsExactlyElementsOf(their.getChanges().stream()
                            .map(change -> change.getSerializedObjectName())
                            .toList());
        }
    }

    @Test
    void shouldFindTheMasterChangelogFromTheSettingsOrTheDefaults() throws Exception {
        // Given
        write(
                "db/main.yaml",
                "databaseChangeLog:\n  - changeSet: {id: one, author: me, changes: [{createTable: {tableName: t}}]}\n");

        // When
        Tree named = read(root, new LiquibaseOptions("classpath:/db/main.yaml", List.of(), null));
        Tree missing = read(root, LiquibaseOptions.defaults());

        // Then
        assertThat(named.errors()).isEmpty();
        assertThat(named.changeSets())
                .extracting(LiquibaseChangeSet::describe)
                .containsExactly("db/main.yaml:2 one (me)");
        assertThat(LiquibaseChangelog.judge(missing, LiquibaseOptions.defaults(), DataStrategy.UNDO))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.status()).isEqualTo(Status.ERROR);
                    assertThat(finding.message())
                            .isEqualTo(
                                    "Liquibase changelog No Liquibase changelog found: looked for any of "
                                            + String.join(", ", LiquibaseOptions.DEFAULT_CHANGELOGS)
                                            + " in the workspace (search path src/main/resources and the workspace root); set migrations.liquibase.changelog");
                });
    }

    @Test
    void shouldReportBrokenFilesAndIncludesWithFileAndLine() throws Exception {
        // Given
        write("db/master.xml", """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                  <include file="missing.xml" relativeToChangelogFile="true"/>
                  <include file="${dir}/other.xml"/>
                  <include file="broken.xml" relativeToChangelogFile="true"/>
                  <include file="circle.yaml" relativeToChangelogFile="true"/>
                  <include file="unclosed.sql" relativeToChangelogFile="true"/>
                  <include file="evil.xml" relativeToChangelogFile="true"/>
                  <include file="notes.txt" relativeToChangelogFile="true"/>
                  <includeAll path="empty/" relativeToChangelogFile="true"/>
                  <includeAll path="also-empty/" relativeToChangelogFile="true" errorIfMissingOrEmpty="false"/>
                </databaseChangeLog>
                """);
        write("db/broken.xml", "<databaseChangeLog>\n  <changeSet id=\"a\" author=\"b\">\n</databaseChangeLog>\n");
        write("db/circle.yaml", "databaseChangeLog:\n  - include: {file: master.xml, relativeToChangelogFile: true}\n");
        write(
                "db/unclosed.sql",
                "--liquibase formatted sql\n--changeset me:1\nSELECT 1;\n/* liquibase rollback\nSELECT 2;\n");
        write(
                "db/evil.xml",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                        + "<databaseChangeLog><changeSet id=\"&secret;\" author=\"x\"/></databaseChangeLog>\n");
        write("db/notes.txt", "not a changelog");
        Files.createDirectories(root.resolve("db/empty"));

        // When
        Tree tree = read(root, new LiquibaseOptions("db/master.xml", List.of(), null));

        // Then
        assertThat(tree.changeSets()).isEmpty();
        assertThat(tree.errors()).hasSize(8);
        assertThat(tree.errors().get(0))
                .isEqualTo("db/master.xml:2: included changelog 'missing.xml' not found next to db/master.xml: "
                        + "correct the path or migrations.liquibase.searchPath");
        assertThat(tree.errors().get(1))
                .startsWith("db/master.xml:3: the include of '${dir}/other.xml' uses a changelog property");
        assertThat(tree.errors().get(2)).startsWith("db/broken.xml:3: is not well-formed XML:");
        assertThat(tree.errors().get(3))
                .isEqualTo("db/circle.yaml: includes db/master.xml, which includes it again (a circle): "
                        + "remove one of the includes");
        assertThat(tree.errors().get(4))
                .isEqualTo("db/unclosed.sql:4: the '/* liquibase rollback' block is not closed: end it with */");
        assertThat(tree.errors().get(5))
                .startsWith("db/evil.xml:2: is not well-formed XML:")
                .doesNotContain("root:");
        assertThat(tree.errors().get(6))
                .isEqualTo(
                        "db/notes.txt: is not a changelog format this check reads: use .xml, .yaml, .yml, .json or .sql");
        assertThat(tree.errors().get(7))
                .isEqualTo("db/master.xml:9: includeAll 'empty/' holds no changelog: correct the path, "
                        + "or set errorIfMissingOrEmpty to false");
        assertThat(LiquibaseChangelog.judge(tree, LiquibaseOptions.defaults(), DataStrategy.UNDO))
                .extracting(PlanFinding::status)
                .contains(Status.ERROR)
                .doesNotContain(Status.FAIL);
    }

    @Test
    void shouldRejectFilesThatAreNotChangelogs() throws Exception {
        // Given
        write("a.xml", "<project/>");
        write("b.yaml", "spring:\n  liquibase: {}\n");
        write("c.yaml", "databaseChangeLog:\n  - changeSet: {author: me}\n");
        write("d.sql", "--liquibase formatted sql\n--changeset nobody\nSELECT 1;\n");

        // When
        List<String> errors = List.of(
                read(root, new LiquibaseOptions("a.xml", List.of(), null))
                        .errors()
                        .get(0),
                read(root, new LiquibaseOptions("b.yaml", List.of(), null))
                        .errors()
                        .get(0),
                read(root, new LiquibaseOptions("c.yaml", List.of(), null))
                        .errors()
                        .get(0),
                read(root, new LiquibaseOptions("d.sql", List.of(), null))
                        .errors()
                        .get(0));

        // Then
        assertThat(errors)
                .containsExactly(
                        "a.xml:1: is not a Liquibase changelog: its root element is <project>, not <databaseChangeLog>",
                        "b.yaml:1: is not a Liquibase changelog: it must start with 'databaseChangeLog:'",
                        "c.yaml:2: a changeSet has no id: give it 'id:'",
                        "d.sql:2: the changeset line must read '--changeset <author>:<id>'");
    }

    @Test
    void shouldFollowIncludesOfFormattedSqlAndTheSearchPath() throws Exception {
        // Given
        write("src/main/resources/db/master.sql", """
                --liquibase formatted sql
                --include file:db/part.sql
                --includeAll path:parts/ relativeToChangelogFile:true
                --changeset me:last
                ALTER TABLE t ADD COLUMN c INT;
                --rollback ALTER TABLE t DROP COLUMN c;
                """);
        write(
                "src/main/resources/db/part.sql",
                "--liquibase formatted sql\n--changeset me:part ignore:false\nCREATE TABLE t (id INT);\n"
                        + "--rollback DROP TABLE t;\n--changeset me:skipped ignore:true\nDROP TABLE t;\n");
        write(
                "src/main/resources/db/parts/b.sql",
                "--liquibase formatted sql\n--changeset me:b\nSELECT 1;\n--rollback not required\n");
        write(
                "src/main/resources/db/parts/a.yml",
                "databaseChangeLog:\n  - changeSet:\n      id: a\n      author: me\n"
                        + "      changes:\n        - tagDatabase: {tag: v1}\n      rollback:\n");

        // When
        Tree tree = read(root, new LiquibaseOptions("db/master.sql", LiquibaseOptions.DEFAULT_SEARCH_PATH, null));

        // Then
        assertThat(tree.errors()).isEmpty();
        assertThat(tree.changeSets())
                .extracting(changeSet -> changeSet.id() + " " + changeSet.reversibility())
                .containsExactly("part ROLLBACK", "a EMPTY_ROLLBACK", "b EMPTY_ROLLBACK", "last ROLLBACK");
        assertThat(tree.changeSets().get(1).tag()).isEqualTo("v1");
    }

    @Test
    void shouldReportAnUnknownTagAndJudgeOtherStrategies() throws Exception {
        // Given
        Tree tree = read(tree("liquibase-irreversible"), LiquibaseOptions.defaults());
        LiquibaseOptions unknownTag = new LiquibaseOptions(null, LiquibaseOptions.DEFAULT_SEARCH_PATH, "9.9.9");

        // When
        List<PlanFinding> unknown = LiquibaseChangelog.judge(tree, unknownTag, DataStrategy.UNDO);
        List<PlanFinding> restore = LiquibaseChangelog.judge(tree, LiquibaseOptions.defaults(), DataStrategy.RESTORE);
        List<PlanFinding> none = LiquibaseChangelog.judge(tree, LiquibaseOptions.defaults(), DataStrategy.NONE);

        // Then
        assertThat(unknown).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.ERROR);
            assertThat(finding.message()).startsWith("No tagDatabase change with tag '9.9.9' in the changelog");
        });
        assertThat(restore).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.PASS);
            assertThat(finding.message())
                    .startsWith(
                            "Liquibase: 8 changesets (4 files from src/main/resources/db/changelog/db.changelog-master.yaml), covered by data.strategy restore.");
        });
        assertThat(none).singleElement().satisfies(finding -> {
            assertThat(finding.status()).isEqualTo(Status.FAIL);
            assertThat(finding.message()).startsWith("data.strategy is none, but the changelog has 8 changesets: ");
        });
    }
}
