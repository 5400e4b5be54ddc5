package io.jenkins.plugins.releasegate.checks.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Turns local wall times into instants by one rule: a period is open while the zone's wall clock reads a time
 * inside it. A wall time that does not exist (the hour skipped when clocks go forward) counts as the end of the
 * skipped hour; a wall time that occurs twice (when clocks go back) starts a period at its first occurrence and
 * ends one at its second.
 */
final class WallClock {
    private WallClock() {}

    /**
     * Returns the first instant at which the wall clock reads the given time.
     *
     * @param time the local date and time
     * @param zone the zone
     * @return the instant a period starting at this wall time starts
     */
    static Instant start(final LocalDateTime time, final ZoneId zone) {
        return instants(time, zone).min(Comparator.naturalOrder()).orElseGet(() -> gapEnd(zone.getRules(), time));
    }

    /**
     * Returns the last instant at which the wall clock reads the given time.
     *
     * @param time the local date and time
     * @param zone the zone
     * @return the instant a period ending at this wall time ends
     */
    static Instant end(final LocalDateTime time, final ZoneId zone) {
        return instants(time, zone).max(Comparator.naturalOrder()).orElseGet(() -> gapEnd(zone.getRules(), time));
    }

    /** The instants at which the wall clock reads a time: none in a gap, two in an overlap. */
    private static Stream<Instant> instants(final LocalDateTime time, final ZoneId zone) {
        return zone.getRules().getValidOffsets(time).stream().map(time::toInstant);
    }

    /**
     * Returns the first instant of a local day.
     *
     * @param date the day
     * @param zone the zone
     * @return its first instant
     */
    static Instant startOfDay(final LocalDate date, final ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    private static Instant gapEnd(final ZoneRules rules, final LocalDateTime time) {
        ZoneOffsetTransition transition = rules.getTransition(time);
        return transition.getInstant();
    }
}
