package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Flyway's SQL migrations in the workspace: versioned {@code V<version>__<description>.sql}, undo
 * {@code U<version>__<description>.sql} and repeatable {@code R__<description>.sql} files, named as
 * Flyway names them (prefixes, separator and suffixes configurable).
 *
 * <p>With the {@code undo} strategy, every versioned migration newer than the baseline needs an undo
 * script of the same version. Repeatable migrations have no undo and are not counted.</p>
 */
final class FlywayMigrations {
    private static final String RULE = "flyway";
    private static final int MAX_NAMED = 5;

    private FlywayMigrations() {}

    /**
     * Finds the migrations in the workspace.
     *
     * @param workspace the workspace
     * @param options where and how migrations are named
     * @return the migrations found
     * @throws IOException if the workspace cannot be read
     * @throws InterruptedException if interrupted
     */
    static Scan scan(final WorkspaceFiles workspace, final FlywayOptions options)
            throws IOException, InterruptedException {
        List<Migration> versioned = new ArrayList<>();
        List<Migration> undo = new ArrayList<>();
        List<String> repeatable = new ArrayList<>();
        List<String> misnamed = new ArrayList<>();
        List<String> missingLocations = new ArrayList<>();
        for (String location : options.locations()) {
            if (!workspace.isDirectory(location)) {
                missingLocations.add(location);
                continue;
            }
            for (String path : workspace.list(location, "**")) {
                String fileName = path.substring(path.lastIndexOf('/') + 1);
                Optional<String> suffix =
                        options.suffixes().stream().filter(fileName::endsWith).findFirst();
                if (suffix.isEmpty()) {
                    continue;
                }
                String name =
                        fileName.substring(0, fileName.length() - suffix.get().length());
                if (name.startsWith(options.repeatablePrefix() + options.separator())) {
                    repeatable.add(path);
                } else if (startsWithVersion(name, options.versionedPrefix())) {
                    parse(path, name, options.versionedPrefix(), options.separator())
                            .ifPresentOrElse(versioned::add, () -> misnamed.add(path));
                } else if (startsWithVersion(name, options.undoPrefix())) {
                    parse(path, name, options.undoPrefix(), options.separator())
                            .ifPresentOrElse(undo::add, () -> misnamed.add(path));
                }
            }
        }
        return new Scan(versioned, undo, repeatable, misnamed, missingLocations);
    }

    private static boolean startsWithVersion(final String name, final String prefix) {
        return name.length() > prefix.length()
                && name.startsWith(prefix)
                && Character.isDigit(name.charAt(prefix.length()));
    }

    private static Optional<Migration> parse(
            final String path, final String name, final String prefix, final String separator) {
        int separatorAt = name.indexOf(separator, prefix.length());
        if (separatorAt < 0) {
            return Optional.empty();
        }
        return MigrationVersion.parse(name.substring(prefix.length(), separatorAt))
                .map(version -> new Migration(
                        path,
                        version,
                        name.substring(separatorAt + separator.length()).replace('_', ' ')));
    }

