package io.jenkins.plugins.releasegate.report;

import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Gate results and ledgers for report tests.
 */
final class ReportFixtures {
    static final Instant STARTED = Instant.parse("2025-05-01T10:00:00.123456789Z");
    static final Instant FINISHED = STARTED.plusMillis(2345);

    private ReportFixtures() {}

    /** A result with a check of every status: PASS with thresholds, WARN, FAIL with details, advisory ERROR. */
    static GateResult result() {
        return result("orders release", "a note about the merge");
    }

    static GateResult result(final String text, final String note) {
        Threshold load = new Threshold("connectionsUsed", Unit.PERCENT, Direction.ABOVE, 70.0, 85.0);
        Threshold free = new Threshold("freeSpace", Unit.BYTES, Direction.BELOW, null, 1024.0 * 1024 * 1024);
        CheckResult passed = CheckResult.builder()
                .measurement(load.measure(42.5))
                .measurement(free.measure(8e9))
                .measurement(Measurement.informational("transactionsPerSecond", 1234.5, Unit.NUMBER))
                .build();
        CheckResult warned = CheckResult.builder()
                .measurement(new Threshold("latency", Unit.SECONDS, Direction.ABOVE, 0.5, 2.0).measure(0.8))
                .summary("Slow: " + text)
                .build();
        CheckResult failed = CheckResult.builder()
                .measurement(load.measure(91))
                .summary(text + " is overloaded")
                .detail("session 4711 of " + text + " idle in transaction for 2h")
                .detail("session 4712 waits for a lock")
                .build();
        CheckResult error = CheckResult.error("could not reach " + text);
        return new GateResult(
                text,
                STARTED,
                FINISHED,
                ErrorPolicy.FAIL,
                List.of(
                        new CheckOutcome(
                                "orders-db",
                                "dbLoad",
                                true,
                                "Database load of " + text,
                                passed,
                                STARTED,
                                Duration.ofMillis(1500)),
                        new CheckOutcome(
                                "orders-health", "httpHealth", true, null, warned, STARTED, Duration.ofMillis(800)),
                        new CheckOutcome(
                                "orders-batch", "batchHealth", true, null, failed, STARTED, Duration.ofMillis(300)),
                        new CheckOutcome("orders-cache", "plain", false, null, error, STARTED, Duration.ZERO)),
                List.of(note));
    }

    /** A result whose only check passes. */
    static GateResult passing() {
        return new GateResult(
                "orders release",
                STARTED,
                FINISHED,
                ErrorPolicy.FAIL,
                List.of(new CheckOutcome(
                        "orders-db",
                        "dbLoad",
                        true,
                        null,
                        CheckResult.builder()
                                .measurement(Measurement.informational("rows", 3, Unit.NUMBER))
                                .build(),
                        STARTED,
                        Duration.ofMillis(10))),
                List.of());
    }

    static Person person(final String id, final String name, final boolean mayOverride) {
        return new Person(id, name, Set.of("ops", "release-managers"), true, mayOverride);
    }

    /** A ledger with an approval, a voiding, a second approval and an override of the new, failing evidence. */
    static ApprovalLedger eventfulLedger(final GateResult result, final String comment)
            throws DecisionRefusedException {
        ApprovalPolicy policy = ApprovalPolicy.builder()
                .approvers(List.of("ops"))
                .minApprovals(2)
                .onFail(ApprovalPolicy.OnFail.OVERRIDE)
                .build();
        ApprovalLedger ledger = new ApprovalLedger(
                policy,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("alice"),
                Set.of(),
                Status.WARN,
                passing().digest(),
                STARTED);
        ledger.approve(person("bob", "Bob Ops", false), comment, null, "web", FINISHED.plusSeconds(60));
        ledger.approve(person("carol", "Carol Ops", false), "agreed", null, "api", FINISHED.plusSeconds(120));
        ledger.voidApprovals(
                List.of("orders-batch: WARN → FAIL"), result.getVerdict(), result.digest(), FINISHED.plusSeconds(180));
        ledger.approve(
                person("dave", "Dave Lead", true),
                "known batch issue: " + comment,
                result.digest(),
                "cli",
                FINISHED.plusSeconds(240));
        return ledger;
    }
}
