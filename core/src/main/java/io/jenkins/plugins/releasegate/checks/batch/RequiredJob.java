package io.jenkins.plugins.releasegate.checks.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * A job that must have completed successfully within its period plus grace before a release.
 *
 * @param job the job name
 * @param period how often it runs, such as 24 hours for a nightly job
 * @param grace how much later than one period the last success may be, for late or slow runs
 */
record RequiredJob(String job, Duration period, Duration grace) {
    /**
     * Creates a required job.
     */
    RequiredJob {
        Objects.requireNonNull(job);
        Objects.requireNonNull(period);
        Objects.requireNonNull(grace);
    }

    /**
     * Returns the greatest age of the last success that is still on time.
     *
     * @return period plus grace
     */
    Duration allowedAge() {
        return period.plus(grace);
    }
}
