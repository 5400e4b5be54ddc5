package io.jenkins.plugins.releasegate.statistics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes the gates of a statistics' period as CSV (RFC 4180, UTF-8, CRLF line ends), one row per gate, for
 * spreadsheets. A cell that a spreadsheet would read as a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) is prefixed with an apostrophe, so that a job name or a
 * justification never runs as a formula.
 */
public final class StatisticsCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "job",
            "build",
            "gate",
            "startedAt",
            "verdict",
            "outcome",
            "stopped",
            "reasonTypes",
            "reasonChecks",
            "decision",
            "decidedBy",
            "comment",
            "timeToDecisionSeconds");

    private static final String LINE_END = "\r\n";

    /**
     * Returns the CSV text of the statistics' gates.
     *
     * @param statistics the statistics
     * @return the header line and one line per gate, oldest first
     */
    public String write(final GateStatistics statistics) {
        StringBuilder csv = new StringBuilder(128 * (statistics.getGates() + 1));
        csv.append(String.join(",", COLUMNS)).append(LINE_END);
        for (GateRecord record : statistics.getRecords()) {
            Optional<GateDecision> settling = record.getSettlingDecision();
            row(
                    csv,
                    record.getJob(),
                    record.getBuild(),
                    record.getGate(),
                    record.getStartedAt().toString(),
                    record.getVerdict().name(),
                    record.getOutcome().name(),
                    Boolean.toString(record.getOutcome().isStopped()),
                    record.getReasons().stream()
                            .map(CheckReference::type)
                            .distinct()
                            .collect(Collectors.joining(" ")),
                    record.getReasons().stream().map(CheckReference::toString).collect(Collectors.joining(" ")),
                    settling.map(decision -> decision.kind().name()).orElse(""),
                    settling.map(GateDecision::userId).orElse(""),
                    settling.map(GateDecision::comment).orElse(""),
                    record.getTimeToDecision()
                            .map(Duration::toSeconds)
                            .map(String::valueOf)
                            .orElse(""));
        }
        return csv.toString();
    }

    private static void row(final StringBuilder csv, final String... cells) {
        for (int index = 0; index < cells.length; index++) {
            if (index > 0) {
                csv.append(',');
            }
            csv.append(cell(cells[index]));
        }
        csv.append(LINE_END);
    }

    /**
     * Returns a value as a CSV cell: guarded against formula injection, then quoted when it holds a comma, a
     * quote, a line break or a leading or trailing space.
     *
     * @param value the value
     * @return the cell
     */
    public static String cell(final String value) {
        String guarded = value;
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            guarded = "'" + value;
        }
        boolean quote = guarded.indexOf(',') >= 0
                || guarded.indexOf('"') >= 0
                || guarded.indexOf('\n') >= 0
                || guarded.indexOf('\r') >= 0
                || !guarded.isEmpty()
                        && (Character.isWhitespace(guarded.charAt(0))
                                || Character.isWhitespace(guarded.charAt(guarded.length() - 1)));
        return quote ? '"' + guarded.replace("\"", "\"\"") + '"' : guarded;
    }
}
