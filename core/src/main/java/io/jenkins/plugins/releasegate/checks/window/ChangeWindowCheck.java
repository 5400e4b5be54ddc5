package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.FileTooLargeException;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The {@code changeWindow} check: judges the check context's clock against the weekly windows, the freezes and
 * the holidays. It needs no workspace, so the run that confirms an approval repeats it and an approval given
 * after the window closed is void.
 *
 * <p>Its settings never change. The one thing it keeps between runs is the holiday calendar it last read from
 * the workspace: a run without a workspace (the confirming run) uses the calendar the gate's first run read,
 * and is ERROR if none was read by this instance (for example after the definition was loaded again on a
 * restart). A run with a workspace always reads the file again.</p>
 */
public final class ChangeWindowCheck implements io.jenkins.plugins.releasegate.spi.Check {
    private static final int CLOSURES_SHOWN = 5;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX", Locale.ROOT);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private final Schedule schedule;
    private final ZoneId zone;
    private final List<WeeklyWindow> windows;
    private final Duration warnBeforeEnd;
    private final List<Closure> closures;

    @CheckForNull
    private final String calendarPath;

    /** The calendar the last run with a workspace read, with when it was read. */
    private final AtomicReference<KeptCalendar> kept = new AtomicReference<>();

    private record KeptCalendar(HolidayCalendar calendar, Instant readAt) {}

    ChangeWindowCheck(
            final Schedule schedule,
            final ZoneId zone,
            final List<WeeklyWindow> windows,
            final Duration warnBeforeEnd,
            final List<Closure> closures,
            @CheckForNull final String calendarPath) {
        this.schedule = schedule;
        this.zone = zone;
        this.windows = List.copyOf(windows);
        this.warnBeforeEnd = warnBeforeEnd;
        this.closures = List.copyOf(closures);
        this.calendarPath = calendarPath;
    }

    /**
     * Returns the holiday calendar file this check reads from the workspace, if any, so that a host can
     * validate it.
     *
     * @return the path relative to the workspace
     */
    public Optional<String> getCalendarPath() {
        return Optional.ofNullable(calendarPath);
    }

    @Override
    public CheckResult run(final CheckContext context) throws IOException, InterruptedException {
        Instant now = context.clock().instant();
        List<Closure> all = new ArrayList<>(closures);
        List<String> details = new ArrayList<>();
        String path = calendarPath;
        if (path != null) {
            Optional<WorkspaceFiles> workspace = context.workspace();
            HolidayCalendar calendar;
            if (workspace.isPresent()) {
                CalendarReading reading = read(workspace.get(), path, now, context);
                HolidayCalendar read = reading.calendar();
                if (read == null) {
                    return reading.failure();
                }
                calendar = read;
                details.add("Holidays: " + calendar.size() + " event(s) read from " + path + " in the workspace");
            } else {
                KeptCalendar earlier = kept.get();
                if (earlier == null) {
                    return CheckResult.error("The holiday calendar " + path + " is in the workspace, which this run "
                            + "does not have, and no earlier run of this gate read it (the gate ran without a workspace, "
                            + "or was loaded again after a restart): run the gate again where the workspace is");
                }
                calendar = earlier.calendar();
                details.add("Holidays: " + calendar.size() + " event(s) from " + path
                        + " as read from the workspace at " + format(earlier.readAt())
                        + " by an earlier run of this gate (this run has no workspace)");
            }
            all.addAll(calendar.closures(Schedule.from(now), Schedule.to(now)));
        }
        Schedule.State state = schedule.at(now, all);
        details.add(
                0,
                "Now: " + format(now) + " in " + zone.getId() + "; windows: "
                        + windows.stream().map(WeeklyWindow::text).collect(Collectors.joining(", ")));
        upcoming(all, now).forEach(details::add);
        CheckResult.Builder result = CheckResult.builder();
        if (state.open()) {
            Instant until = state.openUntil();
            if (until == null) {
                return withDetails(
                        result.measurement(Measurement.informational(
                                        ChangeWindowCheckType.TIME_LEFT,
                                        Schedule.HORIZON_DAYS * 86_400.0,
                                        Unit.SECONDS))
                                .summary("Open, and no window end, freeze or holiday in the next "
                                        + Schedule.HORIZON_DAYS + " days"),
                        details);
            }
            Duration left = Duration.between(now, until);
            Double warnAt = warnBeforeEnd.isZero() ? null : warnBeforeEnd.toMillis() / 1000.0;
            double seconds = left.toMillis() / 1000.0;
            Status status = warnAt != null && seconds < warnAt ? Status.WARN : Status.PASS;
            result.measurement(new Measurement(
                    ChangeWindowCheckType.TIME_LEFT, seconds, Unit.SECONDS, Direction.BELOW, warnAt, null, status));
            String closing = state.closingReason() == null ? "" : ", when " + state.closingReason() + " begins";
            result.summary(
                    status == Status.WARN
                            ? "Closing soon: open until " + describe(until) + closing + ", only "
                                    + Quantity.format(left) + " left (warn below " + Quantity.format(warnBeforeEnd)
                                    + ")"
                            : "Open until " + describe(until) + closing + ", " + Quantity.format(left) + " left");
            return withDetails(result, details);
        }
        Instant next = state.nextOpening();
        String reasons = String.join("; ", state.reasons());
        result.raise(Status.FAIL);
        if (next == null) {
            result.summary("Closed: " + reasons + "; no window opens in the next " + Schedule.HORIZON_DAYS
                    + " days: check the windows, freezes and holidays");
        } else {
            result.measurement(Measurement.informational(
                    ChangeWindowCheckType.TIME_UNTIL_OPEN,
                    Duration.between(now, next).toMillis() / 1000.0,
                    Unit.SECONDS));
            result.summary("Closed: " + reasons + "; the window opens next at " + describe(next));
        }
        return withDetails(result, details);
    }

