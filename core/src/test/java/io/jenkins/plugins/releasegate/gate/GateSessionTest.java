package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GateSessionTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final Person CAROL = new Person("carol", "Carol", Set.of("ops"), true, true);
    private static final Person BOB = new Person("bob", "Bob", Set.of(), true, false);
    private static Locale previous;

    /** The status each check type answers, changed by the tests between runs. */
    private final Map<String, Status> statuses =
            new ConcurrentHashMap<>(Map.of("live", Status.PASS, "file", Status.PASS));

    /** What a check does before it answers, by check type name, such as cancelling the gate meanwhile. */
    private final Map<String, Runnable> whileRunning = new ConcurrentHashMap<>();

    private final TestHost host = new TestHost(START);

    @BeforeAll
    static void english() {
        previous = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterAll
    static void restoreLocale() {
        Locale.setDefault(previous);
    }

    // ------------------------------------------------------------------ checks only

    @Test
    void shouldPassWithoutWaitingWhenNoApprovalIsRequested() {
        GateSession session = session("", false);

        session.runChecks();

        assertThat(session.getPhase()).isEqualTo(GatePhase.PASSED);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.PROCEED);
        assertThat(host.persisted()).containsExactly(GatePhase.PASSED);
        assertThat(session.getLedger()).isEmpty();
        assertThat(session.report())
                .get()
                .extracting(GateReport::getApprovalState)
                .isEqualTo(GateReport.NOT_REQUESTED);
    }

    @Test
    void shouldBlockAtOnceWhenAFailCannotBeOverridden() {
        statuses.put("live", Status.FAIL);
        GateSession session = session("", true);

        session.runChecks();

        assertThat(session.getPhase()).isEqualTo(GatePhase.BLOCKED);
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.FAIL);
            assertThat(ending.message()).contains("database (FAIL");
        });
        assertThat(host.armedTimers()).isZero();
    }

    // ------------------------------------------------------------------ waiting, approving, confirming

    @Test
    void shouldWaitThenConfirmTheLiveChecksWithoutWorkspaceAndProceed() throws Exception {
        // Given a gate that waits for one approval
        GateSession session = session("", true);
        session.runChecks();
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(host.armedTimers()).isOne();
        assertThat(host.endings()).isEmpty();

        // When alice approves
        GateState state = session.approve(ALICE, "dashboards calm", null, "web");

        // Then the gate confirms its evidence before it proceeds, on the background thread, and waits for no timer
        assertThat(state).isEqualTo(GateState.APPROVED);
        assertThat(host.lines()).contains("Approved by Alice (alice) via web. Comment: dashboards calm");
        assertThat(session.getPhase()).isEqualTo(GatePhase.CONFIRMING);
        assertThat(host.armedTimers()).isZero();
        assertThat(host.endings()).isEmpty();
        host.runBackground();
        assertThat(host.workspaceRequests()).containsExactly(true, false);
        assertThat(session.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(host.lines()).anyMatch(line -> line.startsWith("Approved. Running 1 check(s)"));
        assertThat(host.lines()).contains("The evidence is unchanged or better: the approval stands.");
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.PROCEED);
            assertThat(ending.message()).contains("approved by alice");
        });
        assertThat(host.persisted()).containsExactly(GatePhase.WAITING, GatePhase.CONFIRMING, GatePhase.APPROVED);
    }

    @Test
    void shouldProceedWithoutAConfirmingRunWhenEveryCheckNeedsTheWorkspace() throws Exception {
        GateSession session = session("", true, "file");
        session.runChecks();

        session.approve(ALICE, "", null, "api");
        host.runBackground();

        assertThat(session.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(host.workspaceRequests()).containsExactly(true);
    }

    @Test
    void shouldVoidTheApprovalsAndWaitAgainWithANewWindowWhenTheConfirmingRunIsWorse() throws Exception {
        // Given an approved gate whose policy lets a failure be overridden
        GateSession session = session("  onFail: override\n  timeout: 1h\n", true);
        session.runChecks();
        host.advance(Duration.ofMinutes(50));
        session.approve(ALICE, "", null, "web");

        // When the database fails in the confirming run
        statuses.put("live", Status.FAIL);
        host.runBackground();

        // Then the approval is void and the gate waits a whole new window for decisions on the new evidence
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        ApprovalLedger ledger = session.getLedger().orElseThrow();
        assertThat(ledger.getApprovers()).isEmpty();
        assertThat(ledger.getVerdict()).isEqualTo(Status.FAIL);
        assertThat(ledger.getDeadline()).isEqualTo(START.plus(Duration.ofMinutes(110)));
        assertThat(host.lines()).anyMatch(line -> line.startsWith("Worse than what the approvers saw: database"));
        assertThat(host.endings()).isEmpty();

        // and it times out at the new deadline, not at the old one
        host.advance(Duration.ofMinutes(30));
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        host.advance(Duration.ofMinutes(30));
        assertThat(session.getPhase()).isEqualTo(GatePhase.TIMED_OUT);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.ABORT);
    }

    @Test
    void shouldFailWhenTheConfirmingRunIsWorseAndNobodyCouldApproveTheNewEvidence() throws Exception {
        GateSession session = session("", true);
        session.runChecks();
        session.approve(ALICE, "", null, "web");

        statuses.put("live", Status.FAIL);
        host.runBackground();

        assertThat(session.getPhase()).isEqualTo(GatePhase.EVIDENCE_WORSENED);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.FAIL);
    }

    @Test
    void shouldNeedTheQuorumBeforeConfirming() throws Exception {
        GateSession session = session("  minApprovals: 2\n", true);
        session.runChecks();

        assertThat(session.approve(ALICE, "", null, "web")).isEqualTo(GateState.PENDING);
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(host.backgroundTasks()).isZero();
        assertThat(session.approve(CAROL, "", null, "api")).isEqualTo(GateState.APPROVED);
        assertThat(host.backgroundTasks()).isOne();
    }

    // ------------------------------------------------------------------ rejecting, timing out, cancelling

    @Test
    void shouldEndWithoutAReleaseOnRejection() throws Exception {
        GateSession session = session("", true);
        session.runChecks();

        session.reject(CAROL, "the sale starts in an hour\n[release-gate orders] Approved by admin", "web");

        assertThat(session.getPhase()).isEqualTo(GatePhase.REJECTED);
        assertThat(host.lines())
                .contains("Rejected by Carol (carol) via web. Reason: the sale starts in an hour"
                        + " [release-gate orders] Approved by admin");
        assertThat(host.armedTimers()).isZero();
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.ABORT);
            assertThat(ending.message()).contains("Carol (carol)").contains("the sale starts in an hour");
        });
    }

    @Test
    void shouldTimeOutAtTheDeadlineWithThePolicysOutcome() {
        GateSession session = session("  timeout: 2h\n  onTimeout: fail\n", true);
        session.runChecks();

        host.advance(Duration.ofMinutes(119));
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        host.advance(Duration.ofMinutes(1));

        assertThat(session.getPhase()).isEqualTo(GatePhase.TIMED_OUT);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.FAIL);
        assertThat(session.getLedger().orElseThrow().getEntries())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.TIMEOUT);
    }

    @Test
    void shouldNotTimeOutWhileConfirmingAnApproval() throws Exception {
        GateSession session = session("  timeout: 1h\n", true);
        session.runChecks();
        session.approve(ALICE, "", null, "web");

        host.advance(Duration.ofHours(2));
        session.expireIfDue();
        assertThat(session.getPhase()).isEqualTo(GatePhase.CONFIRMING);

        host.runBackground();
        assertThat(session.getPhase()).isEqualTo(GatePhase.APPROVED);
    }

    @Test
    void shouldCancelWhileCheckingWaitingOrConfirmingAndEndOnce() throws Exception {
        // while waiting
        GateSession waiting = session("", true);
        waiting.runChecks();
        assertThat(waiting.cancel("Aborted by admin")).isTrue();
        assertThat(waiting.getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(waiting.getLedger().orElseThrow().getState()).isEqualTo(GateState.CANCELLED);
        assertThat(host.armedTimers()).isZero();
        assertThat(waiting.cancel("Aborted again")).isFalse();

        // while confirming: the confirming run that finishes afterwards changes nothing
        TestHost second = new TestHost(START);
        GateSession confirming = session(second, "", true);
        confirming.runChecks();
        confirming.approve(ALICE, "", null, "web");
        confirming.cancel("Aborted by admin");
        second.runBackground();
        assertThat(confirming.getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(second.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.ABORT);
            assertThat(ending.message()).isEqualTo("Aborted by admin");
        });

        // before the checks: the result that arrives afterwards changes nothing
        TestHost third = new TestHost(START);
        GateSession checking = session(third, "", true);
        checking.cancel("Aborted by admin");
        checking.runChecks();
        assertThat(checking.getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(checking.getEvidence()).isEmpty();
    }

    @Test
    void shouldRefuseDecisionsOutsideTheWaitWithTheReason() throws Exception {
        GateSession session = session("", true);
        assertThat(session.whyMayNotApprove(ALICE, Locale.ENGLISH)).contains(GateSession.text("stillChecking"));

        session.runChecks();
        assertThat(session.whyMayNotApprove(ALICE, Locale.ENGLISH)).isEmpty();
        assertThat(session.whyMayNotApprove(BOB, Locale.ENGLISH)).isPresent(); // bob started the build

        session.approve(ALICE, "", null, "web");
        assertThatThrownBy(() -> session.reject(CAROL, "wait", "web"))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessageContaining("stop the build");
        assertThat(session.whyMayNotReject(CAROL, Locale.ENGLISH)).contains(GateSession.text("confirmingNoDecision"));

        host.runBackground();
        assertThatThrownBy(() -> session.approve(CAROL, "", null, "web"))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessage("This gate is not waiting for a decision.");
        assertThat(host.endings()).hasSize(1);
    }

    @Test
    void shouldFailOnceWhenTheHostCannotRunTheGate() {
        GateSession session = session("", true);

        session.fail("The definition is invalid");
        session.fail("again");
        session.runChecks();

        assertThat(session.getPhase()).isEqualTo(GatePhase.FAILED);
        assertThat(host.endings())
                .singleElement()
                .isEqualTo(new GateEnding(GateEnding.Kind.FAIL, "The definition is invalid"));
        assertThat(session.getEvidence()).isEmpty();
    }

    @Test
    void shouldRunAChecksOnlyGateForTheCommandLine() {
        GateSession session = GateSession.checksOnly(definition("", "live"), "2.8.0", host);
        assertThat(session.report()).isEmpty();

        session.runChecks();

        assertThat(session.getId()).isEqualTo("orders");
        assertThat(session.getGateName()).isEqualTo("orders");
        assertThat(session.getSource()).isEqualTo("release-gate.yaml");
        assertThat(session.getRelease()).contains("2.8.0");
        assertThat(session.isApprovalRequested()).isFalse();
        assertThat(session.getPhase()).isEqualTo(GatePhase.PASSED);
        assertThat(session.getEnding())
                .get()
                .extracting(GateEnding::message)
                .asString()
                .contains("approval was not requested");
        // each check's line as it finishes, then the results table
        assertThat(host.lines().get(0)).isEqualTo("database: PASS \u2014 fine");
        assertThat(host.lines().get(1)).startsWith("STATUS");
    }

    @Test
    void shouldFailWithTheReasonWhenTheHostCannotGiveTheChecksAnEnvironment() {
        GateSession session = session("", true);
        host.loseTheBuild();

        session.runChecks();

        assertThat(session.getPhase()).isEqualTo(GatePhase.FAILED);
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.FAIL);
            assertThat(ending.message()).isEqualTo("The release gate could not run: the build is gone");
        });
    }

    @Test
    void shouldFailWhenTheHostCannotGiveTheConfirmingRunAnEnvironment() throws Exception {
        GateSession session = session("", true);
        session.runChecks();
        session.approve(ALICE, "", null, "web");

        host.loseTheBuild();
        host.runBackground();

        assertThat(session.getPhase()).isEqualTo(GatePhase.FAILED);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.FAIL);
    }

    @Test
    void shouldLeaveAnInterruptedRunOfTheChecksToTheCancellationThatInterruptedIt() {
        GateSession session = session("", true);

        Thread.currentThread().interrupt();
        try {
            session.runChecks();
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the host")
                    .isTrue();
        }

        assertThat(session.getPhase()).isEqualTo(GatePhase.CHECKING);
        assertThat(host.endings()).isEmpty();
        assertThat(session.cancel("Aborted by admin")).isTrue();
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.ABORT);
    }

    @Test
    void shouldDiscardTheResultOfChecksThatEndAfterACancellation() {
        // Given a gate that is cancelled while its checks run
        GateSession session = session("", true);
        whileRunning.put("live", () -> session.cancel("Aborted by admin"));

        // When the checks finish
        session.runChecks();

        // Then their result changes nothing: the gate stays cancelled, without evidence, and ended once
        assertThat(session.getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(session.getEvidence()).isEmpty();
        assertThat(host.endings()).hasSize(1);
    }

    @Test
    void shouldDiscardAConfirmingRunThatEndsAfterACancellation() throws Exception {
        GateSession session = session("", true);
        session.runChecks();
        session.approve(ALICE, null, null, "web");
        assertThat(host.lines()).contains("Approved by Alice (alice) via web. Comment: ");
        whileRunning.put("live", () -> session.cancel("Aborted by admin"));
        statuses.put("live", Status.FAIL);

        host.runBackground();

        assertThat(session.getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(session.getLedger().orElseThrow().getState()).isEqualTo(GateState.CANCELLED);
        assertThat(session.getEvidence().orElseThrow().getVerdict()).isEqualTo(Status.PASS);
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.ABORT);
    }

    @Test
    void shouldReportTheApprovalAsItStands() throws Exception {
        GateSession session = session("  minApprovals: 2\n", true);
        session.runChecks();
        session.approve(ALICE, "fine", null, "web");

        GateReport report = session.report().orElseThrow();

        assertThat(report.getApprovalState()).isEqualTo("PENDING");
        assertThat(report.getDecisions())
                .singleElement()
                .extracting(LedgerEntry::userId)
                .isEqualTo("alice");
        assertThat(session.whyMayNotReject(CAROL, Locale.ENGLISH)).isEmpty();
        assertThat(session.whyMayNotApprove(ALICE, Locale.ENGLISH))
                .get()
                .asString()
                .contains("already");
    }

    // ------------------------------------------------------------------ races

    @Test
    void shouldTakeConcurrentApprovalsOnceEachAndConfirmOnce() throws Exception {
        GateSession session = session("  approvers: [ops]\n  minApprovals: 2\n", true);
        session.runChecks();
        List<Person> people = new ArrayList<>();
        for (int index = 0; index < 8; index++) {
            people.add(new Person("ops" + index, "Ops " + index, Set.of("ops"), true, false));
        }
        people.add(ALICE);
        people.add(ALICE);

        List<Throwable> refusals = race(people.stream()
                .map(person -> (ThrowingRunnable) () -> session.approve(person, "", null, "api"))
                .toList());

        assertThat(session.getPhase()).isEqualTo(GatePhase.CONFIRMING);
        assertThat(session.getLedger().orElseThrow().getApprovers()).hasSize(2);
        assertThat(refusals).hasSize(8).allMatch(DecisionRefusedException.class::isInstance);
        assertThat(host.backgroundTasks()).isOne();
    }

    @Test
    void shouldEndOnceWhenARejectionATimeoutAndACancellationRace() throws Exception {
        GateSession session = session("  timeout: 1m\n", true);
        session.runChecks();

        race(List.of(
                () -> session.reject(CAROL, "no", "web"),
                () -> host.advance(Duration.ofMinutes(5)),
                () -> session.cancel("Aborted by admin")));

        assertThat(session.getPhase()).isIn(GatePhase.REJECTED, GatePhase.TIMED_OUT, GatePhase.CANCELLED);
        assertThat(host.endings()).hasSize(1);
        assertThat(host.persisted().stream().filter(GatePhase::isSettled)).hasSize(1);
    }

    // ------------------------------------------------------------------ restarts

    @Test
    void shouldCarryOnAfterARestartWhileWaitingWithItsDecisions() throws Exception {
        GateSession session = session("  minApprovals: 2\n  timeout: 1h\n", true);
        session.runChecks();
        session.approve(ALICE, "", null, "web");

        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START.plus(Duration.ofMinutes(10)));
        restored.resume(restarted, definition("  minApprovals: 2\n  timeout: 1h\n", "live", "file"));

        assertThat(restored.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(restarted.armedTimers()).isOne();
        assertThat(restored.approve(CAROL, "", null, "api")).isEqualTo(GateState.APPROVED);
        restarted.runBackground();
        assertThat(restored.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(restored.getLedger().orElseThrow().getApprovers()).containsExactly("alice", "carol");
    }

    @Test
    void shouldTimeOutAtOnceAfterARestartPastTheDeadline() throws Exception {
        GateSession session = session("  timeout: 1h\n", true);
        session.runChecks();

        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START.plus(Duration.ofHours(3)));
        restored.resume(restarted, definition("  timeout: 1h\n", "live", "file"));

        assertThat(restored.getPhase()).isEqualTo(GatePhase.TIMED_OUT);
        assertThat(restarted.endings()).hasSize(1);
    }

    @Test
    void shouldConfirmAgainAfterARestartWhileConfirming() throws Exception {
        GateSession session = session("", true);
        session.runChecks();
        session.approve(ALICE, "", null, "web");

        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START);
        restored.resume(restarted, definition("", "live", "file"));
        restarted.runBackground();

        assertThat(restored.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(restarted.endings())
                .singleElement()
                .extracting(GateEnding::kind)
                .isEqualTo(GateEnding.Kind.PROCEED);
    }

    @Test
    void shouldFailAfterARestartWhileTheFirstChecksRan() throws Exception {
        GateSession session = session("", true);

        GateSession restored = restore(session);
        restored.resume(host, definition("", "live", "file"));

        assertThat(restored.getPhase()).isEqualTo(GatePhase.FAILED);
        assertThat(host.endings()).singleElement().satisfies(ending -> {
            assertThat(ending.kind()).isEqualTo(GateEnding.Kind.FAIL);
            assertThat(ending.message()).contains("'orders'").contains("run it again");
        });
    }

    @Test
    void shouldEndAgainAfterARestartOfAnEndedGate() throws Exception {
        GateSession session = session("", true);
        session.runChecks();
        session.reject(CAROL, "no", "web");

        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START);
        restored.resume(restarted, definition("", "live", "file"));

        assertThat(restored.getPhase()).isEqualTo(GatePhase.REJECTED);
        assertThat(restarted.endings()).isEqualTo(host.endings());
    }

    @Test
    void shouldTranslateEverySentenceOfThePackage() throws Exception {
        Properties english = new Properties();
        Properties japanese = new Properties();
        try (var base = GateSession.class.getResourceAsStream("Messages.properties");
                var translated = GateSession.class.getResourceAsStream("Messages_ja.properties")) {
            english.load(new InputStreamReader(base, StandardCharsets.UTF_8));
            japanese.load(new InputStreamReader(translated, StandardCharsets.UTF_8));
        }

        assertThat(japanese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        assertThat(english.values()).noneMatch(sentence -> sentence.toString().contains("Jenkins"));
    }

    @Test
    void shouldReadTheSentencesInJapanese() {
        Locale.setDefault(Locale.JAPANESE);
        try {
            assertThat(GateSession.text("notWaiting")).isEqualTo("このゲートは判断を待っていません。");
        } finally {
            Locale.setDefault(Locale.ENGLISH);
        }
    }

    // ------------------------------------------------------------------ answers to hosts

    @Test
    void shouldAnswerADecisionWithTheStateAfterItAsJson() {
        // Given a gate that waits for two approvals
        GateSession session = session("  minApprovals: 2\n", true);
        session.runChecks();

        // When alice approves through a host
        DecisionAnswer answer = session.decide(
                java.util.Optional.of(ALICE), new DecisionRequest(true, "calm", null), "api", Locale.ENGLISH);

        // Then the answer says the approval was taken and one more is needed
        assertThat(answer.taken()).isTrue();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.toJson())
                .containsExactly(
                        Map.entry("status", "ok"),
                        Map.entry("state", "PENDING"),
                        Map.entry("phase", "WAITING"),
                        Map.entry("remainingApprovals", 1),
                        Map.entry("approvers", List.of("alice")),
                        Map.entry("message", "Approval by Alice (alice) recorded; the gate is PENDING."));
    }

    @Test
    void shouldAnswerARejectionAndEndTheGate() {
        GateSession session = session("", true);
        session.runChecks();

        DecisionAnswer answer = session.decide(
                java.util.Optional.of(ALICE), new DecisionRequest(false, "batch running", null), "web", Locale.ENGLISH);

        assertThat(answer.state()).isEqualTo(GateState.REJECTED);
        assertThat(answer.phase()).isEqualTo(GatePhase.REJECTED);
        assertThat(answer.message()).isEqualTo("Rejection by Alice (alice) recorded; the gate is closed.");
        assertThat(host.endings()).singleElement().extracting(GateEnding::kind).isEqualTo(GateEnding.Kind.ABORT);
    }

    @Test
    void shouldRefuseAnonymousDecisionsWithoutRecordingThem() {
        GateSession session = session("", true);
        session.runChecks();

        DecisionAnswer answer =
                session.decide(java.util.Optional.empty(), new DecisionRequest(true, "", null), "api", Locale.ENGLISH);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.taken()).isFalse();
        assertThat(answer.toJson()).containsOnlyKeys("status", "message").containsEntry("status", "error");
        assertThat(answer.message()).startsWith("Log in to decide");
        assertThat(session.getLedger().orElseThrow().getEntries()).isEmpty();
        assertThat(session.whyMayNot(true, java.util.Optional.empty(), Locale.ENGLISH))
                .contains(answer.message());
    }

    @Test
    void shouldSayInTheReadersLanguageWhyTheSessionTakesNoDecisionNow() {
        // Given a gate whose checks still run, as the page shows it to a Japanese reader
        GateSession session = session("", true);
        DecisionRequest approval = new DecisionRequest(true, "", null);

        // When alice decides before the checks finished, and after the gate ended
        DecisionAnswer checking = session.decide(java.util.Optional.of(ALICE), approval, "web", Locale.JAPANESE);
        session.cancel("Aborted by bob");
        DecisionAnswer settled = session.decide(java.util.Optional.of(ALICE), approval, "web", Locale.JAPANESE);

        // Then both refusals are in Japanese, though the session's own refusals are thrown, not looked up
        assertThat(checking.message()).isEqualTo("このゲートのチェックはまだ実行中です。結果が出てから判断してください。");
        assertThat(settled.message()).isEqualTo("このゲートは判断を待っていません。");
        assertThat(DecisionAnswer.notOpen("orders", Locale.JAPANESE).message())
                .isEqualTo("リリースゲート 'orders' は判断を待っていません。");
    }

    @Test
    void shouldRefuseADecisionInEnglishWhenThrown() {
        GateSession session = session("", true);

        assertThatThrownBy(() -> session.approve(ALICE, "", null, "web"))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessage("The checks of this gate are still running: wait for their result before deciding.");
    }

    @Test
    void shouldHandTheBuildItsVerdictApprovalAndApprovers() throws Exception {
        GateSession session = session("", true);
        assertThat(session.result()).containsEntry("verdict", null).containsEntry("approved", false);
        assertThat(session.status()).isEqualTo("release gate orders: CHECKING");
        session.runChecks();
        assertThat(session.status()).isEqualTo("release gate orders: WAITING, 1 approval(s) remaining");

        session.approve(ALICE, "calm", null, "web");
        host.runBackground();

        assertThat(session.result())
                .containsExactly(
                        Map.entry("verdict", "PASS"),
                        Map.entry("approved", true),
                        Map.entry("approvers", List.of("alice")));
    }

    @Test
    void shouldLogEachFinishedCheckThroughTheHostsLogByDefault() {
        GateSession session = session("", false);

        session.runChecks();

        assertThat(host.lines()).contains("database: PASS \u2014 fine");
    }

    @Test
    void shouldNameEveryPhaseInEnglishAndJapanese() {
        for (GatePhase phase : GatePhase.values()) {
            assertThat(phase.displayName(Locale.ENGLISH)).as(phase.name()).isNotBlank();
            assertThat(phase.displayName(Locale.JAPANESE))
                    .as(phase.name())
                    .isNotEqualTo(phase.displayName(Locale.ENGLISH));
        }
        assertThat(GatePhase.WAITING.displayName(Locale.ENGLISH)).isEqualTo("Waiting for approval");
    }

    // ------------------------------------------------------------------ helpers

    private GateSession session(final String approval, final boolean approvalRequested, final String... types) {
        return session(host, approval, approvalRequested, types);
    }

    private GateSession session(
            final TestHost on, final String approval, final boolean approvalRequested, final String... types) {
        return new GateSession(
                "orders",
                definition(approval, types.length == 0 ? new String[] {"live", "file"} : types),
                approvalRequested,
                "2.8.0",
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of(),
                on);
    }

    private GateDefinition definition(final String approval, final String... types) {
        StringBuilder yaml = new StringBuilder("version: 1\nname: orders\nchecks:\n");
        for (String type : types) {
            yaml.append("  - {id: ").append("live".equals(type) ? "database" : "rollback-plan");
            yaml.append(", type: ").append(type).append("}\n");
        }
        if (!approval.isEmpty()) {
            yaml.append("approval:\n").append(approval);
        }
        try {
            return new GateDefinitionLoader(
                            new CheckTypes(List.of(new ScriptedType("live", false), new ScriptedType("file", true))))
                    .load(yaml.toString(), "release-gate.yaml");
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** Saves and restores a session as a host keeps it across a restart. */
    private static GateSession restore(final GateSession session) throws Exception {
        Object[] state = SavedState.read(SavedState.write(session, "kept with it"));
        assertThat(state).hasSize(2);
        assertThat(state[1]).isEqualTo("kept with it");
        return (GateSession) state[0];
    }

    /** Starts the tasks together and waits for all; returns what they threw. */
    private static List<Throwable> race(final List<ThrowingRunnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Throwable>> results = new ArrayList<>();
            for (ThrowingRunnable task : tasks) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        task.run();
                        return null;
                    } catch (Exception exception) {
                        return exception;
                    }
                }));
            }
            start.countDown();
            List<Throwable> thrown = new ArrayList<>();
            for (Future<Throwable> result : results) {
                Throwable throwable = result.get(30, TimeUnit.SECONDS);
                if (throwable != null) {
                    thrown.add(throwable);
                }
            }
            return thrown;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A check type whose checks answer the status the test set for the type's name. */
    private final class ScriptedType implements CheckType {
        private final String name;
        private final boolean needsWorkspace;

        ScriptedType(final String name, final boolean needsWorkspace) {
            this.name = name;
            this.needsWorkspace = needsWorkspace;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "a check whose status the test sets";
        }

        @Override
        public Check create(final Settings settings) {
            return new Check() {
                @Override
                public CheckResult run(final CheckContext context) {
                    whileRunning.getOrDefault(name, () -> {}).run();
                    Status status = statuses.get(name);
                    return CheckResult.of(status, status == Status.PASS ? "fine" : "92% of connections used");
                }

                @Override
                public boolean needsWorkspace() {
                    return needsWorkspace;
                }
            };
        }
    }
}
