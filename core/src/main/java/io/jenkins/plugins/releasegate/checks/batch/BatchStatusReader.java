package io.jenkins.plugins.releasegate.checks.batch;

import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.time.Instant;
import java.util.List;

/**
 * Reads job executions from one kind of source into the common model that {@link BatchEvaluator} judges.
 */
interface BatchStatusReader {
    /**
     * Reads the executions that matter at the given time.
     *
     * @param context the check's context: credentials, timeout, log
     * @param now the time of the check, from the context's clock
     * @return what was found
     * @throws CheckException FAIL if the source is unreachable, ERROR if it cannot be read as configured
     * @throws InterruptedException if interrupted
     */
    BatchObservation read(CheckContext context, Instant now) throws CheckException, InterruptedException;

    /**
     * Describes the source for logs, without secrets.
     *
     * @return the description
     */
    String describe();

    /**
     * Returns the Jenkins jobs whose build histories the host must read before the check runs.
     *
     * @return the requests, empty for sources outside Jenkins
     */
    default List<JobHistoryRequest> jobHistories() {
        return List.of();
    }
}
