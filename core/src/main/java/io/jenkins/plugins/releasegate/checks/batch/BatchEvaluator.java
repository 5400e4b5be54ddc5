package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Judges what a reader found, with the same rules for every source:
 * <ul>
 *     <li>an execution that failed in the window is WARN, and FAIL when its job is required and has not
 *     completed successfully since;</li>
 *     <li>a running execution is stuck (FAIL) when it has run longer than its job's {@code maxRuntime}
 *     or gone longer than {@code maxSilence} without an update of itself or its steps; otherwise it is
 *     running at deploy time (WARN);</li>
 *     <li>a required job whose last success is older than its period plus grace, or that never
 *     succeeded, is FAIL;</li>
 *     <li>a successful execution in the window with exit code {@code NOOP} is WARN;</li>
 *     <li>a status the check does not know is ERROR: it cannot be judged;</li>
 *     <li>a time more than a few minutes in the future is WARN: the time zone setting is probably wrong;</li>
 *     <li>a source that returned no row at all, with no required jobs, is WARN: a PASS must rest on something
 *     read, and rows hidden from the account (row-level security, grants) look exactly like no rows;</li>
 *     <li>an execution that finished neither successfully nor with a failure (Jenkins' {@code UNSTABLE},
 *     {@code ABORTED}, {@code NOT_BUILT}) in the window is WARN;</li>
 *     <li>of the jobs a source names one by one ({@link BatchPolicy#watchedJobs()}), the latest completed
 *     execution counts whatever its age: when it failed, the job is failing now (FAIL); such a job without any
 *     completed execution is WARN;</li>
 *     <li>a job the source names but could not read (missing, or hidden from the account) is ERROR.</li>
 * </ul>
 */
final class BatchEvaluator {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final int NAMES_IN_SUMMARY = 3;

    /** The summary when the source returned no row at all and no job is required. */
    static final String NOTHING_READ =
            "The source returned no rows at all, so nothing shows the batch jobs are healthy: check "
                    + "that the account can see the rows (row-level security, grants, schema and table names, the "
                    + "database in 'url') and that the batch application writes there; list the jobs that must "
                    + "run under 'requiredJobs'";

    private final BatchPolicy policy;

    /**
     * Creates an evaluator.
     *
     * @param policy the limits to apply
     */
    BatchEvaluator(final BatchPolicy policy) {
        this.policy = policy;
    }

    /**
     * Judges an observation.
     *
     * @param observation what the reader found
     * @param now the time of the check
     * @return the result, with a measurement per kind of finding and a detail line per offending execution
     */
    CheckResult evaluate(final BatchObservation observation, final Instant now) {
        List<Finding> findings = new ArrayList<>();
        List<String> onTime = new ArrayList<>();
        List<ExecutionRecord> executions = observation.executions().stream()
                .sorted(Comparator.comparing((ExecutionRecord execution) ->
                                execution.referenceTime().orElse(Instant.MAX))
                        .thenComparing(execution -> execution.job()))
                .toList();
        Optional<Instant> cutoff = policy.window().map(now::minus);
        Map<String, ExecutionRecord> latestCompleted = latestCompleted(executions);
        for (ExecutionRecord execution : executions) {
            boolean latest = latestCompleted.get(execution.job()) == execution;
            boolean inWindow = latest
                    || cutoff.isEmpty()
                    || execution
                            .referenceTime()
                            .map(time -> !time.isBefore(cutoff.get()))
                            .orElse(true);
            judge(execution, inWindow, latest, observation, now).ifPresent(findings::add);
            if (inWindow || execution.state() == ExecutionState.RUNNING) {
                inFuture(execution, now).ifPresent(findings::add);
            }
        }
        observation
                .unreadableJobs()
                .forEach((job, sentence) -> findings.add(new Finding(Kind.UNREADABLE, job, sentence)));
        for (String job : policy.watchedJobs()) {
            boolean seen = observation.unreadableJobs().containsKey(job)
                    || observation.lastSuccess(job).isPresent()
                    || executions.stream().anyMatch(execution -> execution.job().equals(job));
            if (!seen) {
                findings.add(new Finding(
                        Kind.NO_EXECUTION,
                        job,
                        "job " + job + " has no completed execution to judge, so nothing shows it works; if it must"
                                + " have run, list it under 'requiredJobs'"));
            }
        }
        for (RequiredJob required : policy.requiredJobs()) {
            if (!observation.unreadableJobs().containsKey(required.job())) {
                judge(required, observation, executions, now, onTime).ifPresent(findings::add);
            }
        }
        return result(findings, onTime, observation);
    }

    /** The latest completed execution of each watched job, by its end (else its start). */
    private Map<String, ExecutionRecord> latestCompleted(final List<ExecutionRecord> executions) {
        Map<String, ExecutionRecord> latest = new HashMap<>();
        for (ExecutionRecord execution : executions) {
            if (policy.watchedJobs().contains(execution.job())
                    && execution.state() != ExecutionState.RUNNING
                    && execution.state() != ExecutionState.IGNORED) {
                latest.merge(
                        execution.job(),
                        execution,
                        (first, second) -> completion(second).isAfter(completion(first)) ? second : first);
            }
        }
        return latest;
    }

    private static Instant completion(final ExecutionRecord execution) {
        return Stream.of(execution.endedAt(), execution.startedAt(), execution.createdAt())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(Instant.MIN);
    }

    private Optional<Finding> judge(
            final ExecutionRecord execution,
            final boolean inWindow,
            final boolean latest,
            final BatchObservation observation,
            final Instant now) {
        switch (execution.state()) {
            case FAILED:
                return inWindow ? Optional.of(failure(execution, latest, observation)) : Optional.empty();
            case INCONCLUSIVE:
                if (inWindow) {
                    return Optional.of(new Finding(
                            Kind.INCONCLUSIVE,
                            execution.job(),
                            describe(execution) + " — did not complete successfully"
                                    + successSince(execution, observation)
                                            .map(success ->
                                                    "; the job completed successfully since, at " + format(success))
                                            .orElse("")));
                }
                return Optional.empty();
            case RUNNING:
                return Optional.of(running(execution, now));
            case SUCCEEDED:
                if (inWindow
                        && "NOOP"
                                .equalsIgnoreCase(Objects.toString(execution.exitCode(), "")
                                        .trim())) {
                    return Optional.of(
                            new Finding(
                                    Kind.NOOP,
                                    execution.job(),
                                    describe(execution)
                                            + " — completed without doing any work (exit code NOOP): check that its input arrived"));
                }
                return Optional.empty();
            case UNRECOGNIZED:
                if (inWindow) {
                    return Optional.of(
                            new Finding(
                                    Kind.UNRECOGNIZED,
                                    execution.job(),
                                    describe(execution) + " — the status '" + execution.status()
                                            + "' means nothing to this check: list it under 'statuses' (or 'expected'/'running') so it can be judged"));
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private Finding failure(final ExecutionRecord execution, final boolean latest, final BatchObservation observation) {
        Optional<Instant> success = successSince(execution, observation);
        if (success.isPresent()) {
            return new Finding(
                    Kind.FAILED,
                    execution.job(),
                    describe(execution) + " — failed; the job completed successfully since, at "
                            + format(success.get()));
        }
        if (policy.requiredJob(execution.job()).isPresent()) {
            return new Finding(
                    Kind.FAILED_REQUIRED,
                    execution.job(),
                    describe(execution) + " — failed, and this required job has not completed successfully since");
        }
        if (latest) {
            return new Finding(
                    Kind.LATEST_FAILED,
                    execution.job(),
                    describe(execution) + " — failed, and it is the job's latest completed execution");
        }
        return new Finding(Kind.FAILED, execution.job(), describe(execution) + " — failed");
    }

    /** The job's latest success, if it came after this execution. */
    private static Optional<Instant> successSince(final ExecutionRecord execution, final BatchObservation observation) {
        Optional<Instant> success = observation.lastSuccess(execution.job());
        Optional<Instant> at = execution.referenceTime();
        return success.isPresent() && at.isPresent() && success.get().isAfter(at.get()) ? success : Optional.empty();
    }

    private Finding running(final ExecutionRecord execution, final Instant now) {
        Optional<Instant> started = Stream.of(execution.startedAt(), execution.createdAt())
                .filter(Objects::nonNull)
                .findFirst();
        Optional<Duration> runtime = started.map(time -> Duration.between(time, now));
        Optional<Duration> silence = execution.lastActivity().map(time -> Duration.between(time, now));
        List<String> reasons = new ArrayList<>();
        Optional<Duration> maxRuntime = policy.maxRuntime(execution.job());
        if (runtime.isPresent() && maxRuntime.isPresent() && runtime.get().compareTo(maxRuntime.get()) > 0) {
            reasons.add("running for " + format(runtime.get()) + ", longer than its maxRuntime of "
                    + format(maxRuntime.get()));
        }
        Optional<Duration> maxSilence = policy.maxSilence(execution.job());
        if (silence.isPresent() && maxSilence.isPresent() && silence.get().compareTo(maxSilence.get()) > 0) {
            reasons.add("no update of the execution or its steps for " + format(silence.get())
                    + ", longer than its maxSilence of " + format(maxSilence.get())
                    + " (a killed process leaves its execution " + execution.status() + ")");
        }
        if (!reasons.isEmpty()) {
            return new Finding(
                    Kind.STUCK,
                    execution.job(),
                    describe(execution) + " — stuck: " + String.join("; ", reasons)
                            + ". Find out whether the process still runs; if not, mark the execution ABANDONED or FAILED");
        }
        StringBuilder text = new StringBuilder(describe(execution)).append(" — running at deploy time");
        runtime.filter(duration -> !duration.isNegative())
                .ifPresent(duration -> text.append(", for ").append(format(duration)));
        silence.filter(duration -> !duration.isNegative())
                .ifPresent(duration ->
                        text.append(", last update ").append(format(duration)).append(" ago"));
        return new Finding(Kind.RUNNING, execution.job(), text.toString());
    }

    private Optional<Finding> inFuture(final ExecutionRecord execution, final Instant now) {
        Instant limit = now.plus(BatchPolicy.CLOCK_TOLERANCE);
        Optional<Instant> latest = Stream.of(
                        execution.createdAt(), execution.startedAt(), execution.endedAt(), execution.lastUpdatedAt())
                .filter(Objects::nonNull)
                .max(Instant::compareTo);
        if (latest.isPresent() && latest.get().isAfter(limit)) {
            return Optional.of(new Finding(
                    Kind.FUTURE,
                    execution.job(),
                    describe(execution) + " — dated "
                            + format(Duration.between(now, latest.get())) + " in the future: the 'timeZone' setting ("
                            + policy.zone().getId()
                            + ") probably differs from the batch application's, or a clock is wrong"));
        }
        return Optional.empty();
    }

    private Optional<Finding> judge(
            final RequiredJob required,
            final BatchObservation observation,
            final List<ExecutionRecord> executions,
            final Instant now,
            final List<String> onTime) {
        String runningNow = executions.stream()
                        .anyMatch(execution ->
                                execution.job().equals(required.job()) && execution.state() == ExecutionState.RUNNING)
                ? "; an execution is running now"
                : "";
        Optional<Instant> last = observation.lastSuccess(required.job());
        if (last.isEmpty()) {
            Set<String> known = new TreeSet<>(observation.lastSuccessByJob().keySet());
            executions.forEach(execution -> known.add(execution.job()));
            known.remove(required.job()); // it ran without success: no other name is meant
            String hint = Settings.suggestion(required.job(), known);
            return Optional.of(new Finding(
                    Kind.NEVER,
                    required.job(),
                    "required job " + required.job() + " has never completed successfully" + runningNow
                            + (hint.startsWith("; did you mean") ? hint : "")));
        }
        Duration age = Duration.between(last.get(), now);
        String allowed = "allowed " + format(required.period())
                + (required.grace().isZero() ? "" : " + grace " + format(required.grace()));
        if (age.compareTo(required.allowedAge()) > 0) {
            return Optional.of(new Finding(
                    Kind.OVERDUE,
                    required.job(),
                    "required job " + required.job() + " last completed successfully at " + format(last.get()) + ", "
                            + format(age) + " ago (" + allowed + ")" + runningNow));
        }
        onTime.add("OK required job " + required.job() + " last completed successfully at " + format(last.get()) + ", "
                + format(age.isNegative() ? Duration.ZERO : age) + " ago (" + allowed + ")" + runningNow);
        return Optional.empty();
    }

    private CheckResult result(
            final List<Finding> findings, final List<String> onTime, final BatchObservation observation) {
        Map<Kind, List<Finding>> byKind = new EnumMap<>(Kind.class);
        findings.forEach(finding -> byKind.computeIfAbsent(finding.kind(), kind -> new ArrayList<>())
                .add(finding));
        CheckResult.Builder builder = CheckResult.builder();
        int failedBlocking = count(byKind, Kind.FAILED_REQUIRED) + count(byKind, Kind.LATEST_FAILED);
        int failed = failedBlocking + count(byKind, Kind.FAILED);
        builder.measurement(measurement(
                "failedExecutions", failed, failedBlocking > 0 ? Status.FAIL : failed > 0 ? Status.WARN : Status.PASS));
        builder.measurement(measurement("stuckExecutions", count(byKind, Kind.STUCK), Kind.STUCK, byKind));
        builder.measurement(measurement("runningExecutions", count(byKind, Kind.RUNNING), Kind.RUNNING, byKind));
        int overdue = count(byKind, Kind.OVERDUE) + count(byKind, Kind.NEVER);
        builder.measurement(measurement("overdueRequiredJobs", overdue, overdue > 0 ? Status.FAIL : Status.PASS));
        builder.measurement(measurement("noopCompletions", count(byKind, Kind.NOOP), Kind.NOOP, byKind));
        if (byKind.containsKey(Kind.UNRECOGNIZED)) {
            builder.measurement(
                    measurement("unknownStatuses", count(byKind, Kind.UNRECOGNIZED), Kind.UNRECOGNIZED, byKind));
        }
        if (byKind.containsKey(Kind.INCONCLUSIVE)) {
            builder.measurement(
                    measurement("inconclusiveExecutions", count(byKind, Kind.INCONCLUSIVE), Kind.INCONCLUSIVE, byKind));
        }
        if (byKind.containsKey(Kind.NO_EXECUTION)) {
            builder.measurement(
                    measurement("jobsWithoutExecutions", count(byKind, Kind.NO_EXECUTION), Kind.NO_EXECUTION, byKind));
        }
        if (byKind.containsKey(Kind.UNREADABLE)) {
            builder.measurement(measurement("unreadableJobs", count(byKind, Kind.UNREADABLE), Kind.UNREADABLE, byKind));
        }
        if (byKind.containsKey(Kind.FUTURE)) {
            builder.measurement(measurement("futureTimestamps", count(byKind, Kind.FUTURE), Kind.FUTURE, byKind));
        }
        findings.stream()
                .sorted(Comparator.comparing((Finding finding) -> finding.kind().status)
                        .reversed())
                .forEach(finding -> builder.detail(finding.kind().status + " " + finding.text()));
        onTime.forEach(builder::detail);
        if (findings.isEmpty() && isNothingRead(observation)) {
            builder.raise(Status.WARN);
            builder.detail(Status.WARN + " " + NOTHING_READ);
            builder.summary(NOTHING_READ);
            return builder.build();
        }
        builder.summary(findings.isEmpty() ? cleanSummary(onTime.size()) : summary(byKind));
        return builder.build();
    }

    private boolean isNothingRead(final BatchObservation observation) {
        return policy.requiredJobs().isEmpty()
                && policy.watchedJobs().isEmpty()
                && observation.executions().isEmpty()
                && observation.lastSuccessByJob().isEmpty();
    }

    private String cleanSummary(final int requiredOnTime) {
        String window = policy.window()
                .map(duration -> " in the last " + format(duration))
                .orElse("");
        String summary = "No failed, stuck or running executions" + window;
        if (requiredOnTime > 0) {
            summary += "; " + requiredOnTime + (requiredOnTime == 1 ? " required job" : " required jobs")
                    + " completed on time";
        }
        return summary;
    }

    private static String summary(final Map<Kind, List<Finding>> byKind) {
        return byKind.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Kind, List<Finding>> entry) -> entry.getKey().status)
                        .reversed())
                .map(entry -> phrase(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String phrase(final Kind kind, final List<Finding> findings) {
        Set<String> jobs = new LinkedHashSet<>();
        findings.forEach(finding -> jobs.add(finding.job()));
        String names = jobs.stream().limit(NAMES_IN_SUMMARY).collect(Collectors.joining(", "))
                + (jobs.size() > NAMES_IN_SUMMARY ? ", …" : "");
        int count = findings.size();
        return count + " " + (count == 1 ? kind.singular : kind.plural) + " (" + names + ")";
    }

    private static int count(final Map<Kind, List<Finding>> byKind, final Kind kind) {
        return byKind.getOrDefault(kind, List.of()).size();
    }

    private static Measurement measurement(
            final String name, final int count, final Kind kind, final Map<Kind, List<Finding>> byKind) {
        return measurement(name, count, byKind.containsKey(kind) ? kind.status : Status.PASS);
    }

    private static Measurement measurement(final String name, final int count, final Status status) {
        return new Measurement(name, count, Unit.NUMBER, Direction.ABOVE, null, null, status);
    }

    private String describe(final ExecutionRecord execution) {
        StringBuilder text = new StringBuilder(execution.job());
        String executionId = execution.executionId();
        if (executionId != null) {
            text.append(" execution ").append(executionId);
        }
        String link = execution.link();
        if (link != null) {
            text.append(" (").append(link).append(')');
        }
        text.append(": status ").append(execution.status());
        String exitCode = execution.exitCode();
        if (exitCode != null && !exitCode.isBlank()) {
            text.append(", exit code ").append(exitCode.strip());
        }
        execution
                .firstMessageLine()
                .ifPresent(line -> text.append(", message \"").append(line).append('"'));
        appendTime(text, "created", execution.createdAt());
        appendTime(text, "started", execution.startedAt());
        appendTime(text, "ended", execution.endedAt());
        appendTime(text, "last update", execution.lastUpdatedAt());
        return text.toString();
    }

    private void appendTime(final StringBuilder text, final String label, @CheckForNull final Instant time) {
        if (time != null) {
            text.append(", ").append(label).append(' ').append(format(time));
        }
    }

    private String format(final Instant time) {
        return ZonedDateTime.ofInstant(time.truncatedTo(ChronoUnit.SECONDS), policy.zone())
                .format(TIME);
    }

    private static String format(final Duration duration) {
        return Quantity.format(duration.truncatedTo(ChronoUnit.SECONDS));
    }

    /** What a finding is about, with its status and how the summary names it. */
    private enum Kind {
        FAILED_REQUIRED(
                Status.FAIL,
                "failed execution of a required job without a success since",
                "failed executions of required jobs without a success since"),
        LATEST_FAILED(
                Status.FAIL,
                "job whose latest completed execution failed",
                "jobs whose latest completed execution failed"),
        STUCK(Status.FAIL, "stuck execution", "stuck executions"),
        NEVER(Status.FAIL, "required job never completed", "required jobs never completed"),
        OVERDUE(Status.FAIL, "required job overdue", "required jobs overdue"),
        UNRECOGNIZED(Status.ERROR, "execution with an unknown status", "executions with unknown statuses"),
        UNREADABLE(Status.ERROR, "job not found or not readable", "jobs not found or not readable"),
        FAILED(Status.WARN, "failed execution", "failed executions"),
        INCONCLUSIVE(Status.WARN, "inconclusive execution", "inconclusive executions"),
        RUNNING(Status.WARN, "execution running at deploy time", "executions running at deploy time"),
        NOOP(Status.WARN, "NOOP completion", "NOOP completions"),
        NO_EXECUTION(Status.WARN, "job without a completed execution", "jobs without a completed execution"),
        FUTURE(
                Status.WARN,
                "execution dated in the future (check 'timeZone')",
                "executions dated in the future (check 'timeZone')");

        private final Status status;
        private final String singular;
        private final String plural;

        Kind(final Status status, final String singular, final String plural) {
            this.status = status;
            this.singular = singular;
            this.plural = plural;
        }
    }

    /** One offending execution or job. */
    private record Finding(Kind kind, String job, String text) {}
}
