package io.jenkins.plugins.releasegate.checks.batch;

/**
 * What a job execution's status means for the verdict, whatever the source calls it.
 */
enum ExecutionState {
    /** Finished successfully, such as Spring Batch's {@code COMPLETED}. */
    SUCCEEDED,
    /** Finished without success, such as {@code FAILED}, {@code ABANDONED}, {@code UNKNOWN} or {@code STOPPED}. */
    FAILED,
    /**
     * Finished without success and without failing outright, such as Jenkins' {@code UNSTABLE},
     * {@code ABORTED} or {@code NOT_BUILT}: worth a look, never a success.
     */
    INCONCLUSIVE,
    /** Not finished yet, such as {@code STARTING}, {@code STARTED} or {@code STOPPING}. */
    RUNNING,
    /** A status the check was not told about; it cannot be judged, so it is never taken as a success. */
    UNRECOGNIZED,
    /** A status the configuration says to ignore, such as {@code QUEUED}. */
    IGNORED
}
