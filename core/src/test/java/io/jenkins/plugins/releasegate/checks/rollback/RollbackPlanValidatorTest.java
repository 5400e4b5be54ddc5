package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackPlanValidatorTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldRejectTheUneditedTemplateForItsPlaceholdersOnly() {
        // Given
        String template = RollbackPlanTemplate.text();

        // When
        List<PlanFinding> findings = RollbackPlanValidator.validate(template, ".release/rollback.yaml", TODAY, null);

        // Then
        assertThat(template).startsWith("# Rollback plan").contains("apiVersion: releasegate/v1");
        assertThat(findings).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.status()).isEqualTo(Status.FAIL);
            assertThat(finding.rule()).isEqualTo(PlanFinding.SCHEMA);
            assertThat(finding.message())
                    .startsWith(".release/rollback.yaml:")
                    .contains("is still the template's placeholder 'TODO");
        });
        assertThat(findings)
                .extracting(PlanFinding::message)
                .anySatisfy(message ->
                        assertThat(message).startsWith(".release/rollback.yaml:9:12: change.release is still"))
                .anySatisfy(message -> assertThat(message).contains("review.lastReviewed is still"))
                .anySatisfy(message -> assertThat(message).contains("data.strategy is still"));
    }

    @Test
    void shouldAcceptTheTemplateOnceFilledIn() {
        // Given
        Map<String, String> values = Map.ofEntries(
                Map.entry("TODO-change-ticket", "CHG-1234"),
                Map.entry("TODO-release-being-deployed", "2.8.0"),
                Map.entry("TODO-release-running-now", "2.7.3"),
                Map.entry("TODO-primary-owner", "jdoe"),
                Map.entry("TODO-backup-owner", "asmith"),
                Map.entry("TODO-escalation", "\"#ops-oncall\""),
                Map.entry("TODO-metric", "http_5xx_rate"),
                Map.entry("TODO-value", "\"2%\""),
                Map.entry("TODO-tool", "flyway"),
                Map.entry("TODO-strategy", "undo"),
                Map.entry("TODO-first-step", "\"Turn feature flag checkout-v2 off\""),
                Map.entry("TODO-step-owner", "jdoe"),
                Map.entry("TODO-how-you-know-it-worked", "\"flag API reports off\""),
                Map.entry("TODO-second-step", "\"Deploy 2.7.3\""),
                Map.entry("TODO-runbook-link", "https://wiki.example/runbooks/deploy"),
                Map.entry("TODO-first-verification", "\"smoke tests pass\""),
                Map.entry("TODO-YYYY-MM-DD", "2026-11-20"),
                Map.entry("TODO-reviewer", "asmith"));
        String plan = RollbackPlanTemplate.text();
        for (Map.Entry<String, String> value : values.entrySet()) {
            plan = plan.replace(value.getKey(), value.getValue());
        }

        // When
        List<PlanFinding> findings = RollbackPlanValidator.validate(plan, ".release/rollback.yaml", TODAY, "2.8.0");

        // Then
        assertThat(plan).doesNotContain("TODO-");
        assertThat(findings).noneSatisfy(finding -> assertThat(finding.status()).isIn(Status.FAIL, Status.ERROR));
        assertThat(findings)
                .extracting(PlanFinding::rule)
                .contains("release", "owner", "triggers", "duration", "review", "rehearsal");
        assertThat(findings)
                .filteredOn(finding -> finding.status() == Status.WARN)
                .extracting(PlanFinding::rule)
                .containsExactly("rehearsal");
    }

    @Test
    void shouldAcceptTheExamplePlan() throws IOException {
        // Given
        String example =
                Files.readString(Path.of("..", "examples", ".release", "rollback.yaml"), StandardCharsets.UTF_8);

        // When
        List<PlanFinding> findings =
                RollbackPlanValidator.validate(example, "examples/.release/rollback.yaml", TODAY, "2.8.0");

        // Then
        assertThat(findings)
                .allSatisfy(finding ->
                        assertThat(finding.status()).as(finding.toString()).isEqualTo(Status.PASS));
        assertThat(findings)
                .extracting(PlanFinding::message)
                .contains(
                        "change.release 2.8.0 is the release being deployed",
                        "The 3 steps take 17m in all, within estimatedDuration 20m");
    }

    @Test
    void shouldAcceptTheCompleteExampleOfTheDocumentation() throws IOException {
        // Given
        String documentation =
                Files.readString(Path.of("..", "docs", "checks", "rollback-plan.md"), StandardCharsets.UTF_8);
        String marker = "<!-- complete example: validated by RollbackPlanValidatorTest -->";
        int start = documentation.indexOf("```yaml", documentation.indexOf(marker)) + "```yaml".length();
        String example = documentation.substring(start, documentation.indexOf("```", start));

        // When
        List<PlanFinding> findings =
                RollbackPlanValidator.validate(example, "docs/checks/rollback-plan.md", TODAY, "2.8.0");

        // Then
        assertThat(documentation).contains(marker);
        assertThat(findings)
                .isNotEmpty()
                .allSatisfy(finding ->
                        assertThat(finding.status()).as(finding.toString()).isEqualTo(Status.PASS));
    }

    @Test
    void shouldReportEveryMissingSectionAtOnce() {
        // When
        List<PlanFinding> findings = RollbackPlanValidator.validate("apiVersion: releasegate/v1\n", "plan.yaml");

        // Then
        assertThat(findings)
                .extracting(PlanFinding::toString)
                .contains(
                        "FAIL plan.yaml:1:1: change is required: add 'change:' with the release being deployed and the one to roll back to, "
                                + "such as {release: 2.8.0, rollbackTo: 2.7.3}")
                .anySatisfy(message -> assertThat(message).contains("owner is required"))
                .anySatisfy(message -> assertThat(message).contains("steps is required"))
                .anySatisfy(message -> assertThat(message).contains("review is required"));
        assertThat(findings).noneSatisfy(finding -> assertThat(finding.rule()).isEqualTo("release"));
    }

    @Test
    void shouldReportAnEmptyFile() {
        // When
        List<PlanFinding> findings = RollbackPlanValidator.validate("# nothing yet\n", ".release/rollback.yaml");

        // Then
        assertThat(findings)
                .singleElement()
                .satisfies(
                        finding -> assertThat(finding.message())
                                .startsWith(
                                        ".release/rollback.yaml:1:1: is empty: a rollback plan starts with 'apiVersion: releasegate/v1'"));
    }

    @Test
    void shouldFindThePlanFilesOfAGateAndValidateThemInAWorkspace(@TempDir final Path workspace) throws Exception {
        // Given
        GateDefinition gate = new GateDefinitionLoader(CheckTypes.discover()).load("""
                version: 1
                name: orders release
                checks:
                  - {id: rollback, type: rollbackPlan}
                  - {id: rollback-again, type: rollbackPlan, path: .release/rollback.yaml}
                  - {id: rollback-payments, type: rollbackPlan, path: payments/rollback.yaml}
                """, "gate.yaml");
        Files.createDirectories(workspace.resolve(".release"));
        Files.writeString(
                workspace.resolve(".release/rollback.yaml"),
                Files.readString(Path.of("..", "examples", ".release", "rollback.yaml"), StandardCharsets.UTF_8));

        // When
        List<String> paths = RollbackPlanValidator.planPaths(
                gate.getChecks().stream().map(CheckDefinition::getCheck).toList());
        LocalWorkspaceFiles files = new LocalWorkspaceFiles(workspace);
        List<PlanFinding> present = RollbackPlanValidator.validate(files, paths.get(0), TODAY, "2.8.0");
        List<PlanFinding> missing = RollbackPlanValidator.validate(files, paths.get(1), TODAY, null);

        // Then
        assertThat(paths).containsExactly(".release/rollback.yaml", "payments/rollback.yaml");
        assertThat(present)
                .isNotEmpty()
                .allSatisfy(finding -> assertThat(finding.status()).isEqualTo(Status.PASS));
        assertThat(missing)
                .containsExactly(new PlanFinding(
                        Status.FAIL,
                        RollbackPlanValidator.FILE,
                        "No rollback plan at "
                                + "payments/rollback.yaml: write one with 'release-gate rollback-plan init', fill it in and commit it with the release "
                                + "(see docs/checks/rollback-plan.md)"));
    }

    @Test
    void shouldRefuseAHugePlanWithoutReadingIt(@TempDir final Path workspace) throws Exception {
        // Given a sparse plan file of 2 GiB (it takes no disk)
        Files.createDirectories(workspace.resolve(".release"));
        try (RandomAccessFile file =
                new RandomAccessFile(workspace.resolve(".release/rollback.yaml").toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }

        // When it is validated
        List<PlanFinding> findings = RollbackPlanValidator.validate(
                new LocalWorkspaceFiles(workspace), ".release/rollback.yaml", TODAY, null);

        // Then it is one FAIL finding, and nothing was read
        assertThat(findings)
                .containsExactly(new PlanFinding(
                        Status.FAIL,
                        RollbackPlanValidator.FILE,
                        ".release/rollback.yaml: is larger than 800000 bytes and was not read; a rollback plan is a "
                                + "short YAML file of at most 200000 characters"));
    }
}
