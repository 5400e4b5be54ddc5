package io.jenkins.plugins.releasegate.report;

import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: a standalone page (no external resources, no script) readable at a glance —
 * verdict banner, a row per check with measured values beside thresholds, expandable details, and the
 * approval record. Every value is escaped.
 */
public final class HtmlReportWriter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
            main{max-width:1100px;margin:0 auto;padding:24px}
            h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}
            .meta{color:#59636e;font-size:.9rem;margin-bottom:16px}
            .banner{border-radius:8px;padding:16px 20px;color:#fff;font-size:1.25rem;font-weight:600;display:flex;justify-content:space-between;align-items:center}
            .banner small{font-weight:400;font-size:.95rem}
            .PASS{background:#1a7f37}.WARN{background:#9a6700}.FAIL{background:#cf222e}.ERROR{background:#8250df}
            .badge{display:inline-block;border-radius:4px;padding:2px 8px;color:#fff;font-weight:600;font-size:.8rem}
            table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d1d9e0;border-radius:6px}
            th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid #d1d9e0;font-size:.92rem}
            th{background:#f0f3f6}
            .measure{white-space:nowrap}.measure .limits{color:#59636e}
            .m-WARN{color:#9a6700;font-weight:600}.m-FAIL{color:#cf222e;font-weight:600}
            details{margin-top:6px}summary{cursor:pointer;color:#0969da}
            pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:4px;margin:4px 0 0;font-size:.85rem}
            .advisory{color:#59636e;font-size:.8rem}
            ul.notes li{margin:4px 0}
            """;

    /**
     * Renders a report as a standalone HTML page.
     *
     * @param report the report
     * @return the HTML text
     */
    public String write(final GateReport report) {
        GateResult result = report.getResult();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Release gate ")
                .append(escape(result.getGate()))
                .append(": ")
                .append(result.getVerdict())
                .append("</title>\n")
                .append("<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>Release gate: ").append(escape(result.getGate())).append("</h1>\n");
        html.append("<div class=\"meta\">");
        report.getRelease()
                .ifPresent(release ->
                        html.append("Release <strong>").append(escape(release)).append("</strong> · "));
        html.append("Definition ")
                .append(escape(report.getSource()))
                .append(" · Checks ran ")
                .append(escape(time(result.getStartedAt())))
                .append(" to ")
                .append(escape(time(result.getFinishedAt())))
                .append("</div>\n");

        html.append("<div class=\"banner ")
                .append(result.getVerdict())
                .append("\" id=\"verdict\"><span>Verdict: ")
                .append(result.getVerdict())
                .append("</span><small>")
                .append(escape(counts(result)))
                .append("</small></div>\n");

        html.append(
                "<h2>Checks</h2>\n<table>\n<thead><tr><th>Check</th><th>Status</th><th>Summary</th><th>Measurements</th><th>Time</th></tr></thead>\n<tbody>\n");
        for (CheckOutcome outcome : result.getChecks()) {
            appendCheck(html, outcome);
        }
        html.append("</tbody>\n</table>\n");

        appendApproval(html, report);

        if (!result.getNotes().isEmpty()) {
            html.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            result.getNotes()
                    .forEach(note -> html.append("<li>").append(escape(note)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("<p class=\"meta\">Evidence digest ")
                .append(escape(result.digest()))
                .append("</p>\n");
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void appendCheck(final StringBuilder html, final CheckOutcome outcome) {
        html.append("<tr id=\"check-")
                .append(escape(outcome.id()))
                .append("\"><td><strong>")
                .append(escape(outcome.id()))
                .append("</strong><br><span class=\"advisory\">")
                .append(escape(outcome.type()))
                .append(outcome.required() ? "" : " · advisory")
                .append("</span></td>");
        html.append("<td>").append(badge(outcome.status())).append("</td>");
        html.append("<td>").append(escape(outcome.result().getSummary()));
        String description = outcome.description();
        if (description != null) {
            html.append("<br><span class=\"advisory\">")
                    .append(escape(description))
                    .append("</span>");
        }
        if (!outcome.result().getDetails().isEmpty()) {
            html.append("<details><summary>Details (")
                    .append(outcome.result().getDetails().size())
                    .append(")</summary><pre>");
            outcome.result()
                    .getDetails()
                    .forEach(line -> html.append(escape(line)).append('\n'));
            html.append("</pre></details>");
        }
        html.append("</td><td>");
        for (Measurement measurement : outcome.result().getMeasurements()) {
            html.append("<div class=\"measure m-")
                    .append(measurement.status())
                    .append("\">")
                    .append(escape(measurement.name()))
                    .append(": ")
                    .append(escape(measurement.formattedValue()));
            String limits = measurement.formattedThresholds();
            if (!limits.isEmpty()) {
                html.append(" <span class=\"limits\">(").append(escape(limits)).append(")</span>");
            }
            html.append("</div>");
        }
        html.append("</td><td>")
                .append(escape(Quantity.format(outcome.duration())))
                .append("</td></tr>\n");
    }

    private static void appendApproval(final StringBuilder html, final GateReport report) {
        html.append("<h2>Approval</h2>\n<p>");
        if (GateReport.NOT_REQUESTED.equals(report.getApprovalState())) {
            html.append("Not requested in this run. The policy would require: ");
        } else {
            html.append("State: <strong id=\"approval-state\">")
                    .append(escape(report.getApprovalState()))
                    .append("</strong>");
            report.getApprovalDeadline()
                    .ifPresent(deadline -> html.append(" · decide by ").append(escape(time(deadline))));
            html.append(". Policy: ");
        }
        html.append(escape(report.getPolicy().describe())).append(".</p>\n");
        if (!report.getExclusionLines().isEmpty()) {
            html.append("<p id=\"approval-excluded\">May not approve: ")
                    .append(escape(String.join("; ", report.getExclusionLines())))
                    .append(".</p>\n");
        }
        if (!report.getDecisions().isEmpty()) {
            html.append(
                    "<table>\n<thead><tr><th>When</th><th>What</th><th>Who</th><th>Comment</th><th>Channel</th></tr></thead>\n<tbody>\n");
            for (LedgerEntry entry : report.getDecisions()) {
                html.append("<tr><td>")
                        .append(escape(time(entry.at())))
                        .append("</td><td>")
                        .append(entry.kind())
                        .append("</td><td>")
                        .append(escape(entry.displayName()));
                if (!entry.displayName().equals(entry.userId())) {
                    html.append(" (").append(escape(entry.userId())).append(')');
                }
                if (!entry.groups().isEmpty()) {
                    html.append("<br><span class=\"advisory\">")
                            .append(escape(String.join(", ", entry.groups())))
                            .append("</span>");
                }
                html.append("</td><td>").append(escape(entry.comment()));
                if (!entry.confirmed().isEmpty()) {
                    html.append("<br><span class=\"advisory\">confirmed: ")
                            .append(escape(String.join(", ", entry.confirmed())))
                            .append("</span>");
                }
                html.append("</td><td>").append(escape(entry.channel())).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
    }

    private static String time(final Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String counts(final GateResult result) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Status, Long> count : result.countByStatus().entrySet()) {
            if (count.getValue() > 0) {
                if (text.length() > 0) {
                    text.append(" · ");
                }
                text.append(count.getValue())
                        .append(' ')
                        .append(count.getKey().name().toLowerCase(Locale.ROOT));
            }
        }
        return text.toString();
    }

    private static String badge(final Status status) {
        return "<span class=\"badge " + status + "\">" + status + "</span>";
    }

    /**
     * Escapes text for HTML element content and attribute values.
     *
     * @param text the text
     * @return the escaped text
     */
    public static String escape(final String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            switch (character) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }
}
