package io.jenkins.plugins.releasegate.checks.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.Problem;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code prometheus} type as the definition loader finds and reads it; its runs are tested against a real
 * Prometheus in {@link PrometheusCheckTest}.
 */
class PrometheusCheckTypeTest {
    private static final String GATE = """
            version: 1
            name: orders release
            checks:
              - id: error-budget
                type: prometheus
                url: https://prometheus.example.com/monitoring/
                credentials: prometheus-reader
                authentication: bearer
                queries:
                  - name: http-5xx-ratio
                    query: sum(rate(http_requests_total{job="orders",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="orders"}[5m]))
                    thresholds: {warn: 0.01, fail: 0.05}
                    for: 10m
                    onEmpty: error
                  - name: availability
                    query: avg_over_time(up{job="orders"}[5m])
                    unit: ratio
                    direction: below
                    thresholds: {warn: 99.5%, fail: never}
            """;

    @Test
    void shouldBeFoundOnTheClassPathAndReadItsKeys() throws InvalidDefinitionException {
        // Given the check types found on the class path, as the command line and Jenkins find them
        GateDefinitionLoader loader = new GateDefinitionLoader(CheckTypes.discover());

        // When a definition with a prometheus check is loaded
        GateDefinition gate = loader.load(GATE, "gate.yaml");

        // Then the check is read, with its settings as written
        assertThat(gate.getChecks()).singleElement().satisfies(check -> {
            assertThat(check.getType().name()).isEqualTo("prometheus");
            assertThat(check.getSettings()).containsEntry("credentials", "prometheus-reader");
        });
    }

    @Test
    void shouldReportAMisspelledKeyWithAHintWhereverItIs() {
        // Given the definition with a misspelled key in a query and in its limits
        String misspelled = GATE.replace("onEmpty: error", "onEmtpy: error").replace("fail: never", "fial: never");

        // When it is loaded with the types found on the class path
        InvalidDefinitionException exception = catchThrowableOfType(
                InvalidDefinitionException.class,
                () -> new GateDefinitionLoader(CheckTypes.discover()).load(misspelled, "gate.yaml"));

        // Then each is reported where it is, with the key it probably meant
        assertThat(exception.getProblems())
                .extracting(Problem::toString)
                .containsExactly(
                        "gate.yaml:14:9: checks[0].queries[0].onEmtpy: unknown key; did you mean 'onEmpty'? Remove it"
                                + " or correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:19:35: checks[0].queries[1].thresholds.fial: unknown key; did you mean 'fail'?"
                                + " Remove it or correct its spelling: an unknown key is never ignored.");
    }

    @Test
    void shouldDescribeItselfWithoutCheckLevelThresholds() {
        // Given the type, When it is asked about itself
        PrometheusCheckType type = new PrometheusCheckType();

        // Then it names itself, and declares no metric of its own: each query is one
        assertThat(type.name()).isEqualTo("prometheus");
        assertThat(type.description()).isNotBlank();
        assertThat(type.thresholds()).isEmpty();
    }

    @Test
    void shouldChooseAStepThatKeepsRangeQueriesWithinWhatPrometheusAnswers() {
        // Given windows of every length, When no step is written
        // Then 15 seconds is used, shorter for a shorter window, longer when 10000 points would not do
        assertThat(PrometheusCheckType.defaultStep(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(PrometheusCheckType.defaultStep(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(15));
        assertThat(PrometheusCheckType.defaultStep(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(15));
        assertThat(PrometheusCheckType.defaultStep(Duration.ofDays(7))).isEqualTo(Duration.ofSeconds(61));
        assertThat(Duration.ofDays(31).toSeconds()
                        / PrometheusCheckType.defaultStep(Duration.ofDays(31)).toSeconds())
                .isLessThanOrEqualTo(PrometheusCheckType.MAX_POINTS);
    }
}
