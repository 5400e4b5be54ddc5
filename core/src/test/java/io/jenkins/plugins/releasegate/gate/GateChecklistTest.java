package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.checks.checklist.ChecklistCheckType;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportReader;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A gate with a release checklist: required items are confirmed with the approvals, and the report says by whom. */
class GateChecklistTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final Person CAROL = new Person("carol", "Carol", Set.of("ops"), true, false);
    private static final GateDefinitionLoader LOADER =
            new GateDefinitionLoader(new CheckTypes(List.of(new ChecklistCheckType())));
    private static final String CHECKLIST = """
            version: 1
            name: orders
            checks:
              - id: release-checklist
                type: checklist
                items:
                  - {id: comms, text: "Customer support informed of the maintenance window"}
                  - {id: backup-verified, text: "Last night's backup restored on staging"}
                  - {id: status-page, text: "Status page prepared", required: false}
            """;

    private final TestHost host = new TestHost(START);

    @Test
    void shouldWarnBeforeApprovalThatTheRequiredItemsAreToConfirm() throws Exception {
        GateSession session = session(CHECKLIST, "");

        session.runChecks();

        CheckOutcome checklist = session.getEvidence().orElseThrow().getChecks().get(0);
        assertThat(checklist.status()).isEqualTo(Status.WARN);
        assertThat(checklist.result().getSummary()).isEqualTo("2 of 2 required item(s) to confirm when approving");
        assertThat(checklist.result().getDetails())
                .containsExactly(
                        "[ ] comms (required): Customer support informed of the maintenance window — not confirmed",
                        "[ ] backup-verified (required): Last night's backup restored on staging — not confirmed",
                        "[ ] status-page (optional): Status page prepared — not confirmed");
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(session.getChecklist())
                .extracting(ChecklistItem::id, ChecklistItem::required)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("comms", true),
                        org.assertj.core.groups.Tuple.tuple("backup-verified", true),
                        org.assertj.core.groups.Tuple.tuple("status-page", false));
    }

    @Test
    void shouldRefuseAnApprovalThatLeavesARequiredItemOpenAndNameIt() throws Exception {
        GateSession session = session(CHECKLIST, "");
        session.runChecks();

        assertThatThrownBy(() -> session.approve(ALICE, "calm", null, List.of("comms"), "web"))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessage("Confirm every required checklist item to approve; still open: backup-verified (Last"
                        + " night's backup restored on staging).");
        DecisionAnswer inJapanese = session.decide(
                Optional.of(ALICE), new DecisionRequest(true, "calm", null, List.of()), "api", Locale.JAPANESE);
        assertThat(inJapanese.status()).isEqualTo(403);
        assertThat(inJapanese.message()).startsWith("承認するには必須のチェックリスト項目をすべて確認してください。");
        assertThatThrownBy(() -> session.approve(ALICE, "calm", null, List.of("comms", "backups"), "web"))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessage("This gate has no checklist item 'backups': its items are comms, backup-verified,"
                        + " status-page.");
        assertThat(session.getLedger().orElseThrow().getEntries()).isEmpty();
    }

    @Test
    void shouldRecordWhoConfirmedEachItemAndShowItInTheConfirmedEvidence() throws Exception {
        // Given a gate that waits for two approvals with a checklist
        GateSession session = session(CHECKLIST, "approval:\n  minApprovals: 2\n");
        session.runChecks();

        // When alice confirms every required item, and carol approves without confirming anything again
        DecisionAnswer first = session.decide(
                Optional.of(ALICE),
                new DecisionRequest(true, "support briefed at 9:00", null, List.of("comms", "backup-verified")),
                "web",
                Locale.ENGLISH);
        GateState second = session.approve(CAROL, "fine", null, List.of(), "api");
        host.runBackground();

        // Then both approvals count, the ledger records alice's confirmations, and the confirming run shows them
        assertThat(first.taken()).isTrue();
        assertThat(second).isEqualTo(GateState.APPROVED);
        assertThat(session.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(session.getLedger().orElseThrow().getEntries())
                .extracting(LedgerEntry::confirmed)
                .containsExactly(List.of("comms", "backup-verified"), List.of());
        CheckOutcome checklist = session.getEvidence().orElseThrow().getChecks().get(0);
        assertThat(checklist.status()).isEqualTo(Status.PASS);
        assertThat(checklist.result().getSummary())
                .isEqualTo("All 2 required item(s) confirmed; 2 of 3 item(s) confirmed in all");
        assertThat(checklist.result().getDetails().get(0))
                .isEqualTo("[x] comms (required): Customer support informed of the maintenance window — confirmed by"
                        + " Alice (alice) at 2026-12-01T09:00:00Z via web: support briefed at 9:00");

        // and report.json keeps the confirmations through a round trip
        GateReport report = session.report().orElseThrow();
        GateReport read = new JsonReportReader().read(new StringReader(new JsonReportWriter().write(report)));
        assertThat(read.getDecisions())
                .extracting(LedgerEntry::confirmed)
                .containsExactly(List.of("comms", "backup-verified"), List.of());
        assertThat(read.getDecisions().get(0).toPublicMap())
                .containsEntry("confirmed", List.of("comms", "backup-verified"));
    }

    @Test
    void shouldAskForTheConfirmationsAgainOnceTheApprovalsAreVoid() throws Exception {
        GateSession session = session(CHECKLIST, "");
        session.runChecks();
        session.approve(ALICE, "briefed", null, List.of("comms", "backup-verified"), "web");
        var ledger = session.getLedger().orElseThrow();

        ledger.voidApprovals(List.of("database: PASS → FAIL"), Status.WARN, "digest-2", START.plusSeconds(60));

        assertThat(ledger.getConfirmations()).isEmpty();
        assertThatThrownBy(() -> ledger.approve(CAROL, "fine", null, List.of(), "web", START.plusSeconds(120)))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessageContaining("still open: comms (Customer support informed of the maintenance window);"
                        + " backup-verified");
    }

    @Test
    void shouldKeepTheProfilesItemsAndAddTheRepositorys() throws Exception {
        String repository = """
                version: 1
                name: orders
                checks:
                  - id: team-checklist
                    type: checklist
                    items:
                      - {id: feature-flags, text: "New features behind a flag"}
                      - {id: status-page, text: "Status page prepared"}
                  - id: release-checklist
                    type: checklist
                    items: [{id: comms, text: "nothing to confirm", required: false}]
                """;

        GateDefinition merged = LOADER.loadMerged(
                        new DefinitionText(CHECKLIST, "profile production"),
                        new DefinitionText(repository, "release-gate.yaml"))
                .orElseThrow();

        // the profile's items stay as written; an item both list is required if either requires it
        assertThat(merged.getChecklist())
                .containsExactly(
                        new ChecklistItem("comms", "Customer support informed of the maintenance window", true),
                        new ChecklistItem("backup-verified", "Last night's backup restored on staging", true),
                        new ChecklistItem("status-page", "Status page prepared", true),
                        new ChecklistItem("feature-flags", "New features behind a flag", true));
        assertThat(merged.getNotes())
                .anyMatch(note -> note.contains("check 'release-checklist' settings items differ from the profile's"));
    }

    @Test
    void shouldReadConfirmationsFromTheJsonBodyAndTheForm() throws Exception {
        assertThat(DecisionRequest.ofJson(
                                "{\"decision\": \"approve\", \"confirmed\": [\"comms\", \" comms \", \"backup\"]}",
                                Locale.ENGLISH)
                        .confirmed())
                .containsExactly("comms", "backup");
        assertThat(DecisionRequest.ofForm(true, "", null, new String[] {"comms"}, Locale.ENGLISH)
                        .confirmed())
                .containsExactly("comms");
        assertThat(DecisionRequest.ofForm(false, "", null, null, Locale.ENGLISH).confirmed())
                .isEmpty();
        for (String body : List.of(
                "{\"decision\": \"approve\", \"confirmed\": \"comms\"}",
                "{\"decision\": \"approve\", \"confirmed\": [1]}",
                "{\"decision\": \"approve\", \"confirmed\": [[\"comms\"]]}")) {
            assertThatThrownBy(() -> DecisionRequest.ofJson(body, Locale.ENGLISH))
                    .as(body)
                    .isInstanceOf(DecisionRequest.InvalidDecisionException.class)
                    .hasMessageStartingWith("\"confirmed\" must be a list of checklist item ids");
        }
    }

    private GateSession session(final String yaml, final String approval) throws Exception {
        GateDefinition definition = LOADER.load(yaml + approval, "release-gate.yaml");
        return new GateSession(
                "orders", definition, true, "2.8.0", IdentityMatcher.CASE_INSENSITIVE, Set.of(), Set.of(), host);
    }
}
