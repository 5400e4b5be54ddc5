package io.jenkins.plugins.releasegate.spi;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build histories of Jenkins jobs that the host read for the checks before they ran, as the build's
 * user sees them. A job that does not exist and a job that user may not read are both simply absent: the
 * lookup never tells them apart.
 */
public final class JobHistories implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Map<String, JobHistory> byName;

    private JobHistories(final Map<String, JobHistory> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * Creates the lookup of the histories read.
     *
     * @param histories the histories of the jobs that were found and may be read
     * @return the lookup
     */
    public static JobHistories of(final Collection<JobHistory> histories) {
        Map<String, JobHistory> byName = new LinkedHashMap<>();
        histories.forEach(history -> byName.put(history.fullName(), history));
        return new JobHistories(byName);
    }

    /**
     * Finds the history of a job.
     *
     * @param fullName the job's full name
     * @return the history, empty if the job does not exist or the build's user may not read it
     */
    public Optional<JobHistory> find(final String fullName) {
        return Optional.ofNullable(byName.get(fullName));
    }

    @Override
    public String toString() {
        return "job histories of " + byName.keySet();
    }
}
