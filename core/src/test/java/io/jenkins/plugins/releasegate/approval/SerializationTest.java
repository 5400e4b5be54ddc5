package io.jenkins.plugins.releasegate.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A host keeps a waiting gate's evidence and ledger across restarts with Java serialization (the
 * Jenkins plugin does); everything must come back as it was, decisions and all.
 */
class SerializationTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void shouldKeepEvidenceAndLedgerWithTheirDecisionsThroughJavaSerialization() throws Exception {
        // Given evidence with measurements and a ledger with one of two approvals
        GateResult evidence = new GateResult(
                "orders",
                NOW,
                NOW,
                ErrorPolicy.FAIL,
                List.of(new CheckOutcome(
                        "orders-db",
                        "dbLoad",
                        true,
                        null,
                        CheckResult.builder()
                                .measurement(new Measurement(
                                        "connectionsUsed", 75, Unit.PERCENT, Direction.ABOVE, 70.0, 85.0, Status.WARN))
                                .summary("75% of connections used")
                                .build(),
                        NOW,
                        Duration.ofSeconds(1))),
                List.of());
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.builder().minApprovals(2).build(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("bob"),
                Set.of("dave"),
                evidence.getVerdict(),
                evidence.digest(),
                NOW);
        ledger.approve(new Person("alice", "Alice", Set.of("ops"), true, false), "fine", null, "web", NOW);

        // When both are written and read back
        Object[] read = roundTrip(evidence, ledger);

        // Then the evidence has the same digest and the ledger keeps its decision and its rules
        GateResult evidenceRead = (GateResult) read[0];
        ApprovalLedger ledgerRead = (ApprovalLedger) read[1];
        assertThat(evidenceRead.digest()).isEqualTo(evidence.digest());
        assertThat(evidenceRead.getChecks().get(0).result().getMeasurements())
                .isEqualTo(evidence.getChecks().get(0).result().getMeasurements());
        assertThat(ledgerRead.getEntries()).isEqualTo(ledger.getEntries());
        assertThat(ledgerRead.getRemainingApprovals()).isEqualTo(1);
        assertThat(ledgerRead.whyMayNotApprove(new Person("bob", "Bob", Set.of(), true, false), NOW))
                .get()
                .asString()
                .contains("started this build");
        assertThat(ledgerRead.approve(new Person("carol", "Carol", Set.of("ops"), true, false), "ok", null, "api", NOW))
                .isEqualTo(GateState.APPROVED);
    }

    private static Object[] roundTrip(final Object... values) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            for (Object value : values) {
                output.writeObject(value);
            }
        }
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object[] read = new Object[values.length];
            for (int index = 0; index < values.length; index++) {
                read[index] = input.readObject();
            }
            return read;
        }
    }
}
