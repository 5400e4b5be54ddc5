package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportWriterTest {
    @Test
    void shouldRenderATableTheOffendingMeasurementsAndTheVerdict() {
        // Given a result with a check of every status
        // When it is rendered as text
        List<String> lines = new TextReportWriter().write(ReportFixtures.result());

        // Then there is a row per check, the measurements that are not PASS, the notes, and the verdict with the blockers
        assertThat(lines).hasSize(1 + 4 + 2 + 1 + 1);
        assertThat(lines.get(0)).startsWith("STATUS  CHECK").endsWith("SUMMARY");
        assertThat(lines.get(1)).startsWith("PASS    orders-db ").endsWith("all 3 measurements within limits");
        assertThat(lines.get(4)).startsWith("ERROR   orders-cache (advisory)").endsWith("could not reach orders release");
        assertThat(lines).contains("  WARN orders-health.latency = 800ms (warn ≥ 500ms, fail ≥ 2s)",
                "  FAIL orders-batch.connectionsUsed = 91% (warn ≥ 70%, fail ≥ 85%)",
                "Note: a note about the merge");
        assertThat(lines).last().isEqualTo("Verdict: FAIL (blocked by orders-batch)");
    }
}
