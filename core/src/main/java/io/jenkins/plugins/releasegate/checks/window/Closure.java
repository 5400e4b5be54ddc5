package io.jenkins.plugins.releasegate.checks.window;

import java.util.Objects;

/**
 * A period in which no release may happen, such as a freeze or a holiday, with the reason people read.
 *
 * @param period when
 * @param reason why, such as {@code freeze 'year-end freeze' (2026-12-20 to 2027-01-05)}
 */
record Closure(Interval period, String reason) {
    Closure {
        Objects.requireNonNull(period);
        Objects.requireNonNull(reason);
    }
}
