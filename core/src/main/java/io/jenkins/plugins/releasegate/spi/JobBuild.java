package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One build of a Jenkins job as the host read it: its number, its result ({@code null} while it is building),
 * when it started, how long it took and where it is shown.
 *
 * @param number the build number
 * @param result the result as Jenkins names it ({@code SUCCESS}, {@code UNSTABLE}, {@code FAILURE},
 *         {@code NOT_BUILT}, {@code ABORTED}), {@code null} while the build runs
 * @param startedAt when the build started
 * @param duration how long the build took, {@code null} while it runs
 * @param url the build's page, absolute when the host knows its own URL
 */
public record JobBuild(
        int number,
        @CheckForNull String result,
        Instant startedAt,
        @CheckForNull Duration duration,
        String url) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a build.
     */
    public JobBuild {
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(url);
    }

    /**
     * Returns whether the build runs now.
     *
     * @return {@code true} if it has no result yet
     */
    public boolean isBuilding() {
        return result == null;
    }

    /**
     * Returns when the build ended.
     *
     * @return its start plus its duration, empty while it runs
     */
    public Optional<Instant> endedAt() {
        return result == null || duration == null ? Optional.empty() : Optional.of(startedAt.plus(duration));
    }
}
