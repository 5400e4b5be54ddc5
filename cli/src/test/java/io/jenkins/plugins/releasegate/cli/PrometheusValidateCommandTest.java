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
 * The {@code validate} command knows the keys of the {@code prometheus} check type, found on the class path
 * as every built-in type is.
 */
class PrometheusValidateCommandTest {
    private static final String GATE = """
            version: 1
            name: orders release
            checks:
              - id: error-budget
                type: prometheus
                url: https://prometheus.example.com
                credentials: prometheus-reader
                authentication: bearer
                queries:
                  - name: http-5xx-ratio
                    query: sum(rate(http_requests_total{job="orders",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="orders"}[5m]))
                    thresholds: {warn: 0.01, fail: 0.05}
                    for: 10m
                    onEmpty: error
            """;

    @TempDir
    Path directory;

    @Test
    void shouldValidateAPrometheusCheck() throws IOException {
        // Given a definition with a prometheus check as its reference page shows it
        Path gate = directory.resolve("gate.yaml");
        Files.writeString(gate, GATE, StandardCharsets.UTF_8);

        // When it is validated
        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        // Then it is valid, and nothing was queried
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid gate 'orders release' with 1 checks");
    }

    @Test
    void shouldReportAMisspelledQueryKeyWithAHint() throws IOException {
        // Given the same definition with 'onEmpty' misspelled in a query
        Path gate = directory.resolve("gate.yaml");
        Files.writeString(gate, GATE.replace("onEmpty: error", "onEmtpy: error"), StandardCharsets.UTF_8);

        // When it is validated
        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        // Then it is refused at the key's line and column, with the key it probably meant
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err())
                .contains("gate.yaml:14:9: checks[0].queries[0].onEmtpy: unknown key; did you mean 'onEmpty'? Remove it"
                        + " or correct its spelling: an unknown key is never ignored.");
    }
}
