package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One job execution as a reader found it: the job, the status as the source wrote it and what it means,
 * and the times the source knows. Sources that only report a job's current status (HTTP) leave the times
 * empty.
 *
 * @param job the job name
 * @param executionId the execution's id in the source, {@code null} if it has none
 * @param status the status as the source wrote it
 * @param state what the status means
 * @param exitCode the exit code, {@code null} if unknown
 * @param message the exit message, {@code null} if none
 * @param createdAt when the execution was created, {@code null} if unknown
 * @param startedAt when it started, {@code null} if unknown or not yet
 * @param endedAt when it ended, {@code null} if unknown or not yet
 * @param lastUpdatedAt the latest update of the execution or any of its steps, {@code null} if unknown
 * @param link where the execution is shown, such as a Jenkins build's page, {@code null} if nowhere
 */
record ExecutionRecord(
        String job,
        @CheckForNull String executionId,
        String status,
        ExecutionState state,
        @CheckForNull String exitCode,
        @CheckForNull String message,
        @CheckForNull Instant createdAt,
        @CheckForNull Instant startedAt,
        @CheckForNull Instant endedAt,
        @CheckForNull Instant lastUpdatedAt,
        @CheckForNull String link) {
    /**
     * Creates a record.
     */
    ExecutionRecord {
        Objects.requireNonNull(job);
        Objects.requireNonNull(status);
        Objects.requireNonNull(state);
    }

    /**
     * Starts a record of a job.
     *
     * @param job the job name
     * @param status the status as the source wrote it
     * @param state what the status means
     * @return a builder
     */
    static Builder of(final String job, final String status, final ExecutionState state) {
        return new Builder(job, status, state);
    }

    /**
     * Returns the time that places the execution in the window: its creation, else its start, else its end.
     *
     * @return the time, empty if the source gives none (the record is then the job's current status)
     */
    Optional<Instant> referenceTime() {
        return Stream.of(createdAt, startedAt, endedAt).filter(Objects::nonNull).findFirst();
    }

    /**
     * Returns the latest sign of life: the latest update, start or creation.
     *
     * @return the time, empty if the source gives none
     */
    Optional<Instant> lastActivity() {
        return Stream.of(lastUpdatedAt, startedAt, createdAt)
                .filter(Objects::nonNull)
                .max(Instant::compareTo);
    }

    /**
     * Returns the first line of the exit message, cut to a readable length.
     *
     * @return the line, empty if there is no message
     */
    Optional<String> firstMessageLine() {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return Optional.of(line.length() <= 200 ? line : line.substring(0, 199) + "…");
    }

    /**
     * Builds a record; every time and text beyond job and status is optional.
     */
    static final class Builder {
        private final String job;
        private final String status;
        private final ExecutionState state;

        @CheckForNull
        private String executionId;

        @CheckForNull
        private String exitCode;

        @CheckForNull
        private String message;

        @CheckForNull
        private Instant createdAt;

        @CheckForNull
        private Instant startedAt;

        @CheckForNull
        private Instant endedAt;

        @CheckForNull
        private Instant lastUpdatedAt;

        @CheckForNull
        private String link;

        private Builder(final String job, final String status, final ExecutionState state) {
            this.job = job;
            this.status = status;
            this.state = state;
        }

        Builder executionId(@CheckForNull final String value) {
            executionId = value;
            return this;
        }

        Builder exitCode(@CheckForNull final String value) {
            exitCode = value;
            return this;
        }

        Builder message(@CheckForNull final String value) {
            message = value;
            return this;
        }

        Builder createdAt(@CheckForNull final Instant value) {
            createdAt = value;
            return this;
        }

        Builder startedAt(@CheckForNull final Instant value) {
            startedAt = value;
            return this;
        }

        Builder endedAt(@CheckForNull final Instant value) {
            endedAt = value;
            return this;
        }

        Builder lastUpdatedAt(@CheckForNull final Instant value) {
            lastUpdatedAt = value;
            return this;
        }

        Builder link(@CheckForNull final String value) {
            link = value;
            return this;
        }

        ExecutionRecord build() {
            return new ExecutionRecord(
                    job,
                    executionId,
                    status,
                    state,
                    exitCode,
                    message,
                    createdAt,
                    startedAt,
                    endedAt,
                    lastUpdatedAt,
                    link);
        }
    }
}
