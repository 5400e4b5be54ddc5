package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Backup;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Owner;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Trigger;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlanReader.ReleaseNames;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rules a valid plan must follow beyond its schema: the right release, a real backup owner, a
 * measurable trigger, estimates that add up, a fresh review and rehearsal, a tested restore.
 */
final class PlanRules {
    /** The metric: days since the plan was last reviewed. */
    static final String REVIEW_AGE = "reviewAge";
    /** The metric: days since the rollback was last rehearsed. */
    static final String REHEARSAL_AGE = "rehearsalAge";
    /** The metric: days since the restore of the named backup was last tested. */
    static final String RESTORE_TEST_AGE = "restoreTestAge";

    private static final double SECONDS_PER_DAY = 86_400;

    private PlanRules() {}

    /**
     * Judges a plan.
     *
     * @param plan the plan
     * @param inputs what the plan is judged against
     * @return the findings and the measured ages
     */
    static Evaluation evaluate(final RollbackPlan plan, final Inputs inputs) {
        Evaluation.Builder result = new Evaluation.Builder();
        release(plan, inputs, result);
        rollbackTo(plan, inputs, result);
        owner(plan.owner(), result);
        triggers(plan.triggers(), result);
        duration(plan, result);
        review(plan, inputs, result);
        rehearsal(plan, inputs, result);
        restore(plan, inputs, result);
        return result.build();
    }

    private static void release(final RollbackPlan plan, final Inputs inputs, final Evaluation.Builder result) {
        String planned = plan.change().release();
        String release = inputs.release();
        if (release == null) {
            if (inputs.isReleaseExpected()) {
                result.add(
                        Status.WARN,
                        "release",
                        "The release being deployed is unknown, so change.release " + planned
                                + " was not compared with it: pass the release being deployed to the gate");
            }
            return;
        }
        if (ReleaseNames.same(planned, release)) {
            result.add(Status.PASS, "release", "change.release " + planned + " is the release being deployed");
        } else {
            result.add(
                    Status.FAIL,
                    "release",
                    "The plan is for release " + planned + ", but " + release
                            + " is being deployed: update change.release and review the plan for " + release);
        }
    }

    private static void rollbackTo(final RollbackPlan plan, final Inputs inputs, final Evaluation.Builder result) {
        String rollbackTo = plan.change().rollbackTo();
        String currentRelease = inputs.currentRelease();
        if (currentRelease == null) {
            return;
        }
        if (ReleaseNames.same(rollbackTo, currentRelease)) {
            result.add(Status.PASS, "rollbackTo", "change.rollbackTo " + rollbackTo + " is the release running now");
        } else {
            result.add(
                    Status.FAIL,
                    "rollbackTo",
                    "The plan rolls back to " + rollbackTo + ", but " + currentRelease
                            + " runs now (currentRelease): set change.rollbackTo to the release running now");
        }
    }

    private static void owner(final Owner owner, final Evaluation.Builder result) {
        String backup = owner.backup();
        if (backup == null) {
            result.add(
                    Status.WARN,
                    "owner",
                    "No backup owner: add owner.backup, a second person who can run the rollback when "
                            + owner.primary() + " cannot");
        } else if (backup.equalsIgnoreCase(owner.primary())) {
            result.add(
                    Status.WARN,
                    "owner",
                    "owner.backup is owner.primary (" + owner.primary()
                            + "): name a second, different person who can run the rollback");
        } else {
            result.add(
                    Status.PASS,
                    "owner",
                    "Owner " + owner.primary() + ", backup " + backup
                            + (owner.escalation() == null ? "" : ", escalation " + owner.escalation()));
        }
    }

    private static void triggers(final List<Trigger> triggers, final Evaluation.Builder result) {
        List<Trigger> measurable =
                triggers.stream().filter(Trigger::isMeasurable).toList();
        if (measurable.isEmpty()) {
            result.add(
                    Status.FAIL,
                    "triggers",
                    "No measurable trigger: add one with metric, op and value (such as "
                            + "http_5xx_rate > 2% for 5m) or an alert, so that the decision to roll back does not rest on judgement under pressure");
        } else {
            result.add(
                    Status.PASS,
                    "triggers",
                    triggers.size() + (triggers.size() == 1 ? " trigger, " : " triggers, ") + measurable.size()
                            + " measurable: "
                            + String.join(
                                    "; ",
                                    measurable.stream().map(Trigger::describe).toList()));
        }
    }

    private static void duration(final RollbackPlan plan, final Evaluation.Builder result) {
        Duration steps = plan.stepsEstimate();
        String count = plan.steps().size() + (plan.steps().size() == 1 ? " step" : " steps");
        if (steps.compareTo(plan.estimatedDuration()) > 0) {
            result.add(
                    Status.WARN,
                    "duration",
                    "The " + count + " add up to " + Quantity.format(steps)
                            + ", more than estimatedDuration " + Quantity.format(plan.estimatedDuration())
                            + ": correct the step estimates or estimatedDuration");
        } else {
            result.add(
                    Status.PASS,
                    "duration",
                    "The " + count + " take " + Quantity.format(steps) + " in all, within estimatedDuration "
                            + Quantity.format(plan.estimatedDuration()));
        }
    }

