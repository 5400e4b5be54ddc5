package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackPlanCommandTest {
    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    private Path directory;

    @Test
    void shouldWriteTheTemplateWhichFailsValidationUntilItsPlaceholdersAreReplaced() {
        Path plan = directory.resolve(".release/rollback.yaml");

        CliRun init = CliRun.run(Map.of(), "rollback-plan", "init", plan.toString());
        CliRun validate = CliRun.run(Map.of(), "rollback-plan", "validate", plan.toString());

        assertThat(init.exitCode()).isZero();
        assertThat(plan).exists().content().contains("apiVersion: releasegate/v1");
        assertThat(validate.exitCode()).isEqualTo(4);
        assertThat(validate.out()).contains("rollback.yaml: FAIL").contains("still the template's placeholder");
    }

    @Test
    void shouldRefuseToOverwriteAnExistingPlanWithoutForce() throws IOException {
        Path plan = Files.writeString(directory.resolve("rollback.yaml"), "keep me");

        CliRun refused = CliRun.run(Map.of(), "rollback-plan", "init", plan.toString());

        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(plan).content().isEqualTo("keep me");

        CliRun forced = CliRun.run(Map.of(), "rollback-plan", "init", "--force", plan.toString());

        assertThat(forced.exitCode()).isZero();
        assertThat(plan).content().contains("apiVersion: releasegate/v1");
    }

    @Test
    void shouldRefuseToValidateAPathThatNamesNoFile() {
        String root = directory.getRoot().toString();

        CliRun run = CliRun.run(Map.of(), "rollback-plan", "validate", root);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains(root + " is not a file");
    }

    @Test
    void shouldFailValidationOfAPlanForAnotherRelease() {
        CliRun run = CliRun.run(
                Map.of(),
                "rollback-plan",
                "validate",
                "--release",
                "3.0.0",
                EXAMPLES.resolve(".release/rollback.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("FAIL").contains("3.0.0");
    }

    @Test
    void shouldValidateTheExampleGateWithItsRollbackPlan() {
        CliRun run = CliRun.run(
                Map.of(),
                "validate",
                "-c",
                EXAMPLES.resolve("release-gate.yaml").toString(),
                "-w",
                EXAMPLES.toString(),
                "--release",
                "2.8.0");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("valid gate 'orders production release' with 2 checks")
                .contains("Rollback plan .release/rollback.yaml:")
                .contains("PASS change.release 2.8.0 is the release being deployed");
    }

    @Test
    void shouldFailValidationOfAGateWhoseRollbackPlanIsMissing() throws IOException {
        Path gate = Files.writeString(directory.resolve("gate.yaml"), """
                version: 1
                name: orders release
                checks:
                  - {id: rollback, type: rollbackPlan}
                """);

        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString(), "-w", directory.toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("No rollback plan at .release/rollback.yaml");
    }
}
