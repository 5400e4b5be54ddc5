package io.jenkins.plugins.releasegate.checks.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which status values of a source mean success, failure, running or ignore, compared without case and
 * surrounding blanks.
 */
final class StatusValues {
    /** Spring Batch's successful status. */
    static final List<String> SPRING_BATCH_SUCCESS = List.of("COMPLETED");
    /** Spring Batch's statuses of executions that ended without success. */
    static final List<String> SPRING_BATCH_FAILURE = List.of("FAILED", "ABANDONED", "UNKNOWN", "STOPPED");
    /** Spring Batch's statuses of executions that have not ended. */
    static final List<String> SPRING_BATCH_RUNNING = List.of("STARTING", "STARTED", "STOPPING");

    private final Map<String, ExecutionState> byValue;
    private final ExecutionState otherwise;

    private StatusValues(final Map<String, ExecutionState> byValue, final ExecutionState otherwise) {
        this.byValue = Collections.unmodifiableMap(new LinkedHashMap<>(byValue));
        this.otherwise = otherwise;
    }

    /**
     * Returns the meaning of Spring Batch's statuses.
     *
     * @return the values
     */
    static StatusValues springBatch() {
        return of(
                SPRING_BATCH_SUCCESS,
                SPRING_BATCH_FAILURE,
                SPRING_BATCH_RUNNING,
                List.of(),
                ExecutionState.UNRECOGNIZED);
    }

    /**
     * Creates a mapping.
     *
     * @param success the values that mean success
     * @param failure the values that mean failure
     * @param running the values that mean running
     * @param ignored the values to ignore
     * @param otherwise what any other value means
     * @return the mapping
     */
    static StatusValues of(
            final List<String> success,
            final List<String> failure,
            final List<String> running,
            final List<String> ignored,
            final ExecutionState otherwise) {
        Map<String, ExecutionState> map = new LinkedHashMap<>();
        success.forEach(value -> map.put(normalize(value), ExecutionState.SUCCEEDED));
        failure.forEach(value -> map.put(normalize(value), ExecutionState.FAILED));
        running.forEach(value -> map.put(normalize(value), ExecutionState.RUNNING));
        ignored.forEach(value -> map.put(normalize(value), ExecutionState.IGNORED));
        return new StatusValues(map, otherwise);
    }

    /**
     * Returns what a status value means.
     *
     * @param status the value as the source wrote it
     * @return its meaning
     */
    ExecutionState classify(final String status) {
        return byValue.getOrDefault(normalize(status), otherwise);
    }

    /**
     * Returns the values that mean a state, as normalized.
     *
     * @param state the state
     * @return the values
     */
    List<String> valuesOf(final ExecutionState state) {
        return byValue.entrySet().stream()
                .filter(entry -> entry.getValue() == state)
                .map(Map.Entry::getKey)
                .toList();
    }

    static String normalize(final String value) {
        return value.strip().toUpperCase(Locale.ROOT);
    }
}
