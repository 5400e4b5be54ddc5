package io.jenkins.plugins.releasegate.spi;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A check's request for the build history of one Jenkins job, which the host reads before the checks run.
 *
 * @param fullName the job's full name, such as {@code nightly/orderExport}
 * @param window how far back builds are needed; the running builds and the last completed and last
 *         successful builds are read whatever their age
 */
public record JobHistoryRequest(String fullName, Duration window) implements Serializable {
    /** The most builds a host reads of one job, running and completed together. */
    public static final int MAX_BUILDS = 100;

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a request.
     */
    public JobHistoryRequest {
        Objects.requireNonNull(fullName);
        Objects.requireNonNull(window);
        if (window.isNegative()) {
            throw new IllegalArgumentException("the window of job " + fullName + " is negative");
        }
    }

    /**
     * Combines requests of several checks into one per job, with the longest window asked for.
     *
     * @param requests the requests
     * @return one request per job, in the order the jobs were first asked for
     */
    public static List<JobHistoryRequest> combine(final Collection<JobHistoryRequest> requests) {
        Map<String, JobHistoryRequest> byJob = new LinkedHashMap<>();
        for (JobHistoryRequest request : requests) {
            byJob.merge(
                    request.fullName(),
                    request,
                    (first, second) -> first.window().compareTo(second.window()) >= 0 ? first : second);
        }
        return List.copyOf(byJob.values());
    }
}