    /** The calendar read, or the result to report because it could not be read. */
    private record CalendarReading(@CheckForNull HolidayCalendar calendar, CheckResult failure) {
        static CalendarReading failed(final String summary) {
            return new CalendarReading(null, CheckResult.error(summary));
        }
    }

    /** Reads and keeps the calendar. */
    private CalendarReading read(
            final WorkspaceFiles workspace, final String path, final Instant now, final CheckContext context)
            throws IOException, InterruptedException {
        kept.set(null);
        if (!workspace.isFile(path)) {
            return CalendarReading.failed("The holiday calendar " + path + " (holidays.calendar) is not in the "
                    + "workspace " + workspace.describe() + ": add the file, or correct the path");
        }
        context.log("Reading the holiday calendar " + path);
        String text;
        try {
            text = workspace.read(path, HolidayCalendar.MAX_BYTES);
        } catch (FileTooLargeException exception) {
            return CalendarReading.failed("The holiday calendar " + path + " is larger than "
                    + Quantity.format(HolidayCalendar.MAX_BYTES, Unit.BYTES)
                    + ": a holiday calendar is a small file; keep the holidays the gate needs");
        }
        try {
            HolidayCalendar calendar = HolidayCalendar.parse(text, path, zone);
            kept.set(new KeptCalendar(calendar, now));
            return new CalendarReading(calendar, CheckResult.error("read"));
        } catch (CalendarException exception) {
            return CalendarReading.failed("The holiday calendar cannot be read: " + exception.getMessage());
        }
    }

    private static CheckResult withDetails(final CheckResult.Builder result, final List<String> details) {
        details.forEach(result::detail);
        return result.build();
    }

    /** Lists the freezes and holidays that are on or ahead. */
    private List<String> upcoming(final List<Closure> all, final Instant now) {
        List<Closure> ahead = all.stream()
                .filter(closure -> closure.period().end().isAfter(now)
                        && closure.period().start().isBefore(Schedule.to(now)))
                .sorted(Comparator.comparing(closure -> closure.period().start()))
                .toList();
        List<String> lines = new ArrayList<>();
        ahead.stream()
                .limit(CLOSURES_SHOWN)
                .forEach(
                        closure -> lines.add("Closed " + format(closure.period().start()) + " to "
                                + format(closure.period().end()) + ": " + closure.reason()));
        if (ahead.size() > CLOSURES_SHOWN) {
            lines.add("… and " + (ahead.size() - CLOSURES_SHOWN) + " more freezes and holidays in the next "
                    + Schedule.HORIZON_DAYS + " days");
        }
        return lines;
    }

    private String describe(final Instant instant) {
        ZonedDateTime local = ZonedDateTime.ofInstant(instant, zone);
        return format(instant) + " (" + local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")";
    }

    private String format(final Instant instant) {
        ZonedDateTime local = ZonedDateTime.ofInstant(instant, zone);
        return local.format(local.getSecond() == 0 && local.getNano() == 0 ? MINUTES : SECONDS);
    }
}
