package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The limits the verdict rules apply, the same for every source: the failure window, how long an
 * execution may run and stay silent, and which jobs must have completed recently.
 */
final class BatchPolicy {
    /** How far back failures count when the definition sets no window. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** How long a running execution may go without an update when the definition sets no limit. */
    static final Duration DEFAULT_MAX_SILENCE = Duration.ofHours(1);
    /** How much later than its period a required job may complete when the definition sets no grace. */
    static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    /** How far in the future a time may lie before it is reported as a sign of a wrong time zone. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    @CheckForNull
    private final Duration window;

    @CheckForNull
    private final Duration defaultMaxRuntime;

    private final Map<String, Duration> maxRuntimeByJob;

    @CheckForNull
    private final Duration defaultMaxSilence;

    private final Map<String, Duration> maxSilenceByJob;
    private final Map<String, RequiredJob> requiredJobs;
    private final Set<String> watchedJobs;
    private final ZoneId zone;

    private BatchPolicy(final Builder builder) {
        this.window = builder.window;
        this.defaultMaxRuntime = builder.defaultMaxRuntime;
        this.maxRuntimeByJob = Collections.unmodifiableMap(new LinkedHashMap<>(builder.maxRuntimeByJob));
        this.defaultMaxSilence = builder.defaultMaxSilence;
        this.maxSilenceByJob = Collections.unmodifiableMap(new LinkedHashMap<>(builder.maxSilenceByJob));
        this.requiredJobs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.requiredJobs));
        this.watchedJobs = Collections.unmodifiableSet(new LinkedHashSet<>(builder.watchedJobs));
        this.zone = builder.zone;
    }

    /**
     * Starts a policy with the defaults: a 24-hour window, no runtime limit, one hour of silence, no
     * required jobs, times shown in UTC.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Returns how far back failures and NOOP completions count.
     *
     * @return the window, empty when the source only reports each job's current status
     */
    Optional<Duration> window() {
        return Optional.ofNullable(window);
    }

    /**
     * Returns how long an execution of the job may run.
     *
     * @param job the job name
     * @return the limit, empty if running time is not limited
     */
    Optional<Duration> maxRuntime(final String job) {
        return Optional.ofNullable(maxRuntimeByJob.getOrDefault(job, defaultMaxRuntime));
    }

    /**
     * Returns how long a running execution of the job may go without an update of itself or its steps.
     *
     * @param job the job name
     * @return the limit, empty if silence is not limited
     */
    Optional<Duration> maxSilence(final String job) {
        return Optional.ofNullable(maxSilenceByJob.getOrDefault(job, defaultMaxSilence));
    }

    /**
     * Returns the requirement on a job.
     *
     * @param job the job name
     * @return the requirement, empty if the job is not required
     */
    Optional<RequiredJob> requiredJob(final String job) {
        return Optional.ofNullable(requiredJobs.get(job));
    }

    Collection<RequiredJob> requiredJobs() {
        return requiredJobs.values();
    }

    /**
     * Returns the jobs the source names one by one and reads the latest builds of (Jenkins jobs). Of these, the
     * latest completed execution is judged whatever its age: when it failed, the job is failing now (FAIL); a
     * watched job without any completed execution is WARN, as nothing shows it works.
     *
     * @return the job names, empty for sources that read whatever jobs they find
     */
    Set<String> watchedJobs() {
        return watchedJobs;
    }

    /**
     * Returns the zone in which times are shown in details.
     *
     * @return the zone
     */
    ZoneId zone() {
        return zone;
    }

    /**
     * Builds a policy.
     */
    static final class Builder {
        @CheckForNull
        private Duration window = DEFAULT_WINDOW;

        @CheckForNull
        private Duration defaultMaxRuntime;

        private final Map<String, Duration> maxRuntimeByJob = new LinkedHashMap<>();

        @CheckForNull
        private Duration defaultMaxSilence = DEFAULT_MAX_SILENCE;

        private final Map<String, Duration> maxSilenceByJob = new LinkedHashMap<>();
        private final Map<String, RequiredJob> requiredJobs = new LinkedHashMap<>();
        private final Set<String> watchedJobs = new LinkedHashSet<>();
        private ZoneId zone = ZoneId.of("UTC");

        private Builder() {}

        Builder window(@CheckForNull final Duration value) {
            window = value;
            return this;
        }

        Builder maxRuntime(@CheckForNull final Duration value) {
            defaultMaxRuntime = value;
            return this;
        }

        Builder maxRuntime(final String job, final Duration value) {
            maxRuntimeByJob.put(job, value);
            return this;
        }

        Builder maxSilence(@CheckForNull final Duration value) {
            defaultMaxSilence = value;
            return this;
        }

        Builder maxSilence(final String job, final Duration value) {
            maxSilenceByJob.put(job, value);
            return this;
        }

        Builder requiredJob(final String job, final Duration period, final Duration grace) {
            requiredJobs.put(job, new RequiredJob(job, period, grace));
            return this;
        }

        Builder watchedJob(final String job) {
            watchedJobs.add(job);
            return this;
        }

        Builder zone(final ZoneId value) {
            zone = Objects.requireNonNull(value);
            return this;
        }

        BatchPolicy build() {
            return new BatchPolicy(this);
        }
    }
}
