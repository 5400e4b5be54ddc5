package io.jenkins.plugins.releasegate.report;

import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a gate result as a plain-text table for terminals and build logs: one row per check, then the
 * measurements that are not PASS, then the verdict.
 */
public final class TextReportWriter {
    private static final int SUMMARY_WIDTH = 90;

    /**
     * Renders the result table.
     *
     * @param result the result
     * @return the lines, without line separators
     */
    public List<String> write(final GateResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATUS", "CHECK", "TYPE", "TIME", "SUMMARY"});
        for (CheckOutcome outcome : result.getChecks()) {
            rows.add(new String[] {
                outcome.status().name(),
                outcome.id() + (outcome.required() ? "" : " (advisory)"),
                outcome.type(),
                Quantity.format(outcome.duration()),
                shorten(outcome.result().getSummary())
            });
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int column = 0; column < 4; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < 4; column++) {
                line.append(String.format("%-" + widths[column] + "s  ", row[column]));
            }
            lines.add(line.append(row[4]).toString().stripTrailing());
        }
        for (CheckOutcome outcome : result.getChecks()) {
            for (Measurement measurement : outcome.result().getMeasurements()) {
                if (measurement.status() != Status.PASS) {
                    String limits = measurement.formattedThresholds();
                    lines.add("  " + measurement.status() + " " + outcome.id() + "." + measurement.name() + " = "
                            + measurement.formattedValue() + (limits.isEmpty() ? "" : " (" + limits + ")"));
                }
            }
        }
        result.getNotes().forEach(note -> lines.add("Note: " + note));
        lines.add("Verdict: " + result.getVerdict() + describeBlocking(result));
        return lines;
    }

    private static String describeBlocking(final GateResult result) {
        List<CheckOutcome> blocking = result.blockingChecks();
        if (blocking.isEmpty()) {
            return "";
        }
        return " (blocked by "
                + String.join(", ", blocking.stream().map(CheckOutcome::id).toList()) + ")";
    }

    private static String shorten(final String text) {
        return text.length() <= SUMMARY_WIDTH ? text : text.substring(0, SUMMARY_WIDTH - 1) + "…";
    }
}
