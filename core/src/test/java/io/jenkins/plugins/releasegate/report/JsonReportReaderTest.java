package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonReportReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void shouldReadBackWhatTheWriterWroteWithApprovalRecord() throws IOException, DecisionRefusedException {
        ApprovalPolicy policy = ApprovalPolicy.builder()
                .approvers(List.of("ops"))
                .minApprovals(2)
                .requireComment(ApprovalPolicy.CommentRule.ALWAYS)
                .onWorseEvidence(ApprovalPolicy.OnWorseEvidence.FAIL)
                .build();
        GateResult result = result();
        ApprovalLedger ledger = new ApprovalLedger(
                policy,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of(),
                result.getVerdict(),
                result.digest(),
                NOW);
        ledger.approve(
                new Person("alice", "Alice", Set.of("ops"), true, false), "looks fine", result.digest(), "api", NOW);
        GateReport report = GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml");
        String written = new JsonReportWriter().write(report);

        GateReport read = new JsonReportReader().read(new StringReader(written));

        assertThat(new JsonReportWriter().write(read)).isEqualTo(written);
        assertThat(read.getResult().digest()).isEqualTo(result.digest());
        assertThat(read.getDecisions()).singleElement().satisfies(entry -> {
            assertThat(entry.userId()).isEqualTo("alice");
            assertThat(entry.comment()).isEqualTo("looks fine");
        });
        assertThat(read.getPolicy()).isEqualTo(policy);
    }

    @Test
    void shouldReadBackWhoMayNotApproveAndWhy() throws IOException {
        // Given a waiting gate whose build bob started and dave authored a change of
        GateResult result = result();
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.defaults(),
                IdentityMatcher.CASE_INSENSITIVE,
                List.of(
                        Involvement.startedUpstreamBuild("bob", "orders-build #12"),
                        Involvement.authoredChange("dave", "4f2a9c1: Raise the pool")),
                result.getVerdict(),
                result.digest(),
                NOW,
                List.of());
        String written = new JsonReportWriter().write(GateReport.withApproval(result, ledger, null, "gate.yaml"));

        // When the report is read back
        GateReport read = new JsonReportReader().read(new StringReader(written));

        // Then it names both and why, and writes the same again
        assertThat(read.getExclusions()).isEqualTo(ledger.getExclusions());
        assertThat(read.getExclusionLines())
                .containsExactly(
                        "bob (started orders-build #12, which triggered this build)",
                        "dave (authored the change 4f2a9c1: Raise the pool)");
        assertThat(new JsonReportWriter().write(read)).isEqualTo(written);
        assertThat(new HtmlReportWriter().write(read))
                .contains("May not approve: bob (started orders-build #12, which triggered this build);"
                        + " dave (authored the change 4f2a9c1: Raise the pool).");
    }

    @Test
    void shouldReadAPolicyWithoutTheExclusionOfChangeAuthorsAsTheDefault() throws IOException {
        // Given a report whose policy lacks excludeChangeAuthors
        String written = new JsonReportWriter()
                .write(GateReport.withoutApproval(result(), ApprovalPolicy.defaults(), null, "gate.yaml"));
        String without = written.replaceAll("\\s*\"excludeChangeAuthors\" : true,", "");
        assertThat(without).isNotEqualTo(written);

        // When it is read, Then change authors are excluded, as by default, and nobody is listed as excluded
        GateReport read = new JsonReportReader().read(new StringReader(without));
        assertThat(read.getPolicy().isExcludeChangeAuthors()).isTrue();
        assertThat(read.getExclusions()).isEmpty();
    }

    @Test
    void shouldReadAReportWithoutApproval() throws IOException {
        GateReport report = GateReport.withoutApproval(result(), ApprovalPolicy.defaults(), null, "gate.yaml");
        String written = new JsonReportWriter().write(report);

        GateReport read = new JsonReportReader().read(new StringReader(written));

        assertThat(read.getApprovalState()).isEqualTo(GateReport.NOT_REQUESTED);
        assertThat(read.getRelease()).isEmpty();
        assertThat(new JsonReportWriter().write(read)).isEqualTo(written);
    }

    @Test
    void shouldRefuseAnotherSchemaVersion() {
        assertThatThrownBy(() -> new JsonReportReader().read(new StringReader("{\"schemaVersion\": 99}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema version 99");
    }

    private static GateResult result() {
        CheckResult database = CheckResult.builder()
                .measurement(
                        new Measurement("connectionsUsed", 75, Unit.PERCENT, Direction.ABOVE, 70.0, 85.0, Status.WARN))
                .measurement(Measurement.informational("transactionsPerSecond", 12.5, Unit.NUMBER))
                .summary("75% of connections used")
                .detail("pid 42 idle in transaction for 5m")
                .build();
        CheckOutcome first = new CheckOutcome(
                "orders-db", "dbLoad", true, "the orders database", database, NOW, Duration.ofMillis(1234));
        CheckOutcome second = new CheckOutcome(
                "batch", "batchHealth", false, null, CheckResult.error("unreachable"), NOW, Duration.ofMillis(20));
        return new GateResult(
                "orders", NOW, NOW.plusSeconds(2), ErrorPolicy.FAIL, List.of(first, second), List.of("a note"));
    }
}
