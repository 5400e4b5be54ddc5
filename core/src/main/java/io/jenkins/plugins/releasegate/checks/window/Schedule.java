package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When releases may happen: the weekly windows minus the freezes and holidays, in one time zone, looked at
 * from one instant up to {@value #HORIZON_DAYS} days ahead.
 */
final class Schedule {
    /** How far ahead the next opening and the end of an open window are looked for. */
    static final int HORIZON_DAYS = 400;

    /** How far back windows are built, so that one that opened before the instant (even the day before) is seen. */
    private static final Duration LOOK_BACK = Duration.ofDays(3);

    private final ZoneId zone;
    private final List<WeeklyWindow> windows;

    /**
     * Creates a schedule.
     *
     * @param zone the time zone of every wall time
     * @param windows the weekly windows
     */
    Schedule(final ZoneId zone, final List<WeeklyWindow> windows) {
        this.zone = zone;
        this.windows = List.copyOf(windows);
    }

    /**
     * Returns the first instant looked at for an instant.
     *
     * @param now the instant
     * @return the start of the period looked at
     */
    static Instant from(final Instant now) {
        return now.minus(LOOK_BACK);
    }

    /**
     * Returns the last instant looked at for an instant.
     *
     * @param now the instant
     * @return the end of the period looked at
     */
    static Instant to(final Instant now) {
        return now.plus(Duration.ofDays(HORIZON_DAYS));
    }

    /**
     * What the schedule says at an instant.
     *
     * @param open whether a release may happen now
     * @param openUntil when it stops being open, if open; {@code null} if it stays open beyond the horizon
     * @param closingReason the freeze or holiday that ends the open period, if one does
     * @param reasons why it is closed, if closed
     * @param nextOpening when it opens next, if closed; {@code null} if it does not open within the horizon
     */
    record State(
            boolean open,
            @CheckForNull Instant openUntil,
            @CheckForNull String closingReason,
            List<String> reasons,
            @CheckForNull Instant nextOpening) {}

    /**
     * Judges an instant.
     *
     * @param now the instant
     * @param closures every freeze and holiday that may overlap the period looked at
     * @return the state
     */
    State at(final Instant now, final List<Closure> closures) {
        Instant from = from(now);
        Instant to = to(now);
        List<Interval> windowPeriods = new ArrayList<>();
        for (LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1);
                !date.isAfter(LocalDate.ofInstant(to, zone));
                date = date.plusDays(1)) {
            for (WeeklyWindow window : windows) {
                Interval period = window.on(date, zone);
                if (period != null) {
                    windowPeriods.add(period);
                }
            }
        }
        List<Interval> opened = Interval.union(windowPeriods);
        List<Interval> closed = Interval.union(closures.stream()
                .map(Closure::period)
                .filter(period -> period.overlaps(from, to))
                .toList());
        List<Interval> open = Interval.minus(opened, closed);
        for (Interval period : open) {
            if (period.contains(now)) {
                boolean beyond = !period.end().isBefore(to);
                String closing = closures.stream()
                        .filter(closure -> closure.period().start().equals(period.end()))
                        .map(Closure::reason)
                        .findFirst()
                        .orElse(null);
                return new State(true, beyond ? null : period.end(), closing, List.of(), null);
            }
        }
        Set<String> reasons = new LinkedHashSet<>();
        closures.stream()
                .filter(closure -> closure.period().contains(now))
                .map(Closure::reason)
                .forEach(reasons::add);
        if (opened.stream().noneMatch(period -> period.contains(now))) {
            reasons.add("outside the windows ("
                    + windows.stream().map(WeeklyWindow::text).collect(Collectors.joining(", ")) + ")");
        }
        Instant next = open.stream()
                .map(Interval::start)
                .filter(start -> start.isAfter(now) && start.isBefore(to))
                .findFirst()
                .orElse(null);
        return new State(false, null, null, List.copyOf(reasons), next);
    }
}
