package io.jenkins.plugins.releasegate.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The orders service's repository as the rollbackPlan check sees it: a rollback plan in
 * {@value #PLAN} and the Flyway migrations in {@code db/migration}. The plan's dates are recent, so that
 * its review and rehearsal are current. In the incident the undo script of the release's own migration
 * (V3) is missing.
 */
final class RollbackWorkspace {
    /** Where the rollback plan is, relative to the repository. */
    static final String PLAN = ".release/rollback.yaml";
    /** The file that marks a directory as written by the demo, so that a later run may replace it. */
    static final String MARKER = ".release-gate-demo";

    private RollbackWorkspace() {}

    /**
     * Describes the repository of a scenario.
     *
     * @param scenario the scenario
     * @return one line
     */
    static String describe(final Scenario scenario) {
        Migration last = Migration.ALL.get(Migration.ALL.size() - 1);
        return PLAN + " (2.8.0, rolling back to 2.7.3, reviewed 3 weeks ago); " + Migration.DIRECTORY
                + ": V1 to V3 with "
                + (scenario == Scenario.incident
                        ? "U1 and U2 only: " + last.undoScript() + " is missing"
                        : "their undo scripts U1 to U3");
    }

    /**
     * Writes the repository, replacing one the demo wrote before.
     *
     * @param directory the directory
     * @param scenario the scenario
     * @param now the current time
     * @throws IOException if a file cannot be written, or the directory exists and was not written by the demo
     */
    static void write(final Path directory, final Scenario scenario, final Instant now) throws IOException {
        checkReplaceable(directory);
        if (Files.exists(directory)) {
            DemoDatabase.deleteRecursively(directory);
        }
        Files.createDirectories(directory.resolve(".release"));
        Files.writeString(
                directory.resolve(MARKER),
                "Written by release-gate demo; replaced by the next run.\n",
                StandardCharsets.UTF_8);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Files.writeString(
                directory.resolve(PLAN),
                Template.fill(
                        Template.resource("workspace/rollback.yaml"),
                        Map.of(
                                "BACKUP_DATE", today.toString(),
                                "RESTORE_TESTED", today.minusDays(40).toString(),
                                "LAST_REVIEWED", today.minusDays(21).toString(),
                                "LAST_REHEARSED", today.minusDays(60).toString())),
                StandardCharsets.UTF_8);
        Path migrations = Files.createDirectories(directory.resolve(Migration.DIRECTORY));
        List<Migration> all = Migration.ALL;
        for (int index = 0; index < all.size(); index++) {
            Migration migration = all.get(index);
            Files.writeString(migrations.resolve(migration.script()), migration.sql(), StandardCharsets.UTF_8);
            boolean missing = scenario == Scenario.incident && index == all.size() - 1;
            if (!missing) {
                Files.writeString(
                        migrations.resolve(migration.undoScript()), migration.undoSql(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Checks that the directory is missing or was written by the demo, so that writing the repository
     * replaces nothing else.
     *
     * @param directory the directory
     * @throws IOException if it exists and was not written by the demo
     */
    static void checkReplaceable(final Path directory) throws IOException {
        if (Files.exists(directory) && !Files.isRegularFile(directory.resolve(MARKER))) {
            throw new IOException(
                    directory + " exists and was not written by the demo: remove it or choose another output "
                            + "directory with -o");
        }
    }
}
