package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.runner.GateResult;
import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateReportTest {
    @Test
    void shouldCountOnlyTheApprovalsGivenSinceTheLastVoiding() throws Exception {
        // Given a ledger where bob and carol approved, the evidence got worse, and dave overrode it
        GateResult result = ReportFixtures.result();
        ApprovalLedger ledger = ReportFixtures.eventfulLedger(result, "fine");
        GateReport report = GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml");

        // Then the report, and the report read back from report.json, count dave alone, as the ledger does
        GateReport readBack = new JsonReportReader().read(new StringReader(new JsonReportWriter().write(report)));
        for (GateReport each : new GateReport[] {report, readBack}) {
            assertThat(each.getApprovers()).containsExactly("dave").isEqualTo(ledger.getApprovers());
            assertThat(each.getRemainingApprovals()).isOne().isEqualTo(ledger.getRemainingApprovals());
        }
    }

    @Test
    void shouldNeedNoApprovalWhenNoneWasRequested() {
        GateReport report = GateReport.withoutApproval(
                ReportFixtures.result(),
                ApprovalPolicy.builder().minApprovals(2).build(),
                null,
                "gate.yaml");

        assertThat(report.getRemainingApprovals()).isZero();
        assertThat(report.getApprovers()).isEmpty();
    }

    @Test
    void shouldShowAnEntryWithoutThePersonsGroups() throws Exception {
        LedgerEntry entry = ReportFixtures.eventfulLedger(ReportFixtures.result(), "fine")
                .getEntries()
                .get(0);

        assertThat(entry.groups()).isNotEmpty();
        assertThat(entry.toPublicMap())
                .containsOnlyKeys(
                        "kind", "userId", "displayName", "timestamp", "comment", "digest", "channel", "confirmed")
                .containsEntry("kind", "APPROVE")
                .containsEntry("userId", "bob")
                .containsEntry("timestamp", entry.at().toEpochMilli());
        assertThat(entry.time().getTime()).isEqualTo(entry.at().toEpochMilli());
    }

    @Test
    void shouldNameEveryKindOfEntryInEnglishAndJapanese() {
        for (LedgerEntry.Kind kind : LedgerEntry.Kind.values()) {
            assertThat(kind.displayName(Locale.JAPANESE))
                    .as(kind.name())
                    .isNotEqualTo(kind.displayName(Locale.ENGLISH));
        }
        assertThat(LedgerEntry.Kind.OVERRIDE.displayName(Locale.ENGLISH))
                .isEqualTo("Approved, overriding failed checks");
    }

    @Test
    void shouldCountEveryStatusByName() {
        assertThat(GateResult.noCounts())
                .containsExactly(
                        Map.entry("PASS", 0L), Map.entry("WARN", 0L), Map.entry("ERROR", 0L), Map.entry("FAIL", 0L));
        assertThat(ReportFixtures.result().countByStatusName().keySet())
                .containsExactly("PASS", "WARN", "ERROR", "FAIL");
    }
}
