package io.jenkins.plugins.releasegate.checks.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A period of time, from its start (included) to its end (excluded).
 *
 * @param start the first instant
 * @param end the first instant after it
 */
record Interval(Instant start, Instant end) {
    Interval {
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an interval ends after it starts: " + start + " .. " + end);
        }
    }

    boolean contains(final Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    boolean overlaps(final Instant from, final Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }

    /**
     * Joins overlapping and touching intervals.
     *
     * @param intervals the intervals, in any order
     * @return the joined intervals, in order
     */
    static List<Interval> union(final List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> joined = new ArrayList<>();
        for (Interval interval : sorted) {
            if (!joined.isEmpty()
                    && !interval.start().isAfter(joined.get(joined.size() - 1).end())) {
                Interval last = joined.remove(joined.size() - 1);
                joined.add(
                        new Interval(last.start(), interval.end().isAfter(last.end()) ? interval.end() : last.end()));
            } else {
                joined.add(interval);
            }
        }
        return joined;
    }

    /**
     * Removes periods from others.
     *
     * @param from the periods, joined and in order
     * @param removed the periods to remove, joined and in order
     * @return what is left, in order
     */
    static List<Interval> minus(final List<Interval> from, final List<Interval> removed) {
        List<Interval> result = new ArrayList<>();
        for (Interval interval : from) {
            Instant cursor = interval.start();
            for (Interval cut : removed) {
                if (!cut.end().isAfter(cursor) || !cut.start().isBefore(interval.end())) {
                    continue;
                }
                if (cut.start().isAfter(cursor)) {
                    result.add(new Interval(cursor, cut.start()));
                }
                if (cut.end().isAfter(cursor)) {
                    cursor = cut.end();
                }
            }
            if (interval.end().isAfter(cursor)) {
                result.add(new Interval(cursor, interval.end()));
            }
        }
        return result;
    }
}
