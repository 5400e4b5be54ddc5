package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
    private static final String UNTIL = "2026-04-01T00:00:00Z";
    private static final Instant DAY = Instant.parse("2026-03-20T09:00:00Z");

    @TempDir
    private Path jobs;

    @BeforeEach
    void writeReports() throws IOException, DecisionRefusedException {
        // A copy of $JENKINS_HOME/jobs: a job in a folder with three builds, and one report outside that layout
        write(
                "payments/jobs/orders/builds/40/release-gate/production/report.json",
                blocked(DAY, "orders-db", "dbLoad"));
        write(
                "payments/jobs/orders/builds/41/release-gate/production/report.json",
                blocked(DAY.plusSeconds(3600), "nightly", "batchHealth"));
        write("payments/jobs/orders/builds/42/release-gate/production/report.json", overridden(DAY.plusSeconds(7200)));
        write("billing/release-gate-report/report.json", passed(DAY.minus(Duration.ofDays(30))));
        write(
                "payments/jobs/orders/builds/12/release-gate/production/report.json",
                blocked(DAY.minus(Duration.ofDays(100)), "plan", "rollbackPlan"));
    }

    @Test
    void shouldPrintTheHeadlineAndTheFiguresOfTheLast90Days() {
        // Given the reports, When stats are asked for the 90 days before April
        CliRun run = CliRun.run(Map.of(), "stats", jobs.toString(), "--until", UNTIL, "--zone", "UTC");

        // Then the headline counts the two stops inside the period, not the one 100 days back
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("In the last 90 days the release gates stopped 2 releases: 1 for database load,"
                        + " 1 for failed batch jobs.")
                .contains("Reports:   5 read, 0 skipped")
                .contains("Gates:     4 ran, 2 went on, 2 stopped the release")
                .contains("Time to decision: median 5m, p90 5m (1 decisions)")
                .contains("carol overrode payments/orders #42 'orders release': the load is the nightly export")
                .contains("2026-03-16         3        1        2           1");
    }

    @Test
    void shouldWriteCsvWithJobAndBuildFromTheLayout() {
        // Given the reports, When stats are asked for as CSV
        CliRun run = CliRun.run(Map.of(), "stats", jobs.toString(), "--until", UNTIL, "--format", "csv");

        // Then each gate is a row, with the job and build read from where its report lies
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().split("\r\n"))
                .hasSize(5)
                .contains("billing/release-gate-report,,orders release,2026-02-18T09:00:00Z,PASS,PASSED,false,,,,,,")
                .contains("payments/orders,40,orders release,2026-03-20T09:00:00Z,FAIL,BLOCKED,true,dbLoad,"
                        + "dbLoad:orders-db,,,,");
    }

    @Test
    void shouldWriteJsonInJapanese() throws IOException {
        // Given the reports, When stats are asked for as JSON in Japanese since the first of March in Tokyo
        CliRun run = CliRun.run(
                Map.of(),
                "stats",
                jobs.toString(),
                "--until",
                UNTIL,
                "--since",
                "2026-03-01",
                "--zone",
                "Asia/Tokyo",
                "--format",
                "json",
                "--language",
                "ja");

        // Then the period starts at midnight in Tokyo, and the names are Japanese
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("since").asText()).isEqualTo("2026-02-28T15:00:00Z");
        assertThat(json.path("gates").asInt()).isEqualTo(3);
        assertThat(json.path("byCheckType").get(0).path("name").asText()).isEqualTo("データベース負荷");
        assertThat(json.path("overrides").get(0).path("build").asText()).isEqualTo("42");
    }

    @Test
    void shouldSkipFilesThatAreNotReportsAndSaySoWithExitCode1() throws IOException {
        // Given a broken report, a JSON that is not a report, and a report of another schema
        write("broken/report.json", "{\"schemaVersion\": 1, \"gate\": ");
        write("other/report.json", "[1, 2, 3]");
        write("future/report.json", "{\"schemaVersion\": 7}");

        // When stats are asked for
        CliRun run = CliRun.run(Map.of(), "stats", jobs.toString(), "--until", UNTIL);

        // Then each skipped file is named with its reason, the others are counted, and the exit code is 1
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("skipped " + jobs.resolve("broken/report.json") + ": not JSON: Unexpected end-of-input")
                .contains("skipped " + jobs.resolve("other/report.json")
                        + ": not a release gate report: the JSON is not an object")
                .contains("skipped " + jobs.resolve("future/report.json")
                        + ": not a release gate report: unsupported report schema version 7");
        assertThat(run.out()).contains("Reports:   5 read, 3 skipped");
    }

    @Test
    void shouldRefuseInvalidUsageWithExitCode4() {
        // Given options that cannot work, When stats are asked for, Then each is refused with what to do
        CliRun missing = CliRun.run(Map.of(), "stats", jobs.resolve("nowhere").toString());
        CliRun since = CliRun.run(Map.of(), "stats", jobs.toString(), "--since", "ninety days");
        CliRun zone = CliRun.run(Map.of(), "stats", jobs.toString(), "--zone", "Mars/Olympus");
        CliRun backwards = CliRun.run(Map.of(), "stats", jobs.toString(), "--since", "2026-05-01", "--until", UNTIL);
        CliRun tooMany = CliRun.run(Map.of(), "stats", jobs.toString(), "--max-reports", "4");

        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("is not a directory");
        assertThat(since.exitCode()).isEqualTo(4);
        assertThat(since.err()).contains("--since 'ninety days' is not a period: write 90d");
        assertThat(zone.exitCode()).isEqualTo(4);
        assertThat(zone.err()).contains("--zone 'Mars/Olympus' is not a time zone");
        assertThat(backwards.exitCode()).isEqualTo(4);
        assertThat(backwards.err()).contains("before it starts");
        assertThat(tooMany.exitCode()).isEqualTo(4);
        assertThat(tooMany.err())
                .contains("holds more than 4 report.json files")
                .contains("--max-reports");
    }

    @Test
    void shouldReadJobAndBuildFromJenkinsLayoutAndOtherwiseTheDirectory() {
        // Given report directories relative to the searched one, When read, Then job and build follow the layout
        assertThat(ReportDirectory.jobAndBuild(Path.of("a/jobs/b/builds/7/release-gate/g")))
                .containsExactly("a/b", "7");
        assertThat(ReportDirectory.jobAndBuild(Path.of("orders/7/release-gate/g")))
                .containsExactly("orders", "7");
        assertThat(ReportDirectory.jobAndBuild(Path.of("7/release-gate/g"))).containsExactly(".", "7");
        assertThat(ReportDirectory.jobAndBuild(Path.of("ci/run-3"))).containsExactly("ci/run-3", "");
        assertThat(ReportDirectory.jobAndBuild(Path.of(""))).containsExactly(".", "");
    }

    private void write(final String path, final String text) throws IOException {
        Path file = jobs.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String passed(final Instant started) {
        return new JsonReportWriter()
                .write(GateReport.withoutApproval(
                        result(started, check(started, "orders-db", "dbLoad", Status.PASS)),
                        ApprovalPolicy.defaults(),
                        null,
                        "gate.yaml"));
    }

    private static String blocked(final Instant started, final String id, final String type) {
        return new JsonReportWriter()
                .write(GateReport.withoutApproval(
                        result(started, check(started, id, type, Status.FAIL)),
                        ApprovalPolicy.defaults(),
                        null,
                        "gate.yaml"));
    }

    private static String overridden(final Instant started) throws DecisionRefusedException {
        GateResult result = result(started, check(started, "orders-db", "dbLoad", Status.FAIL));
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("dev"),
                Set.of(),
                result.getVerdict(),
                result.digest(),
                started);
        ledger.approve(
                new Person("carol", "Carol", Set.of("ops"), true, true),
                "the load is the nightly export",
                result.digest(),
                "web",
                started.plus(Duration.ofMinutes(5)));
        return new JsonReportWriter().write(GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml"));
    }

    private static CheckOutcome check(final Instant started, final String id, final String type, final Status status) {
        return new CheckOutcome(
                id, type, true, null, CheckResult.of(status, id + " " + status), started, Duration.ofMillis(3));
    }

    private static GateResult result(final Instant started, final CheckOutcome check) {
        return new GateResult(
                "orders release", started, started.plusSeconds(1), ErrorPolicy.FAIL, List.of(check), List.of());
    }
}