    /**
     * Judges the migrations against the plan's data strategy.
     *
     * @param scan the migrations found
     * @param options the options, for messages
     * @param strategy the plan's data strategy
     * @param baseline the version the previous release runs, {@code null} to count every migration
     * @param baselineSource where the baseline comes from, for messages, such as {@code migrations.flyway.baseline}
     * @return the findings
     */
    static List<PlanFinding> judge(
            final Scan scan,
            final FlywayOptions options,
            final DataStrategy strategy,
            @CheckForNull final MigrationVersion baseline,
            final String baselineSource) {
        List<PlanFinding> findings = new ArrayList<>();
        if (scan.missingLocations().size() == options.locations().size()) {
            findings.add(new PlanFinding(
                    Status.ERROR,
                    RULE,
                    "No Flyway migrations directory " + String.join(", ", options.locations())
                            + " in the workspace: set migrations.flyway.locations to the directories that hold the "
                            + options.versionedPrefix() + "<version>" + options.separator()
                            + "<description>.sql files"));
            return findings;
        }
        for (String location : scan.missingLocations()) {
            findings.add(new PlanFinding(
                    Status.WARN,
                    RULE,
                    "Flyway location " + location
                            + " does not exist in the workspace: correct or remove it in migrations.flyway.locations"));
        }
        for (String path : scan.misnamed()) {
            findings.add(new PlanFinding(
                    Status.WARN,
                    RULE,
                    path + " is not named as Flyway expects, so Flyway skips it: name it "
                            + options.versionedPrefix() + "<version>" + options.separator() + "<description>.sql (or "
                            + options.undoPrefix()
                            + " for an undo script), the version made of numbers separated by . or _"));
        }
        Map<MigrationVersion, List<Migration>> byVersion = new TreeMap<>();
        scan.versioned()
                .forEach(migration -> byVersion
                        .computeIfAbsent(migration.version(), key -> new ArrayList<>())
                        .add(migration));
        byVersion.values().stream()
                .filter(list -> list.size() > 1)
                .forEach(list -> findings.add(new PlanFinding(
                        Status.FAIL,
                        RULE,
                        "Flyway migrations " + names(list) + " share version "
                                + list.get(0).version() + ": Flyway refuses to migrate; give each its own version")));
        Map<MigrationVersion, Migration> undoByVersion = new LinkedHashMap<>();
        scan.undo().forEach(migration -> undoByVersion.putIfAbsent(migration.version(), migration));
        undoByVersion.values().stream()
                .filter(migration -> !byVersion.containsKey(migration.version()))
                .forEach(migration -> findings.add(new PlanFinding(
                        Status.WARN,
                        RULE,
                        "Undo script " + migration.path()
                                + " undoes no migration: there is no " + options.versionedPrefix() + migration.version()
                                + options.separator() + "*.sql; correct its version or remove it")));

        List<Migration> newer = byVersion.entrySet().stream()
                .filter(entry -> baseline == null || entry.getKey().isNewerThan(baseline))
                .map(entry -> entry.getValue().get(0))
                .toList();
        String scope = baseline == null ? "" : " newer than baseline " + baseline + " (" + baselineSource + ")";
        String noBaseline = baseline == null
                ? " No baseline is set, so every versioned migration counts: set "
                        + "migrations.flyway.baseline to the version the previous release runs."
                : "";
        switch (strategy) {
            case UNDO -> {
                List<Migration> withoutUndo = newer.stream()
                        .filter(migration -> !undoByVersion.containsKey(migration.version()))
                        .toList();
                if (withoutUndo.isEmpty()) {
                    findings.add(new PlanFinding(
                            Status.PASS,
                            RULE,
                            newer.isEmpty()
                                    ? "Flyway: no migration" + scope + ", nothing to undo." + noBaseline
                                    : "Flyway: every one of the " + newer.size() + " migrations" + scope
                                            + " has an undo script." + noBaseline));
                } else {
                    findings.add(new PlanFinding(
                            Status.FAIL,
                            RULE,
                            "Flyway: " + withoutUndo.size() + " of " + newer.size() + " migrations"
                                    + scope + " have no undo script: " + names(withoutUndo) + "; write "
                                    + options.undoPrefix()
                                    + "<version>" + options.separator()
                                    + "<description>.sql for each, or choose data.strategy restore or compatible."
                                    + noBaseline));
                    for (Migration migration : withoutUndo) {
                        findings.add(new PlanFinding(
                                Status.FAIL,
                                RULE,
                                migration.path() + " has no undo script " + options.undoPrefix() + migration.version()
                                        + options.separator() + "*.sql"));
                    }
                }
            }
            case NONE -> {
                if (newer.isEmpty()) {
                    findings.add(new PlanFinding(
                            Status.PASS,
                            RULE,
                            "Flyway: no migration" + scope + ", as data.strategy none says." + noBaseline));
                } else {
                    findings.add(new PlanFinding(
                            Status.FAIL,
                            RULE,
                            "data.strategy is none, but " + newer.size() + " Flyway migrations are"
                                    + (scope.isEmpty() ? " in the workspace" : scope) + ": " + names(newer)
                                    + "; choose undo, restore or compatible, or set the baseline." + noBaseline));
                }
            }
            default ->
                findings.add(new PlanFinding(
                        Status.PASS,
                        RULE,
                        "Flyway: " + newer.size() + " migrations" + scope
                                + (newer.isEmpty() ? "" : " (" + names(newer) + ")") + ", covered by data.strategy "
                                + strategy.name().toLowerCase(Locale.ROOT) + "." + noBaseline));
        }
        return findings;
    }

    private static String names(final List<Migration> migrations) {
        String shown =
                migrations.stream().limit(MAX_NAMED).map(Migration::fileName).collect(Collectors.joining(", "));
        return migrations.size() > MAX_NAMED ? shown + " and " + (migrations.size() - MAX_NAMED) + " more" : shown;
    }

    /**
     * Where Flyway's migrations are and how they are named; the defaults are Flyway's.
     *
     * @param locations the directories, relative to the workspace, searched recursively
     * @param baseline the version the previous release runs, {@code null} if not configured
     * @param versionedPrefix the prefix of versioned migrations, {@code V}
     * @param undoPrefix the prefix of undo scripts, {@code U}
     * @param repeatablePrefix the prefix of repeatable migrations, {@code R}
     * @param separator between version and description, {@code __}
     * @param suffixes the file name endings, {@code .sql}
     */
    record FlywayOptions(
            List<String> locations,
            @CheckForNull MigrationVersion baseline,
            String versionedPrefix,
            String undoPrefix,
            String repeatablePrefix,
            String separator,
            List<String> suffixes) {
        /** Where Flyway looks by default ({@code classpath:db/migration}) in a Maven or Gradle project. */
        static final String DEFAULT_LOCATION = "src/main/resources/db/migration";

        FlywayOptions {
            locations = List.copyOf(locations);
            Objects.requireNonNull(versionedPrefix);
            Objects.requireNonNull(undoPrefix);
            Objects.requireNonNull(repeatablePrefix);
            Objects.requireNonNull(separator);
            suffixes = List.copyOf(suffixes);
        }

        static FlywayOptions defaults() {
            return new FlywayOptions(List.of(DEFAULT_LOCATION), null, "V", "U", "R", "__", List.of(".sql"));
        }
    }

    /**
     * One versioned or undo migration file.
     *
     * @param path the path relative to the workspace
     * @param version its version
     * @param description its description
     */
    record Migration(String path, MigrationVersion version, String description) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /**
     * The migrations found.
     *
     * @param versioned the versioned migrations
     * @param undo the undo scripts
     * @param repeatable the repeatable migrations' paths
     * @param misnamed files that start like a versioned or undo migration but are not named as one
     * @param missingLocations configured locations that do not exist
     */
    record Scan(
            List<Migration> versioned,
            List<Migration> undo,
            List<String> repeatable,
            List<String> misnamed,
            List<String> missingLocations) {
        Scan {
            versioned = List.copyOf(versioned);
            undo = List.copyOf(undo);
            repeatable = List.copyOf(repeatable);
            misnamed = List.copyOf(misnamed);
            missingLocations = List.copyOf(missingLocations);
        }
    }
}