    private static void review(final RollbackPlan plan, final Inputs inputs, final Evaluation.Builder result) {
        LocalDate lastReviewed = plan.review().lastReviewed();
        age(
                REVIEW_AGE,
                "review",
                lastReviewed,
                "review.lastReviewed",
                inputs,
                result,
                days -> "Reviewed " + days + " by " + plan.review().reviewer(),
                days -> "The plan was last reviewed " + days
                        + ": review it with the team and update review.lastReviewed");
    }

    private static void rehearsal(final RollbackPlan plan, final Inputs inputs, final Evaluation.Builder result) {
        LocalDate lastRehearsed = plan.review().lastRehearsed();
        if (lastRehearsed == null) {
            result.add(
                    Status.WARN,
                    "rehearsal",
                    "The rollback was never rehearsed: rehearse it (on staging, for example) "
                            + "and record the date as review.lastRehearsed");
            return;
        }
        age(
                REHEARSAL_AGE,
                "rehearsal",
                lastRehearsed,
                "review.lastRehearsed",
                inputs,
                result,
                days -> "Rehearsed " + days,
                days -> "The rollback was last rehearsed " + days
                        + ": rehearse it again and update review.lastRehearsed");
    }

    private static void restore(final RollbackPlan plan, final Inputs inputs, final Evaluation.Builder result) {
        if (plan.data().strategy() != DataStrategy.RESTORE) {
            return;
        }
        Backup backup = plan.data().backup();
        if (backup == null) {
            result.add(
                    Status.FAIL,
                    "restore",
                    "data.strategy is restore, but no backup is named: add data.backup with its id "
                            + "and the date its restore was last tested (restoreTested)");
            return;
        }
        LocalDate restoreTested = backup.restoreTested();
        if (restoreTested == null) {
            result.add(
                    Status.FAIL,
                    "restore",
                    "data.strategy is restore, but restoring backup " + backup.id()
                            + " was never tested: test a restore and record the date as data.backup.restoreTested");
            return;
        }
        age(
                RESTORE_TEST_AGE,
                "restore",
                restoreTested,
                "data.backup.restoreTested",
                inputs,
                result,
                days -> "Restore of backup " + backup.id() + " tested " + days,
                days -> "The restore of backup " + backup.id() + " was last tested " + days
                        + ": test it again and update data.backup.restoreTested");
    }

    private static void age(
            final String metric,
            final String rule,
            final LocalDate date,
            final String key,
            final Inputs inputs,
            final Evaluation.Builder result,
            final Function<String, String> passed,
            final Function<String, String> breached) {
        long days = ChronoUnit.DAYS.between(date, inputs.today());
        if (days < 0) {
            result.add(Status.WARN, rule, key + " " + date + " is in the future: write the date it really happened");
            return;
        }
        Measurement measurement = inputs.thresholds().measure(metric, days * SECONDS_PER_DAY);
        result.measurement(measurement);
        String ago = days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago";
        if (measurement.status() == Status.PASS) {
            result.add(Status.PASS, rule, passed.apply(ago + " (" + date + ")"));
        } else {
            result.add(
                    measurement.status(),
                    rule,
                    breached.apply(ago + " (" + date + "; limits " + measurement.formattedThresholds() + ")"));
        }
    }

    /**
     * What a plan is judged against.
     *
     * @param today the date today
     * @param release the release being deployed, {@code null} if unknown
     * @param isReleaseExpected whether an unknown release is a WARN (in a gate) or is not judged (validating a file)
     * @param currentRelease the release running now, {@code null} if not configured
     * @param thresholds the age limits
     */
    record Inputs(
            LocalDate today,
            @CheckForNull String release,
            boolean isReleaseExpected,
            @CheckForNull String currentRelease,
            Thresholds thresholds) {
        Inputs {
            Objects.requireNonNull(today);
            Objects.requireNonNull(thresholds);
        }
    }

    /**
     * The findings and measurements of a plan.
     *
     * @param findings the findings in rule order
     * @param measurements the measured ages
     */
    record Evaluation(List<PlanFinding> findings, List<Measurement> measurements) {
        Evaluation {
            findings = List.copyOf(findings);
            measurements = List.copyOf(measurements);
        }

        static final class Builder {
            private final List<PlanFinding> findings = new ArrayList<>();
            private final List<Measurement> measurements = new ArrayList<>();

            void add(final Status status, final String rule, final String message) {
                findings.add(new PlanFinding(status, rule, message));
            }

            void measurement(final Measurement measurement) {
                measurements.add(measurement);
            }

            Evaluation build() {
                return new Evaluation(findings, measurements);
            }
        }
    }
}
