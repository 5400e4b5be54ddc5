package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.check.Thresholds;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Validates a rollback plan file on its own, as {@code release-gate validate} does: the schema, then every
 * rule that needs nothing but the file and today's date. Migrations, the schema history and the previous
 * release's artifact need the gate's settings and are judged only when the {@code rollbackPlan} check runs.
 */
public final class RollbackPlanValidator {
    private RollbackPlanValidator() {
    }

    /**
     * Validates a plan with today's date (system clock) and the default age limits, without comparing
     * its release with anything.
     *
     * @param yaml the plan file's text
     * @param fileName the file name as the user knows it, used in messages, such as {@code .release/rollback.yaml}
     * @return the findings: schema problems (each FAIL, worded {@code file:line:column: path message}) if the
     *     file is not a valid plan, otherwise the outcome of every rule, PASS ones included
     */
    public static List<PlanFinding> validate(final String yaml, final String fileName) {
        return validate(yaml, fileName, Clock.systemDefaultZone(), null);
    }

    /**
     * Validates a plan.
     *
     * @param yaml the plan file's text
     * @param fileName the file name as the user knows it, used in messages
     * @param clock the clock that gives today's date for the age rules
     * @param release the release being deployed, compared with {@code change.release}; {@code null} to skip that rule
     * @return the findings, as {@link #validate(String, String)} describes them
     */
    public static List<PlanFinding> validate(final String yaml, final String fileName, final Clock clock,
            @CheckForNull final String release) {
        RollbackPlanReader.PlanReading reading = RollbackPlanReader.read(yaml, fileName);
        RollbackPlan plan = reading.plan();
        if (plan == null) {
            return reading.findings();
        }
        PlanRules.Inputs inputs = new PlanRules.Inputs(LocalDate.now(clock), release, false, null,
                Thresholds.defaults(RollbackPlanCheckType.THRESHOLDS));
        return PlanRules.evaluate(plan, inputs).findings();
    }
}
