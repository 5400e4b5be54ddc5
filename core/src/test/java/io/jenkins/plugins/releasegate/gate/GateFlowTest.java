package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateFlowTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, true);

    @Test
    void shouldFailAtOnceWhenTheVerdictBlocksAndThePolicyForbidsOverriding() {
        GateResult result = result(Status.FAIL);

        GateFlow.Next next = GateFlow.afterChecks(result, ApprovalPolicy.defaults(), true);

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.FAIL);
        assertThat(next.message())
                .contains("orders-db (FAIL: 92% of connections used)")
                .contains("no approval is requested");
    }

    @Test
    void shouldWaitForAnOverrideWhenThePolicyAllowsIt() {
        ApprovalPolicy policy =
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build();

        GateFlow.Next next = GateFlow.afterChecks(result(Status.ERROR), policy, true);

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.WAIT);
        assertThat(next.message()).contains("override");
    }

    @Test
    void shouldFailABlockingVerdictInChecksOnlyModeEvenWhenOverridingIsAllowed() {
        ApprovalPolicy policy =
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build();

        assertThat(GateFlow.afterChecks(result(Status.FAIL), policy, false).kind())
                .isEqualTo(GateFlow.Kind.FAIL);
    }

    @Test
    void shouldProceedInChecksOnlyModeAndWaitWithApprovalWhenNothingBlocks() {
        assertThat(GateFlow.afterChecks(result(Status.WARN), ApprovalPolicy.defaults(), false)
                        .kind())
                .isEqualTo(GateFlow.Kind.PROCEED);
        assertThat(GateFlow.afterChecks(result(Status.PASS), ApprovalPolicy.defaults(), true)
                        .kind())
                .isEqualTo(GateFlow.Kind.WAIT);
    }

    @Test
    void shouldProceedOnceApprovedAndNameTheApprovers() throws DecisionRefusedException {
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());
        ledger.approve(ALICE, "", null, "web", NOW);

        GateFlow.Next next = GateFlow.afterDecision(ledger, "orders");

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.PROCEED);
        assertThat(next.message()).contains("alice");
    }

    @Test
    void shouldAbortOnRejectionWithWhoAndWhy() throws DecisionRefusedException {
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());
        ledger.reject(ALICE, "batch still running", "web", NOW);

        GateFlow.Next next = GateFlow.afterDecision(ledger, "orders");

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.ABORT);
        assertThat(next.message()).contains("Alice (alice)").contains("batch still running");
    }

    @Test
    void shouldFollowThePolicyWhenNobodyDecidesInTime() {
        ApprovalLedger aborting =
                ledger(ApprovalPolicy.builder().timeout(Duration.ofHours(1)).build());
        ApprovalLedger failing = ledger(ApprovalPolicy.builder()
                .timeout(Duration.ofHours(1))
                .onTimeout(ApprovalPolicy.OnTimeout.FAIL)
                .build());
        aborting.expireIfDue(NOW.plus(Duration.ofHours(2)));
        failing.expireIfDue(NOW.plus(Duration.ofHours(2)));

        assertThat(GateFlow.afterDecision(aborting, "orders").kind()).isEqualTo(GateFlow.Kind.ABORT);
        assertThat(GateFlow.afterDecision(failing, "orders").kind()).isEqualTo(GateFlow.Kind.FAIL);
        assertThat(GateFlow.afterDecision(failing, "orders").message())
                .contains("timed out")
                .contains("fail");
    }

    @Test
    void shouldKeepWaitingWhilePending() {
        ApprovalLedger ledger = ledger(ApprovalPolicy.builder().minApprovals(2).build());

        GateFlow.Next next = GateFlow.afterDecision(ledger, "orders");

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.WAIT);
        assertThat(next.message()).contains("2 more approval");
    }

    @Test
    void shouldConfirmOnlyTheChecksThatNeedNoWorkspace() throws Exception {
        GateDefinition gate = new GateDefinitionLoader(
                        new CheckTypes(List.of(new FixedType("live", false), new FixedType("file", true))))
                .load("""
                version: 1
                name: orders
                checks:
                  - {id: database, type: live}
                  - {id: rollback-plan, type: file}
                  - {id: batch, type: live}
                """, "gate.yaml");

        List<CheckDefinition> checks = GateFlow.checksToConfirm(gate);

        assertThat(checks).extracting(CheckDefinition::getId).containsExactly("database", "batch");
    }

    private record FixedType(String name, boolean needsWorkspace) implements CheckType {
        @Override
        public String description() {
            return "a check for tests";
        }

        @Override
        public Check create(final Settings settings) {
            return new Check() {
                @Override
                public CheckResult run(final CheckContext context) {
                    return CheckResult.of(Status.PASS, "fine");
                }

                @Override
                public boolean needsWorkspace() {
                    return needsWorkspace;
                }
            };
        }
    }

    @Test
    void shouldKeepTheApprovalsWhenTheConfirmingRunIsNoWorse() throws DecisionRefusedException {
        // Given a gate approved on PASS evidence
        GateResult approved = result(Status.PASS);
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());
        ledger.approve(ALICE, "", null, "api", NOW);

        // When the checks run again and still pass
        GateFlow.Confirmation confirmation =
                GateFlow.confirm(ledger, approved, result(Status.PASS).getChecks(), NOW.plusSeconds(5));

        // Then the approval stands and the gate proceeds
        assertThat(confirmation.isConfirmed()).isTrue();
        assertThat(ledger.getState()).isEqualTo(GateState.APPROVED);
        assertThat(GateFlow.afterDecision(ledger, "orders").kind()).isEqualTo(GateFlow.Kind.PROCEED);
    }

    @Test
    void shouldVoidTheApprovalsAndWaitAgainWhenTheConfirmingRunIsWorse() throws DecisionRefusedException {
        // Given a gate approved on PASS evidence, whose policy lets a failing gate be overridden
        GateResult approved = result(Status.PASS);
        ApprovalLedger ledger = ledger(
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build());
        ledger.approve(ALICE, "", null, "api", NOW);

        // When the checks run again and fail
        GateFlow.Confirmation confirmation =
                GateFlow.confirm(ledger, approved, result(Status.FAIL).getChecks(), NOW.plusSeconds(5));

        // Then the approval is void, the new evidence is under decision, and the gate waits again
        assertThat(confirmation.isConfirmed()).isFalse();
        assertThat(confirmation.worsened()).singleElement().asString().contains("orders-db: PASS → FAIL");
        assertThat(confirmation.evidence().getVerdict()).isEqualTo(Status.FAIL);
        assertThat(ledger.getState()).isEqualTo(GateState.PENDING);
        assertThat(ledger.getDigest()).isEqualTo(confirmation.evidence().digest());
        assertThat(ledger.getApprovers()).isEmpty();
        assertThat(GateFlow.afterDecision(ledger, "orders").kind()).isEqualTo(GateFlow.Kind.WAIT);
    }

    @Test
    void shouldFailWhenTheConfirmingRunIsWorseAndNobodyCouldApproveIt() throws DecisionRefusedException {
        // Given a gate approved on PASS evidence, whose policy blocks a failing gate
        GateResult approved = result(Status.PASS);
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());
        ledger.approve(ALICE, "", null, "api", NOW);

        // When the checks run again and fail
        GateFlow.confirm(ledger, approved, result(Status.FAIL).getChecks(), NOW.plusSeconds(5));

        // Then the gate fails instead of waiting for nobody
        assertThat(ledger.getState()).isEqualTo(GateState.EVIDENCE_WORSENED);
        assertThat(GateFlow.afterDecision(ledger, "orders").kind()).isEqualTo(GateFlow.Kind.FAIL);
    }

    @Test
    void shouldVoidAnOverrideWhenTheConfirmingRunCouldNotMeasureWhatFailed() throws DecisionRefusedException {
        // Given a FAIL verdict overridden with a justification
        GateResult approved = result(Status.FAIL);
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of(),
                Status.FAIL,
                approved.digest(),
                NOW);
        ledger.approve(ALICE, "known load peak, failover tested", approved.digest(), "api", NOW);

        // When the checks run again and the failing check can no longer be measured
        GateFlow.Confirmation confirmation =
                GateFlow.confirm(ledger, approved, result(Status.ERROR).getChecks(), NOW.plusSeconds(5));

        // Then that is worse evidence: the override is void and the gate waits for a decision on the new evidence
        assertThat(confirmation.isConfirmed()).isFalse();
        assertThat(confirmation.worsened()).singleElement().asString().contains("orders-db: FAIL → ERROR");
        assertThat(ledger.getState()).isEqualTo(GateState.PENDING);
        assertThat(ledger.getVerdict()).isEqualTo(Status.ERROR);
        assertThat(ledger.getApprovers()).isEmpty();
        assertThat(GateFlow.afterDecision(ledger, "orders").kind()).isEqualTo(GateFlow.Kind.WAIT);
    }

    @Test
    void shouldAbortACancelledGateWithTheReason() {
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());
        ledger.cancel("Aborted by admin", NOW);

        GateFlow.Next next = GateFlow.afterDecision(ledger, "orders");

        assertThat(next.kind()).isEqualTo(GateFlow.Kind.ABORT);
        assertThat(next.message()).isEqualTo("Release gate 'orders' was cancelled: Aborted by admin");
    }

    @Test
    void shouldConfirmOnlyAnApprovedGate() {
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());

        assertThatThrownBy(() -> GateFlow.confirm(ledger, result(Status.PASS), List.of(), NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PENDING");
    }

    @Test
    void shouldSayWhyAVerdictBlocksWhenNoSingleCheckDoes() {
        GateResult empty = new GateResult("orders", NOW, NOW, ErrorPolicy.FAIL, List.of(), List.of());

        assertThat(GateFlow.describeBlocking(empty)).isEqualTo("no check ran");
    }

    private static ApprovalLedger ledger(final ApprovalPolicy policy) {
        return new ApprovalLedger(
                policy, IdentityMatcher.CASE_INSENSITIVE, Set.of("bob"), Set.of(), Status.PASS, "digest", NOW);
    }

    private static GateResult result(final Status status) {
        CheckOutcome outcome = new CheckOutcome(
                "orders-db",
                "dbLoad",
                true,
                null,
                CheckResult.of(status, "92% of connections used"),
                NOW,
                Duration.ofSeconds(1));
        return new GateResult("orders", NOW, NOW, ErrorPolicy.FAIL, List.of(outcome), List.of());
    }
}
