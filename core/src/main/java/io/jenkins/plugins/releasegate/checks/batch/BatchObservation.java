package io.jenkins.plugins.releasegate.checks.batch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reader found: the executions that matter for the verdict (failures and completions in the
 * window, executions still running whatever their age, or each job's current status) and the latest
 * successful completion of each job it knows.
 *
 * @param executions the executions
 * @param lastSuccessByJob the latest successful completion per job name; a job without one is absent
 * @param unreadableJobs jobs the source names but could not be read, each with the sentence that says why
 *         and what to do
 */
record BatchObservation(
        List<ExecutionRecord> executions, Map<String, Instant> lastSuccessByJob, Map<String, String> unreadableJobs) {
    /**
     * Creates an observation, copying its inputs.
     */
    BatchObservation {
        executions = List.copyOf(executions);
        lastSuccessByJob = Collections.unmodifiableMap(new LinkedHashMap<>(lastSuccessByJob));
        unreadableJobs = Collections.unmodifiableMap(new LinkedHashMap<>(unreadableJobs));
    }

    /**
     * Creates an observation of a source that read every job it names.
     *
     * @param executions the executions
     * @param lastSuccessByJob the latest successful completion per job name
     */
    BatchObservation(final List<ExecutionRecord> executions, final Map<String, Instant> lastSuccessByJob) {
        this(executions, lastSuccessByJob, Map.of());
    }

    /**
     * Returns the latest successful completion of a job.
     *
     * @param job the job name
     * @return the time, empty if the job never completed successfully
     */
    Optional<Instant> lastSuccess(final String job) {
        return Optional.ofNullable(lastSuccessByJob.get(job));
    }
}
