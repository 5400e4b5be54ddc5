package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Liquibase changeset as read from a changelog: where it is, its changes and its rollback.
 *
 * @param file the changelog file, relative to the workspace
 * @param line the line of the changeset, 1-based
 * @param id the changeset id
 * @param author the changeset author
 * @param changes the change types in order, such as {@code createTable} or {@code sql}
 * @param rollback what its rollback declares
 * @param tag the tag of a {@code tagDatabase} change in it, {@code null} if none
 */
record LiquibaseChangeSet(
        String file,
        int line,
        String id,
        String author,
        List<String> changes,
        Rollback rollback,
        @CheckForNull String tag) {
    /**
     * The change types Liquibase rolls back by itself (their {@code createInverses()} gives the inverse
     * change), taken from liquibase-core. Every other change, {@code sql}, {@code sqlFile},
     * {@code dropTable} and {@code customChange} among them, needs a rollback.
     */
    static final Set<String> AUTOMATICALLY_REVERSIBLE = Set.of(
            "addColumn",
            "addDefaultValue",
            "addForeignKeyConstraint",
            "addLookupTable",
            "addNotNullConstraint",
            "addPrimaryKey",
            "addUniqueConstraint",
            "createIndex",
            "createSequence",
            "createTable",
            "createView",
            "dropNotNullConstraint",
            "empty",
            "output",
            "renameColumn",
            "renameSequence",
            "renameTable",
            "renameView",
            "tagDatabase");

    LiquibaseChangeSet {
        Objects.requireNonNull(file);
        Objects.requireNonNull(id);
        Objects.requireNonNull(author);
        changes = List.copyOf(changes);
        Objects.requireNonNull(rollback);
    }

    /**
     * Returns whether and how the changeset can be rolled back.
     *
     * @return the reversibility
     */
    Reversibility reversibility() {
        return switch (rollback) {
            case EMPTY -> Reversibility.EMPTY_ROLLBACK;
            case CHANGES, SQL, REFERENCE -> Reversibility.ROLLBACK;
            case NONE -> irreversibleChanges().isEmpty() ? Reversibility.AUTOMATIC : Reversibility.IRREVERSIBLE;
        };
    }

    /**
     * Returns the changes Liquibase cannot roll back by itself.
     *
     * @return the change types, in order, without repeats
     */
    List<String> irreversibleChanges() {
        return changes.stream()
                .filter(change -> !AUTOMATICALLY_REVERSIBLE.contains(change))
                .distinct()
                .toList();
    }

    /**
     * Returns the changeset as people find it: {@code file:line id (author)}.
     *
     * @return the text
     */
    String describe() {
        return file + ":" + line + " " + id + " (" + author + ")";
    }

    /**
     * What a changeset's rollback declares.
     */
    enum Rollback {
        /** No rollback: the changes must roll back by themselves. */
        NONE,
        /** Rollback changes, such as {@code dropTable}. */
        CHANGES,
        /** Rollback SQL. */
        SQL,
        /** The changes of another changeset ({@code changeSetId}). */
        REFERENCE,
        /** An empty rollback ({@code <rollback/>}, {@code --rollback empty}, {@code --rollback not required}). */
        EMPTY
    }

    /**
     * Whether a changeset can be rolled back.
     */
    enum Reversibility {
        /** It has a rollback. */
        ROLLBACK,
        /** Every change rolls back by itself. */
        AUTOMATIC,
        /** Its rollback is declared empty: rolling back leaves its changes in place. */
        EMPTY_ROLLBACK,
        /** Some change cannot be rolled back and there is no rollback. */
        IRREVERSIBLE
    }
}
