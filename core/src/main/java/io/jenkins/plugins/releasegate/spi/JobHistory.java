package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recent builds of one Jenkins job, read by the host before the checks run: the builds running now, the
 * builds that started within the requested window, and always the last completed build, newest first and at
 * most {@link JobHistoryRequest#MAX_BUILDS}; besides them, the last successful build, however old.
 *
 * @param fullName the job's full name, such as {@code nightly/orderExport}
 * @param url the job's page, absolute when the host knows its own URL
 * @param builds the builds, newest first
 * @param lastSuccessful the last build whose result is {@code SUCCESS}, {@code null} if there is none
 */
public record JobHistory(
        String fullName,
        String url,
        List<JobBuild> builds,
        @CheckForNull JobBuild lastSuccessful) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a history, copying the builds.
     */
    public JobHistory {
        Objects.requireNonNull(fullName);
        Objects.requireNonNull(url);
        builds = List.copyOf(builds);
    }

    /**
     * Returns the last successful build.
     *
     * @return the build, empty if the job never succeeded (or its successful builds were deleted)
     */
    public Optional<JobBuild> lastSuccessfulBuild() {
        return Optional.ofNullable(lastSuccessful);
    }
}
