package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.checks.checklist.ChecklistCheckType;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the list of pending gates shows of each gate, who may decide from it, its filters and its index. */
class PendingGatesTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final Person BOB = new Person("bob", "Bob", Set.of(), true, false);
    private static final Person MALLORY = new Person("mallory", "Mallory", Set.of(), false, false);
    private static final PendingGateView.Place ORDERS =
            new PendingGateView.Place("team/orders", "orders", 42, "job/team/job/orders/42/");

    private final TestHost host = new TestHost(START);

    @Test
    void shouldShowTheVerdictTheChecksThatDidNotPassTheApprovalsSoFarAndTheDeadline() throws Exception {
        // Given a waiting gate needing two approvals whose database check warned and whose advisory check failed
        GateSession session = session("checks:\n"
                + "  - {id: database, type: scripted, status: WARN}\n"
                + "  - {id: api, type: scripted, status: PASS}\n"
                + "  - {id: nice-to-have, type: scripted, status: FAIL, required: false}\n"
                + "approval:\n  minApprovals: 2\n  timeout: 2h\n");
        session.runChecks();

        // When alice approves and the list takes the gate's view
        session.approve(ALICE, "dashboards calm", null, "web");
        PendingGateView view = PendingGateView.of(session, ORDERS, "production", START.plusSeconds(60));

        // Then it shows the verdict, the warning check only, who approved, what is still needed, and the window
        assertThat(view.getKey()).isEqualTo("team/orders#42 orders");
        assertThat(view.getGateName()).isEqualTo("Orders release");
        assertThat(view.getProfile()).contains("production");
        assertThat(view.getRelease()).contains("2.8.0");
        assertThat(view.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(view.isOpen()).isTrue();
        assertThat(view.getVerdict()).contains(Status.WARN);
        assertThat(view.getBlockingChecks()).isEmpty();
        assertThat(view.getWarningChecks())
                .containsExactly(new PendingGateView.CheckSummary("database", Status.WARN, "scripted WARN"));
        assertThat(view.getApprovers()).containsExactly("alice");
        assertThat(view.getRemainingApprovals()).isOne();
        assertThat(view.getWaitingSince()).contains(START);
        assertThat(view.getDeadline()).contains(START.plus(Duration.ofHours(2)));
        assertThat(view.getDigest()).isEqualTo(session.getEvidence().map(result -> result.digest()));
        assertThat(view.hasRequiredChecklist()).isFalse();
        assertThat(view.getOutcome()).isEmpty();
    }

    @Test
    void shouldListTheBlockingChecksOfAGateThatMayBeOverridden() throws Exception {
        // Given a waiting gate whose policy allows overriding, with a failing and an erroring check
        GateSession session = session("checks:\n"
                + "  - {id: database, type: scripted, status: FAIL}\n"
                + "  - {id: batch, type: scripted, status: ERROR}\n"
                + "approval:\n  onFail: override\n");

        // When its checks ran
        session.runChecks();
        PendingGateView view = PendingGateView.of(session, ORDERS, null, START);

        // Then both block, in the definition's order, and no profile is named
        assertThat(view.getVerdict()).contains(Status.FAIL);
        assertThat(view.getBlockingChecks())
                .extracting(PendingGateView.CheckSummary::id, PendingGateView.CheckSummary::status)
                .containsExactly(tuple("database", Status.FAIL), tuple("batch", Status.ERROR));
        assertThat(view.getWarningChecks()).isEmpty();
        assertThat(view.getProfile()).isEmpty();
    }

    @Test
    void shouldLetThoseTheLedgerAdmitsDecideFromTheListAndSayWhyToTheOthers() throws Exception {
        // Given a waiting gate started by bob, whose policy forbids self-approval
        GateSession session = session(PASSING);
        session.runChecks();
        PendingGateView view = PendingGateView.of(session, ORDERS, null, START);

        // When alice, bob, mallory (without the Approve permission) and an anonymous visitor look at the list
        PendingGateRow alice = PendingGateRow.of(view, session, Optional.of(ALICE), Locale.ENGLISH);
        PendingGateRow bob = PendingGateRow.of(view, session, Optional.of(BOB), Locale.ENGLISH);
        PendingGateRow mallory = PendingGateRow.of(view, session, Optional.of(MALLORY), Locale.ENGLISH);
        PendingGateRow anonymous = PendingGateRow.of(view, session, Optional.empty(), Locale.ENGLISH);

        // Then alice may approve and reject from the list; bob may only reject, with the ledger's reason for
        // approving; mallory and the visitor may do neither
        assertThat(alice.isApproveInline()).isTrue();
        assertThat(alice.isMayReject()).isTrue();
        assertThat(alice.isMayDecide()).isTrue();
        assertThat(bob.isMayApprove()).isFalse();
        assertThat(bob.getApprovalRefusal()).get().asString().contains("Bob (bob) started this build");
        assertThat(bob.isMayReject()).isTrue();
        assertThat(bob.isMayDecide()).isTrue();
        assertThat(mallory.isMayDecide()).isFalse();
        assertThat(mallory.getApprovalRefusal()).get().asString().contains("Release Gate/Approve");
        assertThat(anonymous.isMayDecide()).isFalse();
        assertThat(anonymous.getApprovalRefusal()).get().asString().startsWith("Log in to decide");
    }

    @Test
    void shouldSendAnApprovalThatConfirmsARequiredChecklistItemToTheGatePage() throws Exception {
        // Given a waiting gate with a required checklist item
        GateSession session = session("checks:\n"
                + "  - id: release-checklist\n"
                + "    type: checklist\n"
                + "    items:\n"
                + "      - {id: comms, text: Support informed}\n");
        session.runChecks();
        PendingGateView view = PendingGateView.of(session, ORDERS, null, START);

        // When alice looks at it in the list
        PendingGateRow row = PendingGateRow.of(view, session, Optional.of(ALICE), Locale.ENGLISH);

        // Then she may approve, but on the gate's page; rejecting needs no checklist
        assertThat(view.hasRequiredChecklist()).isTrue();
        assertThat(row.isMayApprove()).isTrue();
        assertThat(row.isApproveInline()).isFalse();
        assertThat(row.isApproveOnGatePage()).isTrue();
        assertThat(row.isMayReject()).isTrue();
    }

    @Test
    void shouldOfferNoDecisionOnASettledGate() throws Exception {
        // Given a gate alice rejected
        GateSession session = session(PASSING);
        session.runChecks();
        session.reject(ALICE, "batch still running", "web");
        PendingGateView view = PendingGateView.of(session, ORDERS, null, START);

        // When the list shows it among the gates decided recently
        PendingGateRow row = PendingGateRow.of(view, session, Optional.of(ALICE), Locale.ENGLISH);

        // Then nobody may decide, and the row says how it ended
        assertThat(view.isOpen()).isFalse();
        assertThat(view.getPhase()).isEqualTo(GatePhase.REJECTED);
        assertThat(view.getOutcome()).get().asString().contains("rejected by Alice (alice)");
        assertThat(row.isMayDecide()).isFalse();
        assertThat(row.getApprovalRefusal()).contains("Release gate 'Orders release' is not waiting for a decision.");
    }

    @Test
    void shouldFilterByProfileFolderAndWhoMayDecideAndOrderByDeadline() throws Exception {
        // Given three waiting gates: production in team/orders with a short window, production in team-b/billing,
        // and staging in team/search, where bob started the last one
        GateSession orders = session(PASSING.replace("approval:\n", "approval:\n  timeout: 1h\n"));
        GateSession billing = session(PASSING);
        GateSession search = session(PASSING);
        orders.runChecks();
        billing.runChecks();
        search.runChecks();
        PendingGateRow ordersRow = row(orders, place("team/orders"), "production", BOB);
        PendingGateRow billingRow = row(billing, place("team-b/billing"), "Production", BOB);
        PendingGateRow searchRow = row(search, place("team/search"), "staging", MALLORY);
        List<PendingGateRow> rows = List.of(searchRow, billingRow, ordersRow);

        // When the list is filtered
        // Then the profile matches without regard to case, the folder only its own jobs (not team-b's), "I may
        // decide" only where the person may approve or reject, and the nearest deadline comes first
        assertThat(PendingGateFilter.ALL.apply(rows)).first().isEqualTo(ordersRow);
        assertThat(PendingGateFilter.of("PRODUCTION", "", false).apply(rows)).containsExactly(ordersRow, billingRow);
        assertThat(PendingGateFilter.of(null, "/team/", false).apply(rows))
                .containsExactlyInAnyOrder(ordersRow, searchRow);
        assertThat(PendingGateFilter.of(null, "team/orders", false).apply(rows)).isEmpty();
        assertThat(PendingGateFilter.of(" ", null, true).apply(rows)).containsExactly(ordersRow, billingRow);
        assertThat(PendingGateFilter.of("staging", "team", true).apply(rows)).isEmpty();
        assertThat(PendingGateFilter.of(" staging ", " team ", false).getFolder())
                .contains("team");
    }

    @Test
    void shouldIndexAGateWhileItWaitsAndKeepItAmongTheRecentOnesOnceSettled() throws Exception {
        // Given an index and a gate that waits
        PendingGateIndex index = new PendingGateIndex(2);
        GateSession session = session(PASSING);
        session.runChecks();

        // When it is recorded while it waits
        index.update(PendingGateView.of(session, ORDERS, null, START));

        // Then it is open
        assertThat(index.open()).extracting(PendingGateView::getKey).containsExactly("team/orders#42 orders");
        assertThat(index.recent()).isEmpty();

        // When alice rejects it and it is recorded again, and then a late view of it while it waited arrives
        PendingGateView waiting = PendingGateView.of(session, ORDERS, null, START);
        session.reject(ALICE, "batch still running", "web");
        index.update(PendingGateView.of(session, ORDERS, null, START.plusSeconds(5)));
        index.update(waiting);

        // Then it left the open gates for good and is the latest settled one
        assertThat(index.open()).isEmpty();
        assertThat(index.recent()).extracting(PendingGateView::getPhase).containsExactly(GatePhase.REJECTED);
    }

    @Test
    void shouldKeepOnlyTheLatestSettledGatesAndNoneThatNeverWaited() throws Exception {
        // Given an index that keeps two settled gates
        PendingGateIndex index = new PendingGateIndex(2);

        // When three gates are rejected one after another, and a checks-only gate passes
        for (int build = 1; build <= 3; build++) {
            GateSession session = session(PASSING);
            session.runChecks();
            session.reject(ALICE, "not today", "web");
            index.update(PendingGateView.of(
                    session,
                    new PendingGateView.Place("orders", "orders", build, "job/orders/" + build + "/"),
                    null,
                    START.plusSeconds(build)));
        }
        GateSession checksOnly = GateSession.checksOnly(definition(PASSING), null, host);
        checksOnly.runChecks();
        index.update(PendingGateView.of(checksOnly, ORDERS, null, START.plusSeconds(9)));

        // Then the two latest rejections are kept, the latest first, and the gate that never waited is not listed
        assertThat(checksOnly.getPhase()).isEqualTo(GatePhase.PASSED);
        assertThat(index.recent())
                .extracting(view -> view.getPlace().buildNumber())
                .containsExactly(3, 2);
        assertThat(index.open()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static final String PASSING =
            "checks:\n  - {id: api, type: scripted, status: PASS}\napproval:\n  minApprovals: 1\n";

    private PendingGateRow row(
            final GateSession session, final PendingGateView.Place place, final String profile, final Person who) {
        return PendingGateRow.of(
                PendingGateView.of(session, place, profile, START), session, Optional.of(who), Locale.ENGLISH);
    }

    private static PendingGateView.Place place(final String job) {
        return new PendingGateView.Place(job, job, 1, "job/" + job + "/1/");
    }

    private GateSession session(final String body) throws Exception {
        return new GateSession(
                "orders",
                definition(body),
                true,
                "2.8.0",
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of(),
                host);
    }

    private static io.jenkins.plugins.releasegate.definition.GateDefinition definition(final String body)
            throws Exception {
        return new GateDefinitionLoader(new CheckTypes(List.of(new ScriptedType(), new ChecklistCheckType())))
                .load("version: 1\nname: Orders release\n" + body, "release-gate.yaml");
    }

    /** A check that answers the status its settings name. */
    private static final class ScriptedType implements CheckType {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String description() {
            return "a check that answers the status its settings name";
        }

        @Override
        public Check create(final Settings settings) {
            Status status = Status.valueOf(settings.string("status", "PASS"));
            return context -> CheckResult.of(status, "scripted " + status);
        }
    }
}
