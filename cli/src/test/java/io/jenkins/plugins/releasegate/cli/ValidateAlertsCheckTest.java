package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@code validate} knows the keys of the built-in {@code alerts} check, and reports a misspelled
 * one with the key it resembles, without asking Alertmanager anything.
 */
class ValidateAlertsCheckTest {
    @TempDir
    Path directory;

    private Path write(final String yaml) throws IOException {
        Path gate = directory.resolve("gate.yaml");
        Files.writeString(gate, yaml, StandardCharsets.UTF_8);
        return gate;
    }

    @Test
    void shouldValidateAnAlertsCheck() throws IOException {
        // Given a gate with an alerts check using every key
        Path gate = write("""
                version: 1
                name: orders release
                checks:
                  - id: no-critical-alerts
                    type: alerts
                    url: https://alertmanager.example.com
                    credentials: alertmanager-reader
                    authentication: basic
                    matchers: [service=orders, env=production, 'alertname!~"Watchdog|InfoInhibitor"']
                    blockingSeverities: [critical]
                    includeSilenced: false
                    followRedirects: never
                    thresholds: {otherFiringAlerts: {warn: 2}}
                """);

        // When it is validated
        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        // Then it is valid
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid gate 'orders release' with 1 checks");
    }

    @Test
    void shouldReportAMisspelledAlertsKeyWithTheKeyItResembles() throws IOException {
        // Given an alerts check with a misspelled key and a broken matcher
        Path gate = write("""
                version: 1
                name: orders release
                checks:
                  - id: no-critical-alerts
                    type: alerts
                    url: https://alertmanager.example.com
                    matchers: [service=orders, 'env=~"prod("']
                    blockingSeverites: [critical, page]
                """);

        // When it is validated
        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        // Then both problems are listed where they stand, and the exit code says the definition is invalid
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err())
                .contains("2 problems")
                .contains("gate.yaml:7:32: checks[0].matchers[1]: 'env=~\"prod(\"': the regular expression is not"
                        + " valid")
                .contains("gate.yaml:8:5: checks[0].blockingSeverites: unknown key; did you mean"
                        + " 'blockingSeverities'?");
    }
}
