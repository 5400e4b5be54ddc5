package io.jenkins.plugins.releasegate.checks.rollback;

import java.util.Objects;

/**
 * What one changelog file lists, in order: changesets and includes of other changelogs.
 */
sealed interface ChangelogEntry {
    /**
     * A changeset.
     *
     * @param changeSet the changeset
     */
    record ChangeSetEntry(LiquibaseChangeSet changeSet) implements ChangelogEntry {
        public ChangeSetEntry {
            Objects.requireNonNull(changeSet);
        }
    }

    /**
     * An included changelog file ({@code include}).
     *
     * @param path the path as written
     * @param isRelativeToChangelogFile whether the path is relative to the including file
     * @param line the line of the include, 1-based
     */
    record Include(String path, boolean isRelativeToChangelogFile, int line) implements ChangelogEntry {
        public Include {
            Objects.requireNonNull(path);
        }
    }

    /**
     * Every changelog file of a directory ({@code includeAll}), in alphabetical order.
     *
     * @param path the directory as written
     * @param isRelativeToChangelogFile whether the path is relative to the including file
     * @param isErrorIfMissingOrEmpty whether a missing or empty directory is an error (Liquibase's default)
     * @param line the line of the include, 1-based
     */
    record IncludeAll(String path, boolean isRelativeToChangelogFile, boolean isErrorIfMissingOrEmpty, int line)
            implements ChangelogEntry {
        public IncludeAll {
            Objects.requireNonNull(path);
        }
    }
}
