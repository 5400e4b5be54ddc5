package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.ChangeSetEntry;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.Include;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.IncludeAll;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangeSet.Reversibility;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.spi.FileTooLargeException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Liquibase changelog tree in the workspace: the master changelog and every file it includes
 * ({@code include}, {@code includeAll}), in XML, YAML, JSON or formatted SQL, read in Liquibase's order.
 *
 * <p>A changeset can be rolled back if it has a rollback, or if every change in it is one Liquibase rolls
 * back by itself; an empty rollback is a warning, since rolling back leaves the change in place.</p>
 */
final class LiquibaseChangelog {
    private static final String RULE = "liquibase";
    private static final int MAX_FILES = 2_000;
    /** The largest changelog file read, in bytes. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final int MAX_NAMED = 5;
    private static final int MAX_LISTED = 50;
    private static final List<String> EXTENSIONS = List.of(".xml", ".yaml", ".yml", ".json", ".sql");

    private final WorkspaceFiles workspace;
    private final LiquibaseOptions options;
    private final List<String> files = new ArrayList<>();
    private final List<LiquibaseChangeSet> changeSets = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private final Deque<String> including = new ArrayDeque<>();

    private LiquibaseChangelog(final WorkspaceFiles workspace, final LiquibaseOptions options) {
        this.workspace = workspace;
        this.options = options;
    }

    /**
     * Reads the changelog tree.
     *
     * @param workspace the workspace
     * @param options where the master changelog is
     * @return the changesets in order, and every file that could not be read
     * @throws IOException if the workspace cannot be read
     * @throws InterruptedException if interrupted
     */
    static Tree read(final WorkspaceFiles workspace, final LiquibaseOptions options)
            throws IOException, InterruptedException {
        LiquibaseChangelog reader = new LiquibaseChangelog(workspace, options);
        Optional<String> master = reader.findMaster();
        if (master.isEmpty()) {
            String looked = options.changelog() != null
                    ? "'" + options.changelog() + "'"
                    : "any of " + String.join(", ", LiquibaseOptions.DEFAULT_CHANGELOGS);
            return new Tree(
                    "",
                    List.of(),
                    List.of(),
                    List.of("No Liquibase changelog found: looked for " + looked + " in the workspace"
                            + searchPathText(options) + "; set migrations.liquibase.changelog"));
        }
        reader.visit(master.get());
        return new Tree(master.get(), reader.files, reader.changeSets, reader.errors);
    }

