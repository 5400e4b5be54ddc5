package io.jenkins.plugins.releasegate.report;

import io.jenkins.plugins.releasegate.check.Measurement;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a report as plain-text lines for a build log or a terminal: the verdict, a table with a row
 * per check, the measurements beside their thresholds, and the approval state.
 */
public final class TextReportWriter {
    /**
     * Renders the lines of a report.
     *
     * @param report the report
     * @return the lines, without line separators
     */
    public List<String> lines(final GateReport report) {
        GateResult result = report.getResult();
        List<String> lines = new ArrayList<>();
        int idWidth = Math.max("CHECK".length(), result.getChecks().stream().mapToInt(outcome -> outcome.id().length()).max().orElse(0));
        int typeWidth = Math.max("TYPE".length(), result.getChecks().stream().mapToInt(outcome -> outcome.type().length()).max().orElse(0));
        String format = "%-" + idWidth + "s  %-" + typeWidth + "s  %-6s %s";
        lines.add(String.format(format, "CHECK", "TYPE", "STATUS", "SUMMARY"));
        for (CheckOutcome outcome : result.getChecks()) {
            String summary = outcome.result().getSummary() + (outcome.required() ? "" : " (advisory)");
            lines.add(String.format(format, outcome.id(), outcome.type(), outcome.status().name(), summary));
            for (Measurement measurement : outcome.result().getMeasurements()) {
                String thresholds = measurement.formattedThresholds();
                lines.add(String.format(format, "", "", "", "  " + measurement.name() + " = " + measurement.formattedValue()
                        + (thresholds.isEmpty() ? "" : " (" + thresholds + ")") + " " + measurement.status().name()));
            }
        }
        Map<String, Long> counts = result.countByStatus().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue, Long::sum, java.util.LinkedHashMap::new));
        lines.add("Verdict: " + result.getVerdict() + " (" + counts.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(", ")) + ")");
        if (!GateReport.NOT_REQUESTED.equals(report.getApprovalState())) {
            lines.add("Approval: " + report.getApprovalState() + "; policy: " + report.getPolicy().describe());
        }
        return lines;
    }
}
