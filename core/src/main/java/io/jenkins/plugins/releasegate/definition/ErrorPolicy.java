package io.jenkins.plugins.releasegate.definition;

/**
 * How a required check's ERROR (could not measure) counts toward the verdict.
 */
public enum ErrorPolicy {
    /** ERROR blocks like FAIL (the default: fail closed). */
    FAIL,
    /** ERROR counts as WARN: the approver must acknowledge it, with a comment. */
    WARN
}
