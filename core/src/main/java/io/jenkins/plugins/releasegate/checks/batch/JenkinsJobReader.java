package io.jenkins.plugins.releasegate.checks.batch;

import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.JobBuild;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistory;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the latest builds of named Jenkins jobs from the histories the host read before the checks ran: each
 * build becomes an execution, its result the status ({@code SUCCESS} a success, {@code FAILURE} a failure,
 * {@code UNSTABLE}, {@code ABORTED} and {@code NOT_BUILT} inconclusive), a build without a result a running
 * execution, and the last build with result {@code SUCCESS} the job's last success.
 */
final class JenkinsJobReader implements BatchStatusReader {
    /** The summary when the host reads no Jenkins jobs, such as in the CLI. */
    static final String NO_JENKINS =
            "source: jenkins reads the builds of Jenkins jobs and works in the releaseGate step of a Jenkins"
                    + " pipeline only: run this gate there, or read the batch jobs from another source"
                    + " (springBatch, sql, http)";

    private final List<String> jobs;
    private final Duration window;

    /**
     * Creates a reader.
     *
     * @param jobs the jobs' full names
     * @param window how far back builds count
     */
    JenkinsJobReader(final List<String> jobs, final Duration window) {
        this.jobs = List.copyOf(jobs);
        this.window = window;
    }

    /**
     * Returns the sentence for a job that was not found, the same whether it does not exist or the build's
     * user may not read it, so that it never tells which.
     *
     * @param job the job's full name
     * @return the sentence
     */
    static String notFound(final String job) {
        return "job " + job + " was not found, or the user the build runs as may not read it: check the job's full"
                + " name (folders and job separated by '/', as in its URL without 'job/') and give that user"
                + " Item/Read on the job";
    }

    @Override
    public List<JobHistoryRequest> jobHistories() {
        return jobs.stream().map(job -> new JobHistoryRequest(job, window)).toList();
    }

    @Override
    public BatchObservation read(final CheckContext context, final Instant now) throws CheckException {
        Optional<JobHistories> histories = context.jobHistories();
        if (histories.isEmpty()) {
            throw new CheckException(NO_JENKINS);
        }
        List<ExecutionRecord> executions = new ArrayList<>();
        Map<String, Instant> lastSuccess = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String job : jobs) {
            Optional<JobHistory> history = histories.get().find(job);
            if (history.isEmpty()) {
                unreadable.put(job, notFound(job));
                continue;
            }
            history.get().builds().forEach(build -> executions.add(execution(job, build)));
            history.get()
                    .lastSuccessfulBuild()
                    .ifPresent(build -> lastSuccess.put(job, build.endedAt().orElse(build.startedAt())));
        }
        return new BatchObservation(executions, lastSuccess, unreadable);
    }

    private static ExecutionRecord execution(final String job, final JobBuild build) {
        String result = build.result();
        ExecutionState state;
        if (result == null) {
            state = ExecutionState.RUNNING;
        } else {
            state = switch (result) {
                case "SUCCESS" -> ExecutionState.SUCCEEDED;
                case "FAILURE" -> ExecutionState.FAILED;
                case "UNSTABLE", "ABORTED", "NOT_BUILT" -> ExecutionState.INCONCLUSIVE;
                default -> ExecutionState.UNRECOGNIZED;
            };
        }
        return ExecutionRecord.of(job, result == null ? "building" : result, state)
                .executionId("#" + build.number())
                .link(build.url())
                .startedAt(build.startedAt())
                .endedAt(build.endedAt().orElse(null))
                .build();
    }

    @Override
    public String describe() {
        return "the builds of Jenkins " + (jobs.size() == 1 ? "job " : "jobs ") + String.join(", ", jobs);
    }
}
