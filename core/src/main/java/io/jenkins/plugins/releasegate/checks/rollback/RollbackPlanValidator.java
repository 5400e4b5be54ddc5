package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.FileTooLargeException;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Validates a rollback plan file on its own, as {@code release-gate validate} does: the schema, then every
 * rule that needs nothing but the file and today's date. Migrations, the schema history and the previous
 * release's artifact need the gate's settings and are judged only when the {@code rollbackPlan} check runs.
 */
public final class RollbackPlanValidator {
    /** The rule of the finding that the plan file is missing. */
    public static final String FILE = "file";

    private RollbackPlanValidator() {}

    /**
     * Returns the plan files the {@code rollbackPlan} checks of a gate read, so that
     * {@code release-gate validate} can validate them too.
     *
     * @param checks the checks of the gate
     * @return the paths relative to the workspace, in check order, without repeats; empty if the gate has no such check
     */
    public static List<String> planPaths(final List<? extends Check> checks) {
        return checks.stream()
                .filter(RollbackPlanCheck.class::isInstance)
                .map(check -> ((RollbackPlanCheck) check).getPath())
                .distinct()
                .toList();
    }

    /**
     * Validates the plan file at a path of a workspace, as {@link #validate(String, String, Clock, String)}
     * does; a missing file is one FAIL finding (rule {@value #FILE}) with the check's message.
     *
     * @param workspace the workspace, such as the current directory
     * @param path the plan file, relative to the workspace
     * @param clock the clock that gives today's date for the age rules
     * @param release the release being deployed, compared with {@code change.release}; {@code null} to skip that rule
     * @return the findings
     * @throws IOException if the workspace cannot be read or the path leaves it
     * @throws InterruptedException if interrupted
     */
    public static List<PlanFinding> validate(
            final WorkspaceFiles workspace, final String path, final Clock clock, @CheckForNull final String release)
            throws IOException, InterruptedException {
        if (!workspace.isFile(path)) {
            return List.of(new PlanFinding(Status.FAIL, FILE, missingPlan(path)));
        }
        String yaml;
        try {
            yaml = workspace.read(path, RollbackPlanReader.MAX_BYTES);
        } catch (FileTooLargeException exception) {
            return List.of(new PlanFinding(Status.FAIL, FILE, RollbackPlanReader.tooLarge(path)));
        }
        return validate(yaml, path, clock, release);
    }

    /**
     * Returns the message for a missing plan file.
     *
     * @param path the path looked at
     * @return the message
     */
    static String missingPlan(final String path) {
        return "No rollback plan at " + path + ": write one with 'release-gate rollback-plan init', fill it in "
                + "and commit it with the release (see docs/checks/rollback-plan.md)";
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
    public static List<PlanFinding> validate(
            final String yaml, final String fileName, final Clock clock, @CheckForNull final String release) {
        RollbackPlanReader.PlanReading reading = RollbackPlanReader.read(yaml, fileName);
        RollbackPlan plan = reading.plan();
        if (plan == null) {
            return reading.findings();
        }
        PlanRules.Inputs inputs = new PlanRules.Inputs(
                LocalDate.now(clock), release, false, null, Thresholds.defaults(RollbackPlanCheckType.THRESHOLDS));
        return PlanRules.evaluate(plan, inputs).findings();
    }
}
