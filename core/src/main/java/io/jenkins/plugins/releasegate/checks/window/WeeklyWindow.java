package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly window in which releases may happen, such as {@code mon-thu 10:00-16:00}. A window whose end is
 * not after its start crosses midnight ({@code sun 22:00-02:00} opens on Sunday and closes on Monday);
 * {@code 24:00} ends a window at midnight.
 */
final class WeeklyWindow {
    private static final Pattern SYNTAX =
            Pattern.compile("\\s*([A-Za-z][A-Za-z,\\s-]*?)\\s+(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*");
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("mon", DayOfWeek.MONDAY),
            Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("tue", DayOfWeek.TUESDAY),
            Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("thu", DayOfWeek.THURSDAY),
            Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY),
            Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("sat", DayOfWeek.SATURDAY),
            Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sun", DayOfWeek.SUNDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY));
    private static final String HOW =
            "write days and times such as 'mon-thu 10:00-16:00', 'fri 10:00-12:00', 'mon,wed 08:00-09:30' or "
                    + "'sun 22:00-02:00' (days mon, tue, wed, thu, fri, sat, sun; times 00:00 to 24:00)";

    private final String text;
    private final Set<DayOfWeek> days;
    private final LocalTime start;

    /** The end, {@code null} for 24:00. */
    @CheckForNull
    private final LocalTime end;

    private WeeklyWindow(
            final String text, final Set<DayOfWeek> days, final LocalTime start, @CheckForNull final LocalTime end) {
        this.text = text;
        this.days = days;
        this.start = start;
        this.end = end;
    }

    /**
     * Reads a window.
     *
     * @param text the window as written
     * @return the window
     * @throws IllegalArgumentException with a sentence saying what is wrong and what to write
     */
    static WeeklyWindow parse(final String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a window: " + HOW);
        }
        Set<DayOfWeek> days = parseDays(text, matcher.group(1));
        LocalTime start = parseTime(text, matcher.group(2), matcher.group(3), false);
        LocalTime end = parseTime(text, matcher.group(4), matcher.group(5), true);
        if (Objects.equals(start, end)) {
            throw new IllegalArgumentException(
                    "'" + text + "' opens and closes at the same time: for a whole day write 00:00-24:00");
        }
        return new WeeklyWindow(text.trim(), days, start, end);
    }

    private static Set<DayOfWeek> parseDays(final String text, final String daysText) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : daysText.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.trim().split("\\s*-\\s*", -1);
            if (range.length > 2 || range[0].isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has a wrong day list '" + daysText + "': " + HOW);
            }
            DayOfWeek first = day(text, range[0]);
            DayOfWeek last = range.length == 2 ? day(text, range[1]) : first;
            DayOfWeek current = first;
            days.add(current);
            while (current != last) {
                current = current.plus(1);
                days.add(current);
            }
        }
        return days;
    }

    private static DayOfWeek day(final String text, final String name) {
        DayOfWeek day = DAYS.get(name.trim());
        if (day == null) {
            throw new IllegalArgumentException("'" + text + "' names an unknown day '" + name.trim() + "': " + HOW);
        }
        return day;
    }

    /** Returns the time, {@code null} for 24:00 (allowed only as an end). */
    @CheckForNull
    private static LocalTime parseTime(
            final String text, final String hours, final String minutes, final boolean isEnd) {
        int hour = Integer.parseInt(hours);
        int minute = Integer.parseInt(minutes);
        if (hour == 24 && minute == 0 && isEnd) {
            return null;
        }
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("'" + text + "' has an impossible time " + hours + ":" + minutes
                    + (hour == 24 && minute == 0 ? " as its start: a window starts at 23:59 at the latest" : "")
                    + ": " + HOW);
        }
        return LocalTime.of(hour, minute);
    }

    /**
     * Returns the window as written.
     *
     * @return the text
     */
    String text() {
        return text;
    }

    /**
     * Returns the period of this window that opens on a day, if the window opens on that day.
     *
     * @param date the day the window would open
     * @param zone the zone of the wall clock
     * @return the period, {@code null} if the window does not open that day or the wall clock never reads a
     *     time inside it (a window inside the hour skipped when clocks go forward)
     */
    @CheckForNull
    Interval on(final LocalDate date, final ZoneId zone) {
        if (!days.contains(date.getDayOfWeek())) {
            return null;
        }
        Instant opens = WallClock.start(date.atTime(start), zone);
        LocalTime closing = end;
        Instant closes = closing == null
                ? WallClock.startOfDay(date.plusDays(1), zone)
                : WallClock.end((closing.isAfter(start) ? date : date.plusDays(1)).atTime(closing), zone);
        return closes.isAfter(opens) ? new Interval(opens, closes) : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
