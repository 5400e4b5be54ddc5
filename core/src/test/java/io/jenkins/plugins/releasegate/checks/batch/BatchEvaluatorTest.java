package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchEvaluatorTest {
    private static final Instant NOW = Instant.parse("2025-03-10T08:00:00Z");

    private static BatchPolicy.Builder policy() {
        return BatchPolicy.builder().zone(ZoneId.of("UTC"));
    }

    private static ExecutionRecord.Builder execution(
            final String job, final String status, final ExecutionState state, final Duration createdAgo) {
        return ExecutionRecord.of(job, status, state)
                .createdAt(NOW.minus(createdAgo))
                .startedAt(NOW.minus(createdAgo));
    }

    private static double value(final CheckResult result, final String metric) {
        return measurement(result, metric).value();
    }

    private static Measurement measurement(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldPassWhenNothingFailedAndRequiredJobsCompletedOnTime() {
        // Given
        BatchPolicy policy = policy().requiredJob("orderExport", Duration.ofHours(24), Duration.ofHours(1))
                .build();
        BatchObservation observation =
                new BatchObservation(List.of(), Map.of("orderExport", NOW.minus(Duration.ofHours(6))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("No failed, stuck or running executions in the last 24h; 1 required job completed on time");
        assertThat(result.getMeasurements())
                .extracting(Measurement::name)
                .containsExactly(
                        "failedExecutions",
                        "stuckExecutions",
                        "runningExecutions",
                        "overdueRequiredJobs",
                        "noopCompletions");
        assertThat(result.getDetails())
                .containsExactly(
                        "OK required job orderExport last completed successfully at 2025-03-10T02:00:00Z, 6h ago (allowed 24h + grace 1h)");
    }

    @Test
    void shouldWarnAboutFailureOfJobThatIsNotRequired() {
        // Given
        ExecutionRecord failed = execution("cleanup", "FAILED", ExecutionState.FAILED, Duration.ofHours(3))
                .executionId("41")
                .exitCode("FAILED")
                .message("java.lang.IllegalStateException: disk full\n\tat Cleanup.run(Cleanup.java:12)")
                .endedAt(NOW.minus(Duration.ofMinutes(170)))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(failed), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getSummary()).isEqualTo("1 failed execution (cleanup)");
        assertThat(value(result, "failedExecutions")).isEqualTo(1);
        assertThat(result.getDetails())
                .containsExactly("WARN cleanup execution 41: status FAILED, exit code FAILED,"
                        + " message \"java.lang.IllegalStateException: disk full\", created 2025-03-10T05:00:00Z, started 2025-03-10T05:00:00Z,"
                        + " ended 2025-03-10T05:10:00Z — failed");
    }

    @Test
    void shouldFailWhenRequiredJobFailedAndHasNotSucceededSince() {
        // Given
        BatchPolicy policy = policy().requiredJob("orderExport", Duration.ofHours(24), Duration.ofHours(1))
                .build();
        ExecutionRecord failed = execution("orderExport", "FAILED", ExecutionState.FAILED, Duration.ofHours(2))
                .executionId("7")
                .build();
        BatchObservation observation =
                new BatchObservation(List.of(failed), Map.of("orderExport", NOW.minus(Duration.ofHours(20))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(measurement(result, "failedExecutions").status()).isEqualTo(Status.FAIL);
        assertThat(measurement(result, "overdueRequiredJobs").status()).isEqualTo(Status.PASS);
        assertThat(result.getSummary())
                .isEqualTo("1 failed execution of a required job without a success since (orderExport)");
        assertThat(result.getDetails().get(0))
                .startsWith("FAIL orderExport execution 7: status FAILED")
                .endsWith("— failed, and this required job has not completed successfully since");
    }

    @Test
    void shouldWarnWhenRequiredJobFailedAndSucceededSince() {
        // Given
        BatchPolicy policy = policy().requiredJob("orderExport", Duration.ofHours(24), Duration.ofHours(1))
                .build();
        ExecutionRecord failed = execution("orderExport", "FAILED", ExecutionState.FAILED, Duration.ofHours(5))
                .executionId("7")
                .build();
        BatchObservation observation =
                new BatchObservation(List.of(failed), Map.of("orderExport", NOW.minus(Duration.ofHours(4))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getDetails().get(0))
                .startsWith("WARN orderExport execution 7")
                .endsWith("— failed; the job completed successfully since, at 2025-03-10T04:00:00Z");
    }

    @Test
    void shouldIgnoreFailuresAndNoopCompletionsBeforeTheWindow() {
        // Given
        ExecutionRecord oldFailure = execution("cleanup", "FAILED", ExecutionState.FAILED, Duration.ofHours(25))
                .build();
        ExecutionRecord oldNoop = execution("cleanup", "COMPLETED", ExecutionState.SUCCEEDED, Duration.ofHours(30))
                .exitCode("NOOP")
                .build();
        ExecutionRecord recentFailure = execution("import", "ABANDONED", ExecutionState.FAILED, Duration.ofHours(23))
                .build();

        // When
        CheckResult result = new BatchEvaluator(policy().build())
                .evaluate(new BatchObservation(List.of(oldFailure, oldNoop, recentFailure), Map.of()), NOW);

        // Then
        assertThat(value(result, "failedExecutions")).isEqualTo(1);
        assertThat(value(result, "noopCompletions")).isZero();
        assertThat(result.getSummary()).isEqualTo("1 failed execution (import)");
    }

    @Test
    void shouldFailExecutionSilentLongerThanMaxSilence() {
        // Given a STARTED execution left behind by a killed process: started 3h ago, its last step update 2h ago
        ExecutionRecord killed = execution("nightlyImport", "STARTED", ExecutionState.RUNNING, Duration.ofHours(3))
                .executionId("12")
                .exitCode("UNKNOWN")
                .lastUpdatedAt(NOW.minus(Duration.ofHours(2)))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(killed), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(value(result, "stuckExecutions")).isEqualTo(1);
        assertThat(value(result, "runningExecutions")).isZero();
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .startsWith(
                        "FAIL nightlyImport execution 12: status STARTED, exit code UNKNOWN, created 2025-03-10T05:00:00Z")
                .contains("last update 2025-03-10T06:00:00Z")
                .contains("stuck: no update of the execution or its steps for 2h, longer than its maxSilence of 1h"
                        + " (a killed process leaves its execution STARTED)");
    }

    @Test
    void shouldFailExecutionRunningLongerThanItsJobsMaxRuntime() {
        // Given a default limit of 4h and 1h for the quick job, both running for 90 minutes with fresh updates
        BatchPolicy policy = policy().maxRuntime(Duration.ofHours(4))
                .maxRuntime("quickJob", Duration.ofHours(1))
                .build();
        ExecutionRecord quick = execution("quickJob", "STARTED", ExecutionState.RUNNING, Duration.ofMinutes(90))
                .lastUpdatedAt(NOW.minus(Duration.ofMinutes(1)))
                .build();
        ExecutionRecord slow = execution("slowJob", "STARTED", ExecutionState.RUNNING, Duration.ofMinutes(90))
                .lastUpdatedAt(NOW.minus(Duration.ofMinutes(1)))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy).evaluate(new BatchObservation(List.of(quick, slow), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 stuck execution (quickJob); 1 execution running at deploy time (slowJob)");
        assertThat(result.getDetails()).hasSize(2);
        assertThat(result.getDetails().get(0))
                .startsWith("FAIL quickJob")
                .contains("running for 1h 30m, longer than its maxRuntime of 1h");
        assertThat(result.getDetails().get(1))
                .startsWith("WARN slowJob")
                .endsWith("— running at deploy time, for 1h 30m, last update 1m ago");
    }

    @Test
    void shouldWarnAboutExecutionRunningAtDeployTime() {
        // Given
        ExecutionRecord running = execution("orderExport", "STARTED", ExecutionState.RUNNING, Duration.ofMinutes(10))
                .lastUpdatedAt(NOW.minus(Duration.ofMinutes(2)))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(running), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(measurement(result, "runningExecutions").status()).isEqualTo(Status.WARN);
        assertThat(result.getSummary()).isEqualTo("1 execution running at deploy time (orderExport)");
    }

    @Test
    void shouldJudgeRunningExecutionsWhateverTheirAge() {
        // Given an execution created a week ago, outside the window, still STARTED
        ExecutionRecord forgotten = execution("archive", "STARTED", ExecutionState.RUNNING, Duration.ofDays(7))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(forgotten), Map.of()), NOW);

        // Then
        assertThat(value(result, "stuckExecutions")).isEqualTo(1);
    }

    @Test
    void shouldFailRequiredJobThatNeverCompletedAndSuggestAKnownName() {
        // Given
        BatchPolicy policy = policy().requiredJob("orderExprt", Duration.ofHours(24), Duration.ofHours(1))
                .build();
        BatchObservation observation =
                new BatchObservation(List.of(), Map.of("orderExport", NOW.minus(Duration.ofHours(1))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(value(result, "overdueRequiredJobs")).isEqualTo(1);
        assertThat(result.getSummary()).isEqualTo("1 required job never completed (orderExprt)");
        assertThat(result.getDetails())
                .containsExactly(
                        "FAIL required job orderExprt has never completed successfully; did you mean 'orderExport'?");
    }

    @Test
    void shouldFailRequiredJobWhoseLastSuccessIsOlderThanPeriodAndGrace() {
        // Given one job exactly at its limit and one a minute past it
        BatchPolicy policy = policy().requiredJob("atLimit", Duration.ofHours(24), Duration.ofHours(1))
                .requiredJob("late", Duration.ofHours(24), Duration.ofHours(1))
                .build();
        BatchObservation observation = new BatchObservation(
                List.of(),
                Map.of(
                        "atLimit", NOW.minus(Duration.ofHours(25)),
                        "late", NOW.minus(Duration.ofHours(25).plusMinutes(1))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).isEqualTo("1 required job overdue (late)");
        assertThat(result.getDetails())
                .containsExactly(
                        "FAIL required job late last completed successfully at 2025-03-09T06:59:00Z, 25h 1m ago (allowed 24h + grace 1h)",
                        "OK required job atLimit last completed successfully at 2025-03-09T07:00:00Z, 25h ago (allowed 24h + grace 1h)");
    }

    @Test
    void shouldWarnAboutNoopCompletion() {
        // Given
        ExecutionRecord noop = execution("orderExport", "COMPLETED", ExecutionState.SUCCEEDED, Duration.ofHours(1))
                .executionId("9")
                .exitCode("NOOP")
                .endedAt(NOW.minus(Duration.ofMinutes(59)))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(noop), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(value(result, "noopCompletions")).isEqualTo(1);
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .startsWith("WARN orderExport execution 9: status COMPLETED, exit code NOOP")
                .endsWith("— completed without doing any work (exit code NOOP): check that its input arrived");
    }

    @Test
    void shouldReportUnknownStatusAsErrorAndNeverAsSuccess() {
        // Given
        ExecutionRecord strange = execution("orderExport", "PAUSED", ExecutionState.UNRECOGNIZED, Duration.ofHours(1))
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(strange), Map.of()), NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(measurement(result, "unknownStatuses").status()).isEqualTo(Status.ERROR);
        assertThat(result.getDetails())
                .singleElement()
                .asString()
                .contains("the status 'PAUSED' means nothing to this check");
    }

    @Test
    void shouldWarnAboutTimesInTheFutureAsSignOfAWrongTimeZone() {
        // Given a completion read with the wrong zone, nine hours ahead
        ExecutionRecord ahead = execution("orderExport", "COMPLETED", ExecutionState.SUCCEEDED, Duration.ofHours(-9))
                .exitCode("NOOP")
                .build();

        // When
        CheckResult result =
                new BatchEvaluator(policy().build()).evaluate(new BatchObservation(List.of(ahead), Map.of()), NOW);

        // Then
        assertThat(value(result, "futureTimestamps")).isEqualTo(1);
        assertThat(result.getDetails())
                .anySatisfy(
                        line -> assertThat(line)
                                .startsWith("WARN orderExport")
                                .contains(
                                        "dated 9h in the future: the 'timeZone' setting (UTC) probably differs from the batch application's"));
    }

    @Test
    void shouldJudgeCurrentStatusesWithoutTimesLikeExecutions() {
        // Given current statuses as an HTTP endpoint reports them: no times, required jobs through maxAge
        BatchPolicy policy = policy().window(null)
                .maxSilence(null)
                .requiredJob("orderExport", Duration.ofHours(25), Duration.ZERO)
                .requiredJob("invoiceRun", Duration.ofHours(25), Duration.ZERO)
                .build();
        BatchObservation observation = new BatchObservation(
                List.of(
                        ExecutionRecord.of("orderExport", "ERROR", ExecutionState.FAILED)
                                .build(),
                        ExecutionRecord.of("invoiceRun", "RUNNING", ExecutionState.RUNNING)
                                .build(),
                        ExecutionRecord.of("cleanup", "ERROR", ExecutionState.FAILED)
                                .build()),
                Map.of("orderExport", NOW.minus(Duration.ofHours(2)), "invoiceRun", NOW.minus(Duration.ofHours(3))));

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(observation, NOW);

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 failed execution of a required job without a success since (orderExport);"
                        + " 1 failed execution (cleanup); 1 execution running at deploy time (invoiceRun)");
        assertThat(result.getDetails())
                .contains(
                        "FAIL orderExport: status ERROR — failed, and this required job has not completed successfully since",
                        "WARN invoiceRun: status RUNNING — running at deploy time",
                        "OK required job invoiceRun last completed successfully at 2025-03-10T05:00:00Z, 3h ago (allowed 25h); an execution is running now");
    }

    @Test
    void shouldShowTimesInTheBatchApplicationsZone() {
        // Given
        BatchPolicy policy = policy().zone(ZoneId.of("Asia/Tokyo")).build();
        ExecutionRecord failed = execution("cleanup", "FAILED", ExecutionState.FAILED, Duration.ofHours(1))
                .build();

        // When
        CheckResult result = new BatchEvaluator(policy).evaluate(new BatchObservation(List.of(failed), Map.of()), NOW);

        // Then
        assertThat(result.getDetails()).singleElement().asString().contains("created 2025-03-10T16:00:00+09:00");
    }
}
