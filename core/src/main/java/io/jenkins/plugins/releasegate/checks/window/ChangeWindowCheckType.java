package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code changeWindow} check type: a release may happen now only inside a weekly window and outside every
 * freeze and holiday, in an explicit time zone.
 */
public final class ChangeWindowCheckType implements CheckType {
    /** The name of the measurement of the time left in an open window. */
    public static final String TIME_LEFT = "timeLeftInWindow";

    /** The name of the measurement of the time until a closed window opens. */
    public static final String TIME_UNTIL_OPEN = "timeUntilWindowOpens";

    /** The default {@code warnBeforeEnd}. */
    public static final Duration DEFAULT_WARN_BEFORE_END = Duration.ofMinutes(30);

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");
    private static final Pattern HOLIDAY = Pattern.compile("\\s*(\\d{4}-\\d{2}-\\d{2})(?:\\s+(.*\\S))?\\s*");

    @Override
    public String name() {
        return "changeWindow";
    }

    @Override
    public String description() {
        return "Now is inside a release window and outside every freeze and holiday, in the given time zone";
    }

    @Override
    public Check create(final Settings settings) {
        ZoneId zone = readZone(settings);
        List<WeeklyWindow> windows = readWindows(settings);
        Duration warnBeforeEnd = settings.duration("warnBeforeEnd", DEFAULT_WARN_BEFORE_END);
        List<Closure> closures = new ArrayList<>();
        for (Settings freeze : settings.sectionList("freezes")) {
            readFreeze(freeze, zone).ifPresent(closures::add);
        }
        String calendar = null;
        Optional<Settings> holidays = settings.section("holidays");
        if (holidays.isPresent()) {
            calendar = readCalendarPath(holidays.get());
            closures.addAll(readDates(holidays.get(), zone));
            if (calendar == null && !holidays.get().has("dates")) {
                settings.problem("holidays", "give 'calendar:' (an iCalendar file in the workspace), 'dates:' or both");
            }
        }
        return new ChangeWindowCheck(new Schedule(zone, windows), zone, windows, warnBeforeEnd, closures, calendar);
    }

    private static ZoneId readZone(final Settings settings) {
        String id = settings.requiredString(
                "timeZone", "the IANA time zone of every time in this check, such as Europe/Berlin or Asia/Tokyo");
        if (id.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException exception) {
            settings.problem(
                    "timeZone",
                    "'" + id + "' is not a known time zone"
                            + Settings.suggestion(id, ZoneId.getAvailableZoneIds())
                                    .replaceFirst("; known keys here: .*", ".")
                            + " Use an IANA id such as Europe/Berlin, Asia/Tokyo or UTC.");
            return ZoneOffset.UTC;
        }
    }

    private static List<WeeklyWindow> readWindows(final Settings settings) {
        if (!settings.keys().contains("windows")) {
            settings.requiredString("windows", "the weekly release windows, such as [mon-thu 10:00-16:00]");
            return List.of();
        }
        List<String> texts = settings.stringList("windows");
        if (texts.isEmpty() && settings.has("windows")) {
            settings.problem(
                    "windows",
                    "is empty: give at least one weekly window, such as [mon-thu 10:00-16:00]; for every hour of "
                            + "every day write [mon-sun 00:00-24:00]");
        }
        List<WeeklyWindow> windows = new ArrayList<>();
        for (String text : texts) {
            try {
                windows.add(WeeklyWindow.parse(text));
            } catch (IllegalArgumentException exception) {
                settings.itemProblem("windows", text, exception.getMessage());
            }
        }
        return windows;
    }

    private static Optional<Closure> readFreeze(final Settings freeze, final ZoneId zone) {
        String fromText = freeze.requiredString("from", "the first day (2026-12-20) or the start (2026-11-27T00:00)");
        String toText = freeze.requiredString("to", "the last day (2027-01-05) or the end (2026-11-30T23:59)");
        String reason = freeze.requiredString("reason", "why nothing may be released, such as 'year-end freeze'");
        if (fromText.isBlank() || toText.isBlank()) {
            return Optional.empty();
        }
        Instant from = freezeTime(freeze, "from", fromText, zone, true);
        Instant to = freezeTime(freeze, "to", toText, zone, false);
        if (from == null || to == null) {
            return Optional.empty();
        }
        if (!to.isAfter(from)) {
            freeze.problem(
                    "to",
                    "'" + toText + "' is " + (to.equals(from) ? "where the freeze starts" : "before 'from' " + fromText)
                            + ": a freeze ends after it starts; correct 'from' or 'to'");
            return Optional.empty();
        }
        return Optional.of(new Closure(
                new Interval(from, to), "freeze '" + reason.trim() + "' (" + fromText + " to " + toText + ")"));
    }

    /**
     * Reads the start or end of a freeze: a date means the whole day (from its first instant; to the end of the
     * day), a local date-time means that wall time.
     */
    @CheckForNull
    private static Instant freezeTime(
            final Settings freeze, final String key, final String text, final ZoneId zone, final boolean isStart) {
        String trimmed = text.trim();
        try {
            if (DATE.matcher(trimmed).matches()) {
                LocalDate date = LocalDate.parse(trimmed);
                return WallClock.startOfDay(isStart ? date : date.plusDays(1), zone);
            }
            if (DATE_TIME.matcher(trimmed).matches()) {
                LocalDateTime time = LocalDateTime.parse(trimmed);
                return isStart ? WallClock.start(time, zone) : WallClock.end(time, zone);
            }
        } catch (DateTimeParseException exception) {
            freeze.problem(key, "'" + text + "' is not a real date or time: correct it");
            return null;
        }
        freeze.problem(
                key,
                "'" + text + "' is not a date or a local date-time: write 2026-12-20 for a whole day or "
                        + "2026-11-27T00:00 for a time in the check's timeZone (no offset)");
        return null;
    }

    @CheckForNull
    private static String readCalendarPath(final Settings holidays) {
        Optional<String> path = holidays.optionalString("calendar");
        if (path.isEmpty()) {
            return null;
        }
        try {
            String normalized = WorkspaceFiles.normalize(path.get().trim());
            if (normalized.isEmpty()) {
                holidays.problem("calendar", "is empty: give the path of an iCalendar file in the workspace");
                return null;
            }
            return normalized;
        } catch (IOException exception) {
            holidays.problem("calendar", exception.getMessage());
            return null;
        }
    }

    private static List<Closure> readDates(final Settings holidays, final ZoneId zone) {
        List<Closure> closures = new ArrayList<>();
        for (String text : holidays.stringList("dates")) {
            Matcher matcher = HOLIDAY.matcher(text);
            try {
                if (matcher.matches()) {
                    LocalDate date = LocalDate.parse(matcher.group(1));
                    String name = matcher.group(2);
                    closures.add(new Closure(
                            new Interval(
                                    WallClock.startOfDay(date, zone), WallClock.startOfDay(date.plusDays(1), zone)),
                            "holiday " + (name == null ? date.toString() : "'" + name + "' (" + date + ")")));
                    continue;
                }
            } catch (DateTimeParseException exception) {
                // reported below
            }
            holidays.itemProblem(
                    "dates",
                    text,
                    "'" + text + "' is not a holiday: write its date, optionally followed by its name, such as "
                            + "2026-12-24 or '2026-12-24 Christmas Eve'");
        }
        return closures;
    }
}
