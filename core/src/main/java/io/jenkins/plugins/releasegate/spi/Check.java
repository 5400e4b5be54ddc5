package io.jenkins.plugins.releasegate.spi;

import java.util.List;

/**
 * A configured check, ready to run. Implementations are immutable and may run several times, for
 * example again after approval to confirm that the evidence is still fresh.
 */
public interface Check {
    /**
     * Measures and judges.
     *
     * <p>Honour {@link CheckContext#timeout()} in every network call (connect, statement and read
     * timeouts), and stop when interrupted. Throw {@link CheckException} for an expected failure with a
     * message for the user; anything else thrown becomes ERROR too. Never put a secret in a result or a
     * message.</p>
     *
     * @param context what the check may use
     * @return the result
     * @throws Exception if the check could not measure; the runner turns it into ERROR
     */
    CheckResult run(CheckContext context) throws Exception;

    /**
     * Returns whether the check reads workspace files. Such checks cannot be re-run once the workspace
     * is gone, and report ERROR when there is none.
     *
     * @return {@code true} if it needs the workspace
     */
    default boolean needsWorkspace() {
        return false;
    }

    /**
     * Returns the checklist items this check asks people to confirm when they approve; the gate refuses an
     * approval that leaves a required item unconfirmed.
     *
     * @return the items, empty for checks that measure something
     */
    default List<ChecklistItem> checklist() {
        return List.of();
    }

    /**
     * Returns the Jenkins jobs whose build histories this check reads. The host reads them before the checks
     * run and hands them over through {@link CheckContext#jobHistories()}; a host that cannot read Jenkins
     * hands over none.
     *
     * @return the requests, empty for checks that read no Jenkins job
     */
    default List<JobHistoryRequest> jobHistories() {
        return List.of();
    }
}