    private Optional<String> findMaster() throws IOException, InterruptedException {
        List<String> candidates =
                options.changelog() != null ? List.of(options.changelog()) : LiquibaseOptions.DEFAULT_CHANGELOGS;
        for (String candidate : candidates) {
            Optional<String> found = resolveOnSearchPath(candidate, true);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private void visit(final String file) throws IOException, InterruptedException {
        if (including.contains(file)) {
            errors.add(including.peek() + ": includes " + file
                    + ", which includes it again (a circle): remove one of the includes");
            return;
        }
        if (!visited.add(file)) {
            return;
        }
        if (files.size() >= MAX_FILES) {
            errors.add(file + ": not read, the changelog tree has more than " + MAX_FILES + " files");
            return;
        }
        files.add(file);
        List<ChangelogEntry> entries;
        try {
            entries = parse(file, workspace.read(file, MAX_BYTES));
        } catch (ChangelogException exception) {
            errors.add(exception.getMessage());
            return;
        } catch (FileTooLargeException exception) {
            errors.add(file + ": not read, it is larger than " + MAX_BYTES / 1024 / 1024
                    + " MiB; split the changelog with includes");
            return;
        }
        including.push(file);
        try {
            for (ChangelogEntry entry : entries) {
                if (entry instanceof ChangeSetEntry changeSet) {
                    changeSets.add(changeSet.changeSet());
                } else if (entry instanceof Include include) {
                    include(file, include);
                } else if (entry instanceof IncludeAll includeAll) {
                    includeAll(file, includeAll);
                }
            }
        } finally {
            including.pop();
        }
    }

    private static List<ChangelogEntry> parse(final String file, final String text) throws ChangelogException {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml")) {
            return XmlChangelogParser.parse(file, text);
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
            return YamlChangelogParser.parse(file, text);
        }
        if (lower.endsWith(".sql")) {
            return FormattedSqlChangelogParser.parse(file, text);
        }
        throw new ChangelogException(
                file, 0, "is not a changelog format this check reads: use .xml, .yaml, .yml, .json or .sql");
    }

    private void include(final String file, final Include include) throws IOException, InterruptedException {
        if (include.path().contains("${")) {
            errors.add(file + ":" + include.line() + ": the include of '" + include.path()
                    + "' uses a changelog property, which this check does not expand: write the path out");
            return;
        }
        Optional<String> target = include.isRelativeToChangelogFile()
                ? existing(normalize(parent(file) + include.path()), true)
                : resolveOnSearchPath(include.path(), true);
        if (target.isEmpty()) {
            errors.add(file + ":" + include.line() + ": included changelog '" + include.path() + "' not found "
                    + (include.isRelativeToChangelogFile()
                            ? "next to " + file
                            : "in the workspace" + searchPathText(options))
                    + ": correct the path or migrations.liquibase.searchPath");
            return;
        }
        visit(target.get());
    }

    private void includeAll(final String file, final IncludeAll includeAll) throws IOException, InterruptedException {
        if (includeAll.path().contains("${")) {
            errors.add(file + ":" + includeAll.line() + ": the includeAll of '" + includeAll.path()
                    + "' uses a changelog property, which this check does not expand: write the path out");
            return;
        }
        Optional<String> directory = includeAll.isRelativeToChangelogFile()
                ? existing(normalize(parent(file) + includeAll.path()), false)
                : resolveOnSearchPath(includeAll.path(), false);
        List<String> included = new ArrayList<>();
        if (directory.isPresent()) {
            for (String candidate : workspace.list(directory.get(), "**")) {
                String lower = candidate.toLowerCase(Locale.ROOT);
                if (EXTENSIONS.stream().anyMatch(lower::endsWith) && !candidate.equals(file)) {
                    included.add(candidate);
                }
            }
        }
        if (included.isEmpty()) {
            if (includeAll.isErrorIfMissingOrEmpty()) {
                errors.add(file + ":" + includeAll.line() + ": includeAll '" + includeAll.path() + "' "
                        + (directory.isEmpty()
                                ? "is not a directory in the workspace" + searchPathText(options)
                                : "holds no changelog")
                        + ": correct the path, or set errorIfMissingOrEmpty to false");
            }
            return;
        }
        for (String candidate : included) {
            visit(candidate);
        }
    }

    private Optional<String> resolveOnSearchPath(final String path, final boolean isFile)
            throws IOException, InterruptedException {
        String stripped = path.replaceFirst("^classpath\\*?:", "");
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        List<String> roots = new ArrayList<>(options.searchPath());
        if (!roots.contains("")) {
            roots.add("");
        }
        for (String root : roots) {
            Optional<String> candidate = existing(normalize(root.isEmpty() ? stripped : root + "/" + stripped), isFile);
            if (candidate.isPresent()) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    private Optional<String> existing(final Optional<String> path, final boolean isFile)
            throws IOException, InterruptedException {
        if (path.isEmpty()) {
            return path;
        }
        return (isFile ? workspace.isFile(path.get()) : workspace.isDirectory(path.get())) ? path : Optional.empty();
    }

    private static String parent(final String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash + 1);
    }

    /**
     * Normalizes a workspace path: {@code .} and {@code ..} resolved, no leading or doubled slashes.
     *
     * @param path the path
     * @return the path, empty if it leaves the workspace
     */
    static Optional<String> normalize(final String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || ".".equals(part)) {
                continue;
            }
            if ("..".equals(part)) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    private static String searchPathText(final LiquibaseOptions options) {
        List<String> roots =
                options.searchPath().stream().filter(root -> !root.isEmpty()).toList();
        return roots.isEmpty() ? "" : " (search path " + String.join(", ", roots) + " and the workspace root)";
    }

    /**
     * Judges the changesets against the plan's data strategy.
     *
     * @param tree the changelog tree
     * @param options the options, for the tag
     * @param strategy the plan's data strategy
     * @return the findings
     */
    static List<PlanFinding> judge(final Tree tree, final LiquibaseOptions options, final DataStrategy strategy) {
        List<PlanFinding> findings = new ArrayList<>();
        for (String error : tree.errors()) {
            findings.add(new PlanFinding(Status.ERROR, RULE, "Liquibase changelog " + error));
        }
        if (tree.master().isEmpty()) {
            return findings;
        }
        List<LiquibaseChangeSet> considered = tree.changeSets();
        String scope;
        String noTag = "";
        String afterTag = options.afterTag();
        if (afterTag != null) {
            int tagged = -1;
            for (int index = 0; index < considered.size(); index++) {
                if (afterTag.equals(considered.get(index).tag())) {
                    tagged = index;
                }
            }
            if (tagged < 0) {
                findings.add(
                        new PlanFinding(
                                Status.ERROR,
                                RULE,
                                "No tagDatabase change with tag '" + afterTag + "' in the changelog "
                                        + tree.master()
                                        + ": add one where the previous release ends, or correct migrations.liquibase.afterTag"));
                return findings;
            }
            considered = considered.subList(tagged + 1, considered.size());
            scope = " after tag " + afterTag;
        } else {
            scope = "";
            noTag =
                    " No afterTag is set, so every changeset counts: set migrations.liquibase.afterTag to the tag of the previous release.";
        }
        String files = " (" + tree.files().size() + (tree.files().size() == 1 ? " file" : " files") + " from "
                + tree.master() + ")";
        switch (strategy) {
            case UNDO -> judgeUndo(considered, scope, files, noTag, findings);
            case NONE -> {
                if (considered.isEmpty()) {
                    findings.add(new PlanFinding(
                            Status.PASS,
                            RULE,
                            "Liquibase: no changeset" + scope + files + ", as data.strategy none says."));
                } else {
                    findings.add(new PlanFinding(
                            Status.FAIL,
                            RULE,
                            "data.strategy is none, but the changelog has " + considered.size() + " changesets" + scope
                                    + ": " + names(considered) + "; choose undo, restore or compatible, or set the tag."
                                    + noTag));
                }
            }
            default ->
                findings.add(new PlanFinding(
                        Status.PASS,
                        RULE,
                        "Liquibase: " + considered.size() + " changesets" + scope + files
                                + ", covered by data.strategy "
                                + strategy.name().toLowerCase(Locale.ROOT) + "." + noTag));
        }
        return findings;
    }

    private static void judgeUndo(
            final List<LiquibaseChangeSet> considered,
            final String scope,
            final String files,
            final String noTag,
            final List<PlanFinding> findings) {
        List<LiquibaseChangeSet> irreversible = considered.stream()
                .filter(changeSet -> changeSet.reversibility() == Reversibility.IRREVERSIBLE)
                .toList();
        List<LiquibaseChangeSet> empty = considered.stream()
                .filter(changeSet -> changeSet.reversibility() == Reversibility.EMPTY_ROLLBACK)
                .toList();
        if (!irreversible.isEmpty()) {
            findings.add(new PlanFinding(
                    Status.FAIL,
                    RULE,
                    "Liquibase: " + irreversible.size() + " of " + considered.size()
                            + " changesets" + scope + " cannot be rolled back: " + names(irreversible)
                            + "; add a rollback to each, or choose data.strategy restore or compatible." + noTag));
            irreversible.stream()
                    .limit(MAX_LISTED)
                    .forEach(changeSet -> findings.add(new PlanFinding(
                            Status.FAIL,
                            RULE,
                            changeSet.describe() + ": " + String.join(", ", changeSet.irreversibleChanges())
                                    + (changeSet.irreversibleChanges().size() == 1 ? " is" : " are")
                                    + " not rolled back automatically and there is no rollback")));
        }
        if (!empty.isEmpty()) {
            findings.add(new PlanFinding(
                    Status.WARN,
                    RULE,
                    "Liquibase: " + empty.size() + " changesets" + scope
                            + " declare an empty rollback, so rolling back leaves their changes in place: "
                            + names(empty)
                            + "; confirm that the previous release works with them"));
        }
        if (irreversible.isEmpty()) {
            long withRollback = considered.stream()
                    .filter(changeSet -> changeSet.reversibility() == Reversibility.ROLLBACK)
                    .count();
            long automatic = considered.stream()
                    .filter(changeSet -> changeSet.reversibility() == Reversibility.AUTOMATIC)
                    .count();
            findings.add(new PlanFinding(
                    Status.PASS,
                    RULE,
                    considered.isEmpty()
                            ? "Liquibase: no changeset" + scope + files + ", nothing to roll back." + noTag
                            : "Liquibase: every one of the " + considered.size() + " changesets" + scope + files
                                    + " can be rolled back: "
                                    + withRollback + " with a rollback, " + automatic + " automatically"
                                    + (empty.isEmpty() ? "" : ", " + empty.size() + " with an empty rollback") + "."
                                    + noTag));
        }
    }

    private static String names(final List<LiquibaseChangeSet> changeSets) {
        String shown = changeSets.stream()
                .limit(MAX_NAMED)
                .map(LiquibaseChangeSet::describe)
                .collect(Collectors.joining(", "));
        return changeSets.size() > MAX_NAMED ? shown + " and " + (changeSets.size() - MAX_NAMED) + " more" : shown;
    }

    /**
     * Where the changelog is.
     *
     * @param changelog the master changelog, relative to the workspace or to a search path root; {@code null} for the defaults
     * @param searchPath the directories non-relative includes are resolved against, in order (the workspace root is tried last)
     * @param afterTag the tag of the {@code tagDatabase} change where the previous release ends; {@code null} to count every changeset
     */
    record LiquibaseOptions(
            @CheckForNull String changelog,
            List<String> searchPath,
            @CheckForNull String afterTag) {
        /** Where Liquibase's files are in a Maven or Gradle project: the class path root. */
        static final List<String> DEFAULT_SEARCH_PATH = List.of("src/main/resources");
        /** The master changelogs looked for by default (Spring Boot's default location first). */
        static final List<String> DEFAULT_CHANGELOGS = List.of(
                "db/changelog/db.changelog-master.yaml",
                "db/changelog/db.changelog-master.yml",
                "db/changelog/db.changelog-master.xml",
                "db/changelog/db.changelog-master.json",
                "db/changelog/db.changelog-master.sql");

        LiquibaseOptions {
            searchPath = List.copyOf(searchPath);
        }

        static LiquibaseOptions defaults() {
            return new LiquibaseOptions(null, DEFAULT_SEARCH_PATH, null);
        }
    }

    /**
     * A changelog tree as read.
     *
     * @param master the master changelog's path, empty if it was not found
     * @param files every changelog file read, in order
     * @param changeSets every changeset, in the order Liquibase runs them
     * @param errors every file or include that could not be read, with file and line
     */
    record Tree(String master, List<String> files, List<LiquibaseChangeSet> changeSets, List<String> errors) {
        Tree {
            Objects.requireNonNull(master);
            files = List.copyOf(files);
            changeSets = List.copyOf(changeSets);
            errors = List.copyOf(errors);
        }
    }
}
