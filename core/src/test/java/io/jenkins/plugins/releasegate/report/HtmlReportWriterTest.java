package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String IMAGE = "\"><img src=x onerror=alert(1)>";
    private static final String ESCAPED_IMAGE = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    private static final String PAYLOAD = SCRIPT + " and " + IMAGE + " and 'quotes' & ampersands";

    /** Attributes and elements that would load something from elsewhere or run code. */
    private static final Pattern EXTERNAL = Pattern.compile(
            "(?i)(src|href|action|formaction|poster|data)\\s*=\\s*[\"']?\\s*(https?:|//|javascript:)|<\\s*(script|link|iframe|object|embed|img)\\b|@import|url\\(");

    @Test
    void shouldBeAStandalonePage() throws Exception {
        // Given an ordinary report with approvals
        GateResult result = ReportFixtures.result();
        ApprovalLedger ledger = ReportFixtures.eventfulLedger(result, "lag is expected");

        // When it is rendered
        String html = new HtmlReportWriter().write(GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml"));

        // Then it needs nothing from elsewhere and runs no script, yet shows the evidence and the record
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<meta charset=\"utf-8\">")
                .endsWith("</html>\n");
        assertThat(EXTERNAL.matcher(html).find())
                .as("external resource or script in%n%s", html)
                .isFalse();
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain(" on" + "click=");
        assertThat(html)
                .contains("<title>Release gate orders release: FAIL</title>")
                .contains(
                        "<div class=\"banner FAIL\" id=\"verdict\"><span>Verdict: FAIL</span><small>1 pass · 1 warn · 1 error · 1 fail</small></div>")
                .contains("connectionsUsed: 42.5% <span class=\"limits\">(warn ≥ 70%, fail ≥ 85%)</span>")
                .contains("session 4711 of orders release idle in transaction for 2h")
                .contains("plain · advisory")
                .contains("Release <strong>2.8.0</strong>")
                .contains("State: <strong id=\"approval-state\">PENDING</strong>")
                .contains("Dave Lead (dave)")
                .contains("a note about the merge")
                .contains(result.digest());
    }

    @Test
    void shouldEscapeEveryValue() throws Exception {
        // Given a report where every text anyone can influence holds markup
        GateResult result = ReportFixtures.result(PAYLOAD, PAYLOAD);
        GateResult withOddCheck = new GateResult(
                PAYLOAD,
                result.getStartedAt(),
                result.getFinishedAt(),
                ErrorPolicy.FAIL,
                List.of(
                        result.getChecks().get(0),
                        result.getChecks().get(1),
                        result.getChecks().get(2),
                        new CheckOutcome(
                                PAYLOAD,
                                PAYLOAD,
                                false,
                                PAYLOAD,
                                CheckResult.builder()
                                        .measurement(Measurement.informational(PAYLOAD, 1, Unit.NUMBER))
                                        .detail(PAYLOAD)
                                        .build(),
                                result.getStartedAt(),
                                Duration.ZERO)),
                List.of(PAYLOAD));
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.builder().approvers(List.of(PAYLOAD, "ops")).build(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of(),
                Set.of(),
                Status.WARN,
                withOddCheck.digest(),
                ReportFixtures.STARTED);
        ledger.approve(
                new Person(PAYLOAD, PAYLOAD, Set.of(PAYLOAD), true, false),
                PAYLOAD,
                null,
                PAYLOAD,
                ReportFixtures.FINISHED);

        // When it is rendered
        String html = new HtmlReportWriter().write(GateReport.withApproval(withOddCheck, ledger, PAYLOAD, PAYLOAD));

        // Then the markup appears only escaped, wherever it came from
        assertThat(html)
                .doesNotContain(SCRIPT)
                .doesNotContain(IMAGE)
                .doesNotContain("<img")
                .doesNotContain("<script");
        assertThat(EXTERNAL.matcher(html).find())
                .as("external resource or script in%n%s", html)
                .isFalse();
        assertThat(html).contains(ESCAPED_SCRIPT).contains(ESCAPED_IMAGE).contains("&#39;quotes&#39; &amp; ampersands");
        assertThat(html)
                .contains("<title>Release gate " + ESCAPED_SCRIPT)
                .contains("<tr id=\"check-" + ESCAPED_SCRIPT)
                .contains("Slow: " + ESCAPED_SCRIPT)
                .contains("<li>" + ESCAPED_SCRIPT);
        // gate name, release, source, summaries, descriptions, details, measurement, check id and type,
        // approvers, comment, person, groups, channel, note: each holds the payload once or more
        int occurrences = html.split(Pattern.quote(ESCAPED_IMAGE), -1).length - 1;
        assertThat(occurrences).isGreaterThanOrEqualTo(18);
    }

    @Test
    void shouldSayWhatThePolicyWouldRequireWhenApprovalWasNotRequested() {
        // Given a report of a dry run
        // When it is rendered
        String html = new HtmlReportWriter()
                .write(GateReport.withoutApproval(
                        ReportFixtures.passing(), ApprovalPolicy.defaults(), null, "gate.yaml"));

        // Then it says approval was not requested, and what the policy would require
        assertThat(html)
                .contains(
                        "Not requested in this run. The policy would require: 1 approval by anyone with the Approve permission")
                .doesNotContain("approval-state")
                .doesNotContain("<h2>Notes</h2>")
                .doesNotContain("Release <strong>");
    }

    @Test
    void shouldEscapeTheFiveSpecialCharacters() {
        // Given text with every character that matters in HTML
        // When it is escaped, Then each is replaced by its entity and the rest is kept
        assertThat(HtmlReportWriter.escape("a<b>c&d\"e'f ≥ 80%")).isEqualTo("a&lt;b&gt;c&amp;d&quot;e&#39;f ≥ 80%");
    }
}
