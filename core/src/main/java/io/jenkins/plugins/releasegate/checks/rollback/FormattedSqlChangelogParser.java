package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.ChangeSetEntry;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.Include;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.IncludeAll;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangeSet.Rollback;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Liquibase formatted SQL changelogs: a first line {@code --liquibase formatted sql}, then
 * {@code --changeset author:id} blocks whose SQL is one {@code sql} change, undone by {@code --rollback}
 * lines or a {@code /* liquibase rollback ... *}{@code /} block. {@code --rollback empty} and
 * {@code --rollback not required} declare an empty rollback. {@code --include file:} and
 * {@code --includeAll path:} (Liquibase Pro syntax) are followed too.
 *
 * <p>A {@code .sql} file without the first line is plain SQL: Liquibase runs it as one changeset
 * ({@code raw}) that cannot be rolled back.</p>
 */
final class FormattedSqlChangelogParser {
    private static final Pattern FIRST_LINE =
            Pattern.compile("\\s*--\\s*liquibase\\s*formatted.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGE_SET = Pattern.compile(
            "\\s*--[\\s]*changeset\\s+(\"[^\"]+\"|[^:]+):\\s*(\"[^\"]+\"|\\S+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern BROKEN_CHANGE_SET =
            Pattern.compile("\\s*--[\\s]*changeset\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK = Pattern.compile("\\s*--[\\s]*rollback (.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_START =
            Pattern.compile("\\s*/\\*\\s*liquibase\\s*rollback\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK_END = Pattern.compile("(.*?)\\*/\\s*$");
    private static final Pattern IGNORE = Pattern.compile(".*\\signore:(\\w+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern INCLUDE =
            Pattern.compile("\\s*--[\\s]*include\\s+file:(\\S+)(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INCLUDE_ALL =
            Pattern.compile("\\s*--[\\s]*includeAll\\s+path:(\\S+)(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE =
            Pattern.compile(".*relativeToChangelogFile:(\\w+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR_IF_MISSING =
            Pattern.compile(".*errorIfMissingOrEmpty:(\\w+).*", Pattern.CASE_INSENSITIVE);

    private FormattedSqlChangelogParser() {}

    /**
     * Reads a changelog.
     *
     * @param file the file, relative to the workspace, for messages
     * @param text its text
     * @return its changesets and includes, in order
     * @throws ChangelogException if a changeset line is malformed or a rollback block is not closed
     */
    static List<ChangelogEntry> parse(final String file, final String text) throws ChangelogException {
        String[] lines = text.split("\\r?\\n", -1);
        if (!isFormatted(lines)) {
            return text.isBlank()
                    ? List.of()
                    : List.of(new ChangeSetEntry(
                            new LiquibaseChangeSet(file, 1, "raw", "includeAll", List.of("sql"), Rollback.NONE, null)));
        }
        List<ChangelogEntry> entries = new ArrayList<>();
        ChangeSetBuilder current = null;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int number = index + 1;
            Matcher changeSet = CHANGE_SET.matcher(line);
            Matcher include = INCLUDE.matcher(line);
            Matcher includeAll = INCLUDE_ALL.matcher(line);
            if (changeSet.matches()) {
                finish(current, file, entries);
                boolean ignored = flag(IGNORE, line, false);
                current = new ChangeSetBuilder(
                        number,
                        unquote(changeSet.group(2)),
                        unquote(changeSet.group(1).trim()),
                        ignored);
            } else if (BROKEN_CHANGE_SET.matcher(line).matches()) {
                throw new ChangelogException(file, number, "the changeset line must read '--changeset <author>:<id>'");
            } else if (include.matches()) {
                finish(current, file, entries);
                current = null;
                entries.add(new Include(include.group(1), flag(RELATIVE, include.group(2), false), number));
            } else if (includeAll.matches()) {
                finish(current, file, entries);
                current = null;
                entries.add(new IncludeAll(
                        includeAll.group(1),
                        flag(RELATIVE, includeAll.group(2), false),
                        flag(ERROR_IF_MISSING, includeAll.group(2), true),
                        number));
            } else if (current != null) {
                Matcher rollback = ROLLBACK.matcher(line);
                if (rollback.matches()) {
                    current.rollback.append(rollback.group(1)).append('\n');
                } else if (ROLLBACK_BLOCK_START.matcher(line).matches()) {
                    index = readRollbackBlock(file, lines, index, current);
                }
            }
        }
        finish(current, file, entries);
        return entries;
    }

    private static boolean isFormatted(final String[] lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                return FIRST_LINE.matcher(line).matches();
            }
        }
        return false;
    }

    private static int readRollbackBlock(
            final String file, final String[] lines, final int start, final ChangeSetBuilder current)
            throws ChangelogException {
        for (int index = start + 1; index < lines.length; index++) {
            Matcher end = ROLLBACK_BLOCK_END.matcher(lines[index]);
            if (end.matches()) {
                current.rollback.append(end.group(1)).append('\n');
                return index;
            }
            current.rollback.append(lines[index]).append('\n');
        }
        throw new ChangelogException(
                file, start + 1, "the '/* liquibase rollback' block is not closed: end it with */");
    }

    private static void finish(
            @CheckForNull final ChangeSetBuilder current, final String file, final List<ChangelogEntry> entries) {
        if (current != null && !current.isIgnored) {
            entries.add(new ChangeSetEntry(current.build(file)));
        }
    }

    private static boolean flag(final Pattern pattern, final String text, final boolean defaultValue) {
        Matcher matcher = pattern.matcher(text);
        return matcher.matches() ? "true".equals(matcher.group(1).toLowerCase(Locale.ROOT)) : defaultValue;
    }

    private static String unquote(final String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1)
                : text;
    }

    private static final class ChangeSetBuilder {
        private final int line;
        private final String id;
        private final String author;
        private final boolean isIgnored;
        private final StringBuilder rollback = new StringBuilder();

        ChangeSetBuilder(final int line, final String id, final String author, final boolean isIgnored) {
            this.line = line;
            this.id = id;
            this.author = author;
            this.isIgnored = isIgnored;
        }

        LiquibaseChangeSet build(final String file) {
            return new LiquibaseChangeSet(file, line, id, author, List.of("sql"), rollbackKind(), null);
        }

        private Rollback rollbackKind() {
            String text = rollback.toString().trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                return Rollback.NONE;
            }
            if (text.startsWith("not required") || text.startsWith("empty")) {
                return Rollback.EMPTY;
            }
            if (text.contains("changesetid")) {
                return Rollback.REFERENCE;
            }
            return Rollback.SQL;
        }
    }
}
