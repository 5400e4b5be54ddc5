package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.FlywayMigrations.FlywayOptions;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangelog.LiquibaseOptions;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.MigrationTool;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.FileTooLargeException;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code rollbackPlan} check: reads the plan file from the workspace, reports its schema problems or
 * judges it by every rule, then checks the database migrations against the plan's data strategy, Flyway's
 * schema history and the previous release's artifact when they are configured.
 */
public final class RollbackPlanCheck implements Check {
    private static final int SUMMARY_FINDINGS = 2;

    private final String path;

    @CheckForNull
    private final String currentRelease;

    @CheckForNull
    private final FlywayOptions flyway;

    @CheckForNull
    private final LiquibaseOptions liquibase;

    @CheckForNull
    private final SchemaHistory.Options schemaHistory;

    @CheckForNull
    private final PreviousArtifact.Options previousArtifact;

    RollbackPlanCheck(
            final String path,
            @CheckForNull final String currentRelease,
            @CheckForNull final FlywayOptions flyway,
            @CheckForNull final LiquibaseOptions liquibase,
            @CheckForNull final SchemaHistory.Options schemaHistory,
            @CheckForNull final PreviousArtifact.Options previousArtifact) {
        this.path = path;
        this.currentRelease = currentRelease;
        this.flyway = flyway;
        this.liquibase = liquibase;
        this.schemaHistory = schemaHistory;
        this.previousArtifact = previousArtifact;
    }

    /**
     * Returns where the plan file is, relative to the workspace, so that {@code release-gate validate}
     * can validate the plan files a gate definition names.
     *
     * @return the path, such as {@code .release/rollback.yaml}
     */
    public String getPath() {
        return path;
    }

    @Override
    public boolean needsWorkspace() {
        return true;
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, IOException, InterruptedException {
        WorkspaceFiles workspace = context.requireWorkspace();
        if (!workspace.isFile(path)) {
            return CheckResult.builder()
                    .raise(Status.FAIL)
                    .summary(RollbackPlanValidator.missingPlan(path))
                    .detail("Looked in the workspace " + workspace.describe())
                    .build();
        }
        context.log("Reading the rollback plan " + path);
        String yaml;
        try {
            yaml = workspace.read(path, RollbackPlanReader.MAX_BYTES);
        } catch (FileTooLargeException exception) {
            return CheckResult.builder()
                    .raise(Status.FAIL)
                    .summary(RollbackPlanReader.tooLarge(path))
                    .build();
        }
        RollbackPlanReader.PlanReading reading = RollbackPlanReader.read(yaml, path);
        RollbackPlan plan = reading.plan();
        if (plan == null) {
            return invalid(reading.findings());
        }
        PlanRules.Evaluation evaluation = PlanRules.evaluate(
                plan,
                new PlanRules.Inputs(
                        LocalDate.now(context.clock()),
                        context.release().orElse(null),
                        true,
                        currentRelease,
                        context.thresholds()));
        List<PlanFinding> findings = new ArrayList<>(evaluation.findings());
        MigrationVersion historyVersion = null;
        if (schemaHistory != null) {
            context.log("Reading " + schemaHistory.table() + " at "
                    + schemaHistory.url().display());
            SchemaHistory.Reading history = SchemaHistory.read(schemaHistory, context);
            if (history.error() != null) {
                findings.add(history.error());
            } else {
                findings.addAll(SchemaHistory.judge(history.rows(), schemaHistory));
                historyVersion = SchemaHistory.currentVersion(history.rows()).orElse(null);
            }
        }
        findings.addAll(migrations(plan, workspace, historyVersion, context));
        if (previousArtifact != null) {
            context.log("Looking for the artifact of " + plan.change().rollbackTo());
            findings.add(PreviousArtifact.check(previousArtifact, plan.change().rollbackTo(), context));
        }
        return result(plan, findings, evaluation.measurements());
    }

    private List<PlanFinding> migrations(
            final RollbackPlan plan,
            final WorkspaceFiles workspace,
            @CheckForNull final MigrationVersion historyVersion,
            final CheckContext context)
            throws IOException, InterruptedException {
        List<PlanFinding> findings = new ArrayList<>();
        MigrationTool tool = plan.data().tool();
        if (flyway != null && tool != MigrationTool.FLYWAY || liquibase != null && tool != MigrationTool.LIQUIBASE) {
            findings.add(new PlanFinding(
                    Status.FAIL,
                    "data",
                    "The gate checks " + (flyway != null ? "Flyway" : "Liquibase")
                            + " migrations, but the plan's data.tool is "
                            + tool.name().toLowerCase(Locale.ROOT)
                            + ": correct data.tool in the plan, or the check's migrations settings"));
            return findings;
        }
        if (tool == MigrationTool.FLYWAY) {
            FlywayOptions options = flyway == null ? FlywayOptions.defaults() : flyway;
            MigrationVersion baseline = options.baseline() != null ? options.baseline() : historyVersion;
            String source = options.baseline() != null
                    ? "migrations.flyway.baseline"
                    : "current version in " + schemaHistoryTable();
            context.log("Checking Flyway migrations in " + String.join(", ", options.locations()));
            findings.addAll(FlywayMigrations.judge(
                    FlywayMigrations.scan(workspace, options),
                    options,
                    plan.data().strategy(),
                    baseline,
                    source));
        } else if (tool == MigrationTool.LIQUIBASE) {
            LiquibaseOptions options = liquibase == null ? LiquibaseOptions.defaults() : liquibase;
            context.log("Checking Liquibase changelogs");
            findings.addAll(LiquibaseChangelog.judge(
                    LiquibaseChangelog.read(workspace, options),
                    options,
                    plan.data().strategy()));
        }
        return findings;
    }

    private String schemaHistoryTable() {
        return schemaHistory == null ? "the schema history" : schemaHistory.table();
    }

    private CheckResult invalid(final List<PlanFinding> problems) {
        CheckResult.Builder result = CheckResult.builder().raise(Status.FAIL);
        result.summary("The rollback plan is not valid: " + problems.get(0).message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        problems.forEach(problem -> result.detail(problem.toString()));
        return result.build();
    }

    private CheckResult result(
            final RollbackPlan plan, final List<PlanFinding> findings, final List<Measurement> measurements) {
        CheckResult.Builder result = CheckResult.builder();
        measurements.forEach(result::measurement);
        for (PlanFinding finding : findings) {
            result.raise(finding.status());
            result.detail(finding.status() + " [" + finding.rule() + "] " + finding.message());
        }
        List<PlanFinding> offenders = findings.stream()
                .filter(finding -> finding.status() != Status.PASS)
                .sorted(Comparator.comparing(PlanFinding::status).reversed())
                .toList();
        if (offenders.isEmpty()) {
            result.summary("Rollback plan " + path + " for " + plan.change().release() + " (back to "
                    + plan.change().rollbackTo() + "): all " + findings.size() + " findings pass");
        } else {
            String shown = String.join(
                    "; ",
                    offenders.stream()
                            .limit(SUMMARY_FINDINGS)
                            .map(finding -> finding.message().replaceAll("\\.$", ""))
                            .toList());
            result.summary(
                    offenders.size() > SUMMARY_FINDINGS
                            ? shown + " (and " + (offenders.size() - SUMMARY_FINDINGS) + " more)"
                            : shown);
        }
        return result.build();
    }

    @Override
    public String toString() {
        return "rollbackPlan[" + path
                + Optional.ofNullable(currentRelease)
                        .map(release -> ", current " + release)
                        .orElse("") + "]";
    }
}
