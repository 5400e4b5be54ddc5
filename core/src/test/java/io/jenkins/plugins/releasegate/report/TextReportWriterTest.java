package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportWriterTest {
    @Test
    void shouldRenderATableTheOffendingMeasurementsAndTheVerdict() {
        // Given a result with a check of every status
        // When it is rendered as text
        List<String> lines = new TextReportWriter().write(ReportFixtures.result());

        // Then there is a row per check, the measurements that are not PASS, the notes, and the verdict with the
        // blockers
        assertThat(lines).hasSize(1 + 4 + 2 + 1 + 1);
        assertThat(lines.get(0)).startsWith("STATUS  CHECK").endsWith("SUMMARY");
        assertThat(lines.get(1)).startsWith("PASS    orders-db ").endsWith("all 3 measurements within limits");
        assertThat(lines.get(4))
                .startsWith("ERROR   orders-cache (advisory)")
                .endsWith("could not reach orders release");
        assertThat(lines)
                .contains(
                        "  WARN orders-health.latency = 800ms (warn ≥ 500ms, fail ≥ 2s)",
                        "  FAIL orders-batch.connectionsUsed = 91% (warn ≥ 70%, fail ≥ 85%)",
                        "Note: a note about the merge");
        assertThat(lines).last().isEqualTo("Verdict: FAIL (blocked by orders-batch)");
    }

    @Test
    void shouldShowACountWithoutThresholdsWithoutEmptyParentheses() {
        // Given a WARN measurement that has no thresholds, such as a count of failed batch executions
        CheckResult warned = CheckResult.builder()
                .measurement(
                        new Measurement("failedExecutions", 1, Unit.NUMBER, Direction.ABOVE, null, null, Status.WARN))
                .build();
        GateResult result = new GateResult(
                "orders release",
                ReportFixtures.STARTED,
                ReportFixtures.FINISHED,
                ErrorPolicy.FAIL,
                List.of(new CheckOutcome(
                        "nightly", "batchHealth", true, null, warned, ReportFixtures.STARTED, Duration.ZERO)),
                List.of());

        // When it is rendered as text
        List<String> lines = new TextReportWriter().write(result);

        // Then the value stands alone
        assertThat(lines).contains("  WARN nightly.failedExecutions = 1");
    }
}
