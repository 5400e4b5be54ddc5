package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rollback plan as read from its file ({@code apiVersion: releasegate/v1}): which release it covers,
 * who runs it, when it is triggered, how the data is brought back, the steps, how success is verified,
 * and when it was last reviewed and rehearsed.
 *
 * @param file the plan file as the user knows it, such as {@code .release/rollback.yaml}
 * @param change the release being deployed and the release to roll back to
 * @param owner who runs the rollback
 * @param triggers the conditions that start a rollback
 * @param decisionDeadline how long after the deployment the rollback decision is made at the latest
 * @param estimatedDuration how long the whole rollback takes
 * @param data how the database is brought back
 * @param steps the rollback steps in order
 * @param verification how the team knows the rollback worked
 * @param review when the plan was last reviewed and rehearsed
 */
public record RollbackPlan(
        String file,
        Change change,
        Owner owner,
        List<Trigger> triggers,
        Duration decisionDeadline,
        Duration estimatedDuration,
        Data data,
        List<Step> steps,
        List<String> verification,
        Review review) {
    /** The only format version so far. */
    public static final String API_VERSION = "releasegate/v1";

    /**
     * Creates a plan.
     */
    public RollbackPlan {
        Objects.requireNonNull(file);
        Objects.requireNonNull(change);
        Objects.requireNonNull(owner);
        triggers = List.copyOf(triggers);
        Objects.requireNonNull(decisionDeadline);
        Objects.requireNonNull(estimatedDuration);
        Objects.requireNonNull(data);
        steps = List.copyOf(steps);
        verification = List.copyOf(verification);
        Objects.requireNonNull(review);
    }

    /**
     * Returns the sum of the steps' estimates.
     *
     * @return the total
     */
    public Duration stepsEstimate() {
        return steps.stream().map(Step::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The change this plan covers.
     *
     * @param id the change ticket, if the team uses one
     * @param release the release being deployed
     * @param rollbackTo the release the rollback returns to, the one running now
     */
    public record Change(@CheckForNull String id, String release, String rollbackTo) {
        /**
         * Creates the change.
         */
        public Change {
            Objects.requireNonNull(release);
            Objects.requireNonNull(rollbackTo);
        }

        /**
         * Returns the change ticket.
         *
         * @return the id, empty if none is given
         */
        public Optional<String> ticket() {
            return Optional.ofNullable(id);
        }
    }

    /**
     * Who runs the rollback.
     *
     * @param primary the person who runs it
     * @param backup who runs it when the primary owner is away, {@code null} if nobody is named
     * @param escalation where to escalate, such as an on-call channel, {@code null} if not given
     */
    public record Owner(
            String primary,
            @CheckForNull String backup,
            @CheckForNull String escalation) {
        /**
         * Creates the owner.
         */
        public Owner {
            Objects.requireNonNull(primary);
        }

        /**
         * Returns the backup owner.
         *
         * @return the backup, empty if none is named
         */
        public Optional<String> backupOwner() {
            return Optional.ofNullable(backup);
        }
    }

    /**
     * A condition that starts a rollback: measurable (a metric compared with a value, or a named alert)
     * or described in words.
     *
     * @param metric the metric, such as {@code http_5xx_rate}, {@code null} if not a metric trigger
     * @param operator the comparison, such as {@code >}, {@code null} without a metric
     * @param value the value compared with, such as {@code 2%}, {@code null} without a metric
     * @param duration how long the condition must hold, {@code null} for at once
     * @param alert the alert whose firing starts a rollback, {@code null} if not an alert trigger
     * @param description the condition in words, {@code null} if not given
     */
    public record Trigger(
            @CheckForNull String metric,
            @CheckForNull String operator,
            @CheckForNull String value,
            @CheckForNull Duration duration,
            @CheckForNull String alert,
            @CheckForNull String description) {
        /**
         * Returns whether the trigger can be decided by a measurement rather than a judgement.
         *
         * @return {@code true} for a metric with comparison and value, or an alert
         */
        public boolean isMeasurable() {
            return metric != null && operator != null && value != null || alert != null;
        }

        /**
         * Returns the trigger as text, such as {@code http_5xx_rate > 2% for 5m}.
         *
         * @return the text
         */
        public String describe() {
            if (metric != null) {
                return metric + " " + operator + " " + value
                        + (duration == null ? "" : " for " + Quantity.format(duration));
            }
            if (alert != null) {
                return "alert " + alert + " fires";
            }
            return String.valueOf(description);
        }
    }

    /**
     * How the database is brought back.
     *
     * @param tool the migration tool
     * @param strategy the strategy
     * @param backup the backup, {@code null} if none is named
     */
    public record Data(
            MigrationTool tool,
            DataStrategy strategy,
            @CheckForNull Backup backup) {
        /**
         * Creates the data section.
         */
        public Data {
            Objects.requireNonNull(tool);
            Objects.requireNonNull(strategy);
        }

        /**
         * Returns the backup.
         *
         * @return the backup, empty if none is named
         */
        public Optional<Backup> namedBackup() {
            return Optional.ofNullable(backup);
        }
    }

    /**
     * A database backup the rollback may restore.
     *
     * @param id the backup's name or id
     * @param restoreTested when a restore of this backup (or of the same procedure) was last tested, {@code null} if never
     */
    public record Backup(String id, @CheckForNull LocalDate restoreTested) {
        /**
         * Creates the backup.
         */
        public Backup {
            Objects.requireNonNull(id);
        }
    }

    /**
     * One rollback step.
     *
     * @param action what to do
     * @param estimate how long it takes
     * @param owner who does it, {@code null} for the plan's owner
     * @param verify how to know the step worked, {@code null} if not given
     * @param runbook where the detailed instructions are, {@code null} if not given
     */
    public record Step(
            String action,
            Duration estimate,
            @CheckForNull String owner,
            @CheckForNull String verify,
            @CheckForNull String runbook) {
        /**
         * Creates the step.
         */
        public Step {
            Objects.requireNonNull(action);
            Objects.requireNonNull(estimate);
        }
    }

    /**
     * When the plan was last reviewed and rehearsed.
     *
     * @param lastReviewed the date of the last review
     * @param reviewer who reviewed it
     * @param lastRehearsed the date of the last rehearsal, {@code null} if never
     */
    public record Review(
            LocalDate lastReviewed,
            String reviewer,
            @CheckForNull LocalDate lastRehearsed) {
        /**
         * Creates the review.
         */
        public Review {
            Objects.requireNonNull(lastReviewed);
            Objects.requireNonNull(reviewer);
        }
    }

    /**
     * The tool that migrates the database.
     */
    public enum MigrationTool {
        /** The release changes no database. */
        NONE,
        /** Flyway: versioned SQL migrations and undo scripts. */
        FLYWAY,
        /** Liquibase: changelogs of changesets with rollbacks. */
        LIQUIBASE
    }

    /**
     * How the database is brought back to what the previous release expects.
     */
    public enum DataStrategy {
        /** Every migration of this release is undone: Flyway undo scripts, Liquibase rollbacks. */
        UNDO,
        /** A backup taken before the deployment is restored. */
        RESTORE,
        /** Nothing is undone: the previous release works with the new schema (expand/contract). */
        COMPATIBLE,
        /** The release does not change the database. */
        NONE
    }
}
