package io.jenkins.plugins.releasegate.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateRecordTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Person OPS = new Person("carol", "Carol Ops", Set.of("ops"), true, true);

    @Test
    void shouldRecordAPassedGateWithoutReasons() {
        // Given a checks-only report whose checks passed
        GateReport report = GateReport.withoutApproval(
                result(ErrorPolicy.FAIL, check("orders-db", "dbLoad", true, Status.PASS)),
                ApprovalPolicy.defaults(),
                null,
                "gate.yaml");

        // When it is recorded
        GateRecord record = GateRecord.of("payments/orders", "12", report);

        // Then the release went on, and nothing is blamed
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.PASSED);
        assertThat(record.getOutcome().isProceeded()).isTrue();
        assertThat(record.getReasons()).isEmpty();
        assertThat(record.getTimeToDecision()).isEmpty();
        assertThat(record.getJob()).isEqualTo("payments/orders");
        assertThat(record.getBuild()).isEqualTo("12");
        assertThat(record.getGate()).isEqualTo("orders release");
    }

    @Test
    void shouldBlameTheBlockingChecksOfABlockedGate() {
        // Given a gate nobody may override, with a failing database check, a warning batch check and an
        // advisory check that failed
        GateReport report = GateReport.withoutApproval(
                result(
                        ErrorPolicy.FAIL,
                        check("orders-db", "dbLoad", true, Status.FAIL),
                        check("nightly", "batchHealth", true, Status.WARN),
                        check("advice", "httpHealth", false, Status.FAIL)),
                ApprovalPolicy.defaults(),
                null,
                "gate.yaml");

        // When it is recorded
        GateRecord record = GateRecord.of("orders", "7", report);

        // Then it stopped the release for the database check; the warning is kept apart; the advisory check is not
        // named
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.BLOCKED);
        assertThat(record.getOutcome().isStopped()).isTrue();
        assertThat(record.getBlockingChecks()).containsExactly(new CheckReference("dbLoad", "orders-db"));
        assertThat(record.getWarningChecks()).containsExactly(new CheckReference("batchHealth", "nightly"));
        assertThat(record.getReasons()).containsExactly(new CheckReference("dbLoad", "orders-db"));
    }

    @Test
    void shouldNotCountAnErrorAsBlockingUnderOnErrorWarn() {
        // Given a check that could not measure, under onError: warn
        GateReport report = GateReport.withoutApproval(
                result(ErrorPolicy.WARN, check("orders-db", "dbLoad", true, Status.ERROR)),
                ApprovalPolicy.defaults(),
                null,
                "gate.yaml");

        // When it is recorded
        GateRecord record = GateRecord.of("orders", "8", report);

        // Then the gate passed with a warning, and the check is a warning, not a block
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.PASSED);
        assertThat(record.getBlockingChecks()).isEmpty();
        assertThat(record.getWarningChecks()).containsExactly(new CheckReference("dbLoad", "orders-db"));
    }

    @Test
    void shouldRecordWhoOverrodeWithTheJustificationAndTheTimeToDecision() throws DecisionRefusedException {
        // Given a failing gate that an overrider approved five minutes after the checks started
        GateResult result = result(ErrorPolicy.FAIL, check("plan", "rollbackPlan", true, Status.FAIL));
        ApprovalLedger ledger = ledger(
                result,
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build());
        ledger.approve(OPS, "plan is in the wiki; file follows", result.digest(), "web", NOW.plusSeconds(300));

        // When it is recorded
        GateRecord record = GateRecord.of("orders", "9", GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml"));

        // Then it was overridden by carol with her justification, after five minutes
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.OVERRIDDEN);
        assertThat(record.getOverrides()).singleElement().satisfies(override -> {
            assertThat(override.userId()).isEqualTo("carol");
            assertThat(override.displayName()).isEqualTo("Carol Ops");
            assertThat(override.comment()).isEqualTo("plan is in the wiki; file follows");
        });
        assertThat(record.getTimeToDecision()).contains(Duration.ofMinutes(5));
        assertThat(record.getReasons()).containsExactly(new CheckReference("rollbackPlan", "plan"));
    }

    @Test
    void shouldBlameTheWarningsOfARejectedGateThatDidNotBlock() throws DecisionRefusedException {
        // Given a gate with a warning that carol rejected after an hour
        GateResult result = result(
                ErrorPolicy.FAIL,
                check("orders-db", "dbLoad", true, Status.PASS),
                check("nightly", "batchHealth", true, Status.WARN));
        ApprovalLedger ledger = ledger(result, ApprovalPolicy.defaults());
        ledger.reject(OPS, "the nightly batch is still running", "api", NOW.plusSeconds(3600));

        // When it is recorded
        GateRecord record = GateRecord.of("orders", "10", GateReport.withApproval(result, ledger, null, "gate.yaml"));

        // Then it stopped the release because of the warning, decided by carol after an hour
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.REJECTED);
        assertThat(record.getReasons()).containsExactly(new CheckReference("batchHealth", "nightly"));
        assertThat(record.getSettlingDecision())
                .hasValueSatisfying(decision -> assertThat(decision.kind()).isEqualTo(LedgerEntry.Kind.REJECT));
        assertThat(record.getTimeToDecision()).contains(Duration.ofHours(1));
        assertThat(record.getOverrides()).isEmpty();
    }

    @Test
    void shouldRecordATimeoutWithoutATimeToDecision() {
        // Given a gate nobody decided before its deadline
        GateResult result = result(ErrorPolicy.FAIL, check("orders-db", "dbLoad", true, Status.PASS));
        ApprovalLedger ledger = ledger(result, ApprovalPolicy.defaults());
        assertThat(ledger.expireIfDue(NOW.plus(ApprovalPolicy.DEFAULT_TIMEOUT))).isTrue();

        // When it is recorded
        GateRecord record = GateRecord.of("orders", "11", GateReport.withApproval(result, ledger, null, "gate.yaml"));

        // Then it stopped the release, nobody decided, and no check is to blame
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.TIMED_OUT);
        assertThat(record.getOutcome().isStopped()).isTrue();
        assertThat(record.getTimeToDecision()).isEmpty();
        assertThat(record.getReasons()).isEmpty();
    }

    @Test
    void shouldRecordAGateVoidedByWorseEvidence() throws DecisionRefusedException {
        // Given an approved gate whose checks got worse, under a policy that fails the gate then
        GateResult result = result(ErrorPolicy.FAIL, check("orders-db", "dbLoad", true, Status.WARN));
        ApprovalLedger ledger = ledger(
                result,
                ApprovalPolicy.builder()
                        .onWorseEvidence(ApprovalPolicy.OnWorseEvidence.FAIL)
                        .build());
        ledger.approve(OPS, "known load", result.digest(), "web", NOW.plusSeconds(60));
        GateResult worse = result(ErrorPolicy.FAIL, check("orders-db", "dbLoad", true, Status.FAIL));
        ledger.voidApprovals(
                List.of("orders-db: WARN -> FAIL"), worse.getVerdict(), worse.digest(), NOW.plusSeconds(90));

        // When it is recorded with the evidence seen last
        GateRecord record = GateRecord.of("orders", "12", GateReport.withApproval(worse, ledger, null, "gate.yaml"));

        // Then it stopped the release; its approval no longer settles anything
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.VOIDED);
        assertThat(record.hasVoid()).isTrue();
        assertThat(record.getTimeToDecision()).isEmpty();
        assertThat(record.getReasons()).containsExactly(new CheckReference("dbLoad", "orders-db"));
    }

    @Test
    void shouldReadARecordFromReportJson() throws IOException {
        // Given a report.json as the writer writes it
        String json = new JsonReportWriter()
                .write(GateReport.withoutApproval(
                        result(ErrorPolicy.FAIL, check("nightly", "batchHealth", true, Status.FAIL)),
                        ApprovalPolicy.defaults(),
                        "2.8.0",
                        "gate.yaml"));

        // When it is read
        GateRecord record = GateRecord.read("orders", "13", new StringReader(json));

        // Then the record holds what statistics need
        assertThat(record.getOutcome()).isEqualTo(GateOutcome.BLOCKED);
        assertThat(record.getStartedAt()).isEqualTo(NOW);
        assertThat(record.getVerdict()).isEqualTo(Status.FAIL);
        assertThat(record.getBlockingChecks()).containsExactly(new CheckReference("batchHealth", "nightly"));
    }

    @Test
    void shouldSayWhatIsWrongWithAReportItCannotRead() {
        // Given texts that are not reports: another schema, a bad time, an unknown approval state
        String badTime = "{\"schemaVersion\":1,\"gate\":\"g\",\"source\":\"s\",\"startedAt\":\"yesterday\"}";

        // When they are read, Then each refusal says what is wrong
        assertThatThrownBy(() -> GateRecord.read("orders", "1", new StringReader("{\"schemaVersion\":2}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema version 2");
        assertThatThrownBy(() -> GateRecord.read("orders", "1", new StringReader(badTime)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() ->
                        new GateRecord("orders", "1", "g", NOW, Status.PASS, "MAYBE", List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown approval state 'MAYBE'");
    }

    private static ApprovalLedger ledger(final GateResult result, final ApprovalPolicy policy) {
        return new ApprovalLedger(
                policy,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("dave"),
                Set.of(),
                result.getVerdict(),
                result.digest(),
                NOW);
    }

    private static CheckOutcome check(final String id, final String type, final boolean required, final Status status) {
        return new CheckOutcome(
                id, type, required, null, CheckResult.of(status, id + " is " + status), NOW, Duration.ofMillis(5));
    }

    private static GateResult result(final ErrorPolicy onError, final CheckOutcome... checks) {
        return new GateResult("orders release", NOW, NOW.plusSeconds(1), onError, List.of(checks), List.of());
    }
}
