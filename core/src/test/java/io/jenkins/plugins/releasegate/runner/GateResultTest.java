package io.jenkins.plugins.releasegate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateResultTest {
    private static final Instant MORNING = Instant.parse("2025-05-01T08:00:00Z");
    private static final Instant EVENING = Instant.parse("2025-05-01T20:00:00Z");
    private static final Threshold LOAD = new Threshold("load", Unit.PERCENT, Direction.ABOVE, 70.0, 90.0);

    private static CheckOutcome outcome(
            final String id, final boolean required, final CheckResult result, final Instant at, final long millis) {
        return new CheckOutcome(id, "plain", required, null, result, at, Duration.ofMillis(millis));
    }

    private static CheckResult measured(final double load) {
        return CheckResult.builder()
                .measurement(LOAD.measure(load))
                .summary("load " + load)
                .build();
    }

    private static GateResult result(final Instant at, final long millis, final CheckOutcome... outcomes) {
        return new GateResult(
                "orders release", at, at.plusMillis(millis), ErrorPolicy.FAIL, List.of(outcomes), List.of("a note"));
    }

    @Test
    void shouldKeepTheDigestForTheSameEvidence() {
        // Given the same evidence gathered at different times, taking different times
        GateResult morning = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.PASS, "up"), MORNING, 10));
        GateResult evening = result(
                EVENING,
                900,
                outcome("db", true, measured(50), EVENING, 700),
                outcome("api", true, CheckResult.of(Status.PASS, "up"), EVENING, 30));

        // When their digests are computed, Then they are equal, and a SHA-256 in hex
        assertThat(morning.digest()).isEqualTo(evening.digest()).matches("[0-9a-f]{64}");
        assertThat(morning.digest()).isEqualTo(morning.digest());
    }

    @Test
    void shouldChangeTheDigestWhenTheEvidenceChanges() {
        // Given a result, and results where one status, one measured status, or a summary changed
        GateResult original = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.PASS, "up"), MORNING, 10));
        GateResult statusChanged = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.WARN, "up"), MORNING, 10));
        GateResult measurementChanged = result(
                MORNING,
                100,
                outcome(
                        "db",
                        true,
                        CheckResult.builder()
                                .measurement(LOAD.measure(80))
                                .summary("load 50.0")
                                .build(),
                        MORNING,
                        40),
                outcome("api", true, CheckResult.of(Status.PASS, "up"), MORNING, 10));
        GateResult summaryChanged = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.PASS, "up again"), MORNING, 10));

        // When the digests are compared, Then each change shows
        assertThat(List.of(statusChanged.digest(), measurementChanged.digest(), summaryChanged.digest()))
                .doesNotContain(original.digest())
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldListTheChecksThatGotWorse() {
        // Given the evidence the approvers saw and a later run
        GateResult seen = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.WARN, "slow"), MORNING, 10),
                outcome("cache", true, CheckResult.of(Status.FAIL, "cold"), MORNING, 10));
        GateResult later = result(
                EVENING,
                100,
                outcome("db", true, measured(95), EVENING, 40),
                outcome("api", true, CheckResult.of(Status.PASS, "fast"), EVENING, 10),
                outcome("cache", true, CheckResult.of(Status.ERROR, "unreachable"), EVENING, 10),
                outcome("queue", true, CheckResult.of(Status.PASS, "empty"), EVENING, 10));

        // When they are compared
        List<String> worse = later.worsenedSince(seen);

        // Then worse statuses, a failure that can no longer be measured, and checks the approvers never saw are listed;
        // better ones are not
        assertThat(worse)
                .containsExactly(
                        "db: PASS → FAIL (load 95.0)",
                        "cache: FAIL → ERROR (unreachable)",
                        "queue: not in the evidence the approvers saw, now PASS");
        assertThat(seen.worsenedSince(seen)).isEmpty();
    }

    @Test
    void shouldTreatAnyOtherReasonToBlockAsWorse() {
        // Given evidence with a check that could not measure, one that failed, and an advisory failure
        GateResult seen = result(
                MORNING,
                100,
                outcome("db", true, CheckResult.of(Status.ERROR, "timed out"), MORNING, 40),
                outcome("api", true, CheckResult.of(Status.FAIL, "down"), MORNING, 10),
                outcome("cache", false, CheckResult.of(Status.FAIL, "cold"), MORNING, 10),
                outcome("queue", true, CheckResult.of(Status.ERROR, "no access"), MORNING, 10));
        // And a later run where the first now measures a failure, the second still fails, the advisory failure now
        // counts, and the last one warns
        GateResult later = result(
                EVENING,
                100,
                outcome("db", true, CheckResult.of(Status.FAIL, "92% used"), EVENING, 40),
                outcome("api", true, CheckResult.of(Status.FAIL, "still down"), EVENING, 10),
                outcome("cache", true, CheckResult.of(Status.FAIL, "cold"), EVENING, 10),
                outcome("queue", true, CheckResult.of(Status.WARN, "slow"), EVENING, 10));

        // When they are compared
        List<String> worse = later.worsenedSince(seen);

        // Then a blocking check that blocks for another reason, and a check that blocks now but did not before, are
        // worse
        assertThat(worse)
                .containsExactly(
                        "db: ERROR → FAIL (92% used)",
                        "cache: FAIL, did not block the release before, blocks it now (cold)");
    }

    @Test
    void shouldTreatAnErrorThatCountsAsWarningAsWorseThanAFailure() {
        // Given a gate where ERROR counts as WARN, whose approvers saw a failure
        GateResult seen = new GateResult(
                "orders",
                MORNING,
                MORNING,
                ErrorPolicy.WARN,
                List.of(outcome("db", true, CheckResult.of(Status.FAIL, "92% used"), MORNING, 40)),
                List.of());
        GateResult later = new GateResult(
                "orders",
                EVENING,
                EVENING,
                ErrorPolicy.WARN,
                List.of(outcome("db", true, CheckResult.of(Status.ERROR, "timed out"), EVENING, 40)),
                List.of());

        // When they are compared, Then a failure that can no longer be measured is worse, even though it no longer
        // blocks
        assertThat(later.worsenedSince(seen)).containsExactly("db: FAIL → ERROR (timed out)");
        assertThat(later.getVerdict()).isEqualTo(Status.WARN);
    }

    @Test
    void shouldReplaceOutcomesWithNewerOnes() {
        // Given a result and a later run of one of its checks
        GateResult original = result(
                MORNING,
                100,
                outcome("db", true, measured(50), MORNING, 40),
                outcome("files", true, CheckResult.of(Status.PASS, "plan found"), MORNING, 10));
        CheckOutcome newer = outcome("db", true, measured(95), EVENING, 40);

        // When the result is updated
        GateResult updated = original.updatedWith(
                List.of(newer, outcome("unknown", true, CheckResult.of(Status.FAIL, "x"), EVENING, 1)), EVENING);

        // Then that check's outcome is replaced, the others kept, checks not in the gate ignored, and the verdict
        // recomputed
        assertThat(updated.getChecks()).extracting(CheckOutcome::id).containsExactly("db", "files");
        assertThat(updated.getChecks().get(0)).isSameAs(newer);
        assertThat(updated.getChecks().get(1)).isSameAs(original.getChecks().get(1));
        assertThat(updated.getVerdict()).isEqualTo(Status.FAIL);
        assertThat(updated.getStartedAt()).isEqualTo(MORNING);
        assertThat(updated.getFinishedAt()).isEqualTo(EVENING);
        assertThat(updated.getNotes()).containsExactly("a note");
        assertThat(original.getVerdict()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldCountChecksByStatusAndNameTheBlockingOnes() {
        // Given outcomes of every status, required and advisory
        GateResult result = result(
                MORNING,
                100,
                outcome("a", true, CheckResult.of(Status.PASS, "ok"), MORNING, 1),
                outcome("b", true, CheckResult.of(Status.FAIL, "bad"), MORNING, 1),
                outcome("c", true, CheckResult.of(Status.ERROR, "unknown"), MORNING, 1),
                outcome("d", false, CheckResult.of(Status.FAIL, "advice"), MORNING, 1),
                outcome("e", true, CheckResult.of(Status.WARN, "meh"), MORNING, 1));
        GateResult lenient = new GateResult("g", MORNING, MORNING, ErrorPolicy.WARN, result.getChecks(), List.of());

        // When they are counted and the blocking ones asked for
        // Then every status is counted, advisory checks included, and only required ones block
        assertThat(result.countByStatus())
                .containsExactly(
                        java.util.Map.entry(Status.PASS, 1L),
                        java.util.Map.entry(Status.WARN, 1L),
                        java.util.Map.entry(Status.ERROR, 1L),
                        java.util.Map.entry(Status.FAIL, 2L));
        assertThat(result.blockingChecks()).extracting(CheckOutcome::id).containsExactly("b", "c");
        assertThat(lenient.blockingChecks()).extracting(CheckOutcome::id).containsExactly("b");
        assertThat(lenient.getVerdict()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldSurviveJavaSerialization() throws IOException, ClassNotFoundException {
        // Given a result
        GateResult original = result(MORNING, 100, outcome("db", true, measured(75), MORNING, 40));

        // When it is serialized and read back
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(original);
        }
        GateResult copy;
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (GateResult) input.readObject();
        }

        // Then it holds the same evidence
        assertThat(copy.digest()).isEqualTo(original.digest());
        assertThat(copy.getVerdict()).isEqualTo(Status.WARN);
        assertThat(copy.getChecks().get(0).result().getMeasurements())
                .isEqualTo(original.getChecks().get(0).result().getMeasurements());
    }
}
