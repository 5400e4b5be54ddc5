package io.jenkins.plugins.releasegate.checks.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holidays read from an iCalendar file (RFC 5545): its {@code VEVENT}s, each a period in which no release may
 * happen. What is supported, and refused with the line number otherwise:
 *
 * <ul>
 *   <li>{@code DTSTART} as a date ({@code VALUE=DATE}, a whole day) or a date-time in UTC ({@code Z}), with a
 *       {@code TZID} that is an IANA zone id, or floating (read in the check's time zone);</li>
 *   <li>{@code DTEND} or {@code DURATION}; a date without either lasts one day, a date-time without either is
 *       refused (it would last no time at all);</li>
 *   <li>{@code RRULE} with {@code FREQ=YEARLY} and optionally {@code INTERVAL}, {@code COUNT} or {@code UNTIL},
 *       one {@code BYMONTH}, and either one {@code BYMONTHDAY} or one {@code BYDAY} with an ordinal such as
 *       {@code 4TH} or {@code -1MO}; {@code WKST} is accepted and changes nothing for these rules;</li>
 *   <li>{@code EXDATE} to leave out occurrences; {@code STATUS:CANCELLED} events are left out.</li>
 * </ul>
 *
 * <p>{@code RDATE}, {@code EXRULE}, {@code RECURRENCE-ID} and any other frequency or rule part are refused.
 * Other properties ({@code SUMMARY} names the holiday; {@code UID}, {@code DTSTAMP}, {@code TRANSP},
 * {@code DESCRIPTION}, ...) and other components ({@code VTIMEZONE}, {@code VTODO}, {@code VALARM}, ...) change
 * nothing.</p>
 */
final class HolidayCalendar {
    /** The largest calendar file read. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(Z?)");
    private static final Pattern DURATION =
            Pattern.compile("([+-]?)P(?:(\\d+)W|(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?)");
    private static final Pattern BY_DAY = Pattern.compile("([+-]?\\d{1,2})(MO|TU|WE|TH|FR|SA|SU)");
    private static final Map<String, DayOfWeek> WEEKDAYS = Map.of(
            "MO", DayOfWeek.MONDAY,
            "TU", DayOfWeek.TUESDAY,
            "WE", DayOfWeek.WEDNESDAY,
            "TH", DayOfWeek.THURSDAY,
            "FR", DayOfWeek.FRIDAY,
            "SA", DayOfWeek.SATURDAY,
            "SU", DayOfWeek.SUNDAY);
    private static final Set<String> REFUSED = Set.of("RDATE", "EXRULE", "RECURRENCE-ID");
    private static final int MAX_YEARS = 1000;

    private final String path;
    private final List<Event> events;

    private HolidayCalendar(final String path, final List<Event> events) {
        this.path = path;
        this.events = List.copyOf(events);
    }

    /**
     * Returns the file the holidays were read from.
     *
     * @return the path, as named in the definition
     */
    String path() {
        return path;
    }

    /**
     * Returns how many events the file holds.
     *
     * @return the number of events, recurring ones counted once
     */
    int size() {
        return events.size();
    }

    /**
     * Returns the holidays that overlap a period.
     *
     * @param from the start of the period
     * @param to the end of the period
     * @return the holidays, each occurrence of a recurring event on its own
     */
    List<Closure> closures(final Instant from, final Instant to) {
        List<Closure> closures = new ArrayList<>();
        for (Event event : events) {
            event.occurrences(from, to, path, closures);
        }
        return closures;
    }

    /**
     * Reads a calendar.
     *
     * @param text the file's content
     * @param path the file, as named in the definition, for messages
     * @param zone the check's time zone, for floating date-times
     * @return the calendar
     * @throws CalendarException if the file is not a calendar this reader understands, with the line
     */
    static HolidayCalendar parse(final String text, final String path, final ZoneId zone) throws CalendarException {
        List<ContentLine> lines = unfold(text, path);
        List<Event> events = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        EventBuilder event = null;
        boolean sawCalendar = false;
        for (ContentLine line : lines) {
            if ("BEGIN".equals(line.name())) {
                String component = line.value().toUpperCase(Locale.ROOT);
                if (open.isEmpty() && !"VCALENDAR".equals(component)) {
                    throw new CalendarException(
                            path,
                            line.number(),
                            "expected BEGIN:VCALENDAR, found BEGIN:" + line.value() + notCalendar());
                }
                if ("VEVENT".equals(component) && open.size() == 1) {
                    event = new EventBuilder(line.number());
                }
                sawCalendar = true;
                open.push(component);
                continue;
            }
            if ("END".equals(line.name())) {
                String component = line.value().toUpperCase(Locale.ROOT);
                if (open.isEmpty() || !open.peek().equals(component)) {
                    throw new CalendarException(
                            path,
                            line.number(),
                            "END:" + line.value() + " does not close "
                                    + (open.isEmpty() ? "anything" : "BEGIN:" + open.peek())
                                    + ": every BEGIN needs its END, in order");
                }
                open.pop();
                if ("VEVENT".equals(component) && open.size() == 1 && event != null) {
                    event.build(path, zone).ifPresent(events::add);
                    event = null;
                }
                continue;
            }
            if (open.isEmpty()) {
                throw new CalendarException(
                        path, line.number(), "'" + line.written() + "' comes before BEGIN:VCALENDAR" + notCalendar());
            }
            if (event != null && open.size() == 2) {
                event.add(line, path);
            }
        }
        if (!sawCalendar) {
            throw new CalendarException(path, 1, "the file is empty" + notCalendar());
        }
        if (!open.isEmpty()) {
            throw new CalendarException(
                    path,
                    lines.get(lines.size() - 1).number(),
                    "the file ends inside BEGIN:" + open.peek() + ": add END:" + open.peek());
        }
        return new HolidayCalendar(path, events);
    }

    private static String notCalendar() {
        return ": the holidays file must be an iCalendar file (RFC 5545) starting with BEGIN:VCALENDAR";
    }

    /**
     * One unfolded content line.
     *
     * @param number the line it starts on
     * @param name its name, in upper case
     * @param parameters its parameters by upper-case name
     * @param value its value
     * @param written its name as written
     */
    private record ContentLine(int number, String name, Map<String, String> parameters, String value, String written) {
        ContentLine(final int number, final String name, final Map<String, String> parameters, final String value) {
            this(number, name, parameters, value, name);
        }
    }

    private static List<ContentLine> unfold(final String text, final String path) throws CalendarException {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] physical = content.split("\r\n|\n|\r", -1);
        List<ContentLine> lines = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int index = 0; index < physical.length; index++) {
            String line = physical[index];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current == null) {
                    throw new CalendarException(
                            path, index + 1, "a continuation line (starting with a space) has no line to continue");
                }
                current.append(line, 1, line.length());
                continue;
            }
            if (current != null) {
                lines.add(contentLine(current.toString(), start, path));
                current = null;
            }
            if (!line.isBlank()) {
                current = new StringBuilder(line);
                start = index + 1;
            }
        }
        if (current != null) {
            lines.add(contentLine(current.toString(), start, path));
        }
        return lines;
    }

    private static ContentLine contentLine(final String line, final int number, final String path)
            throws CalendarException {
        int position = 0;
        while (position < line.length() && line.charAt(position) != ';' && line.charAt(position) != ':') {
            position++;
        }
        String name = line.substring(0, position).trim().toUpperCase(Locale.ROOT);
        if (position == line.length() || name.isEmpty() || !name.matches("[A-Z0-9-]+")) {
            throw new CalendarException(
                    path,
                    number,
                    "'" + shorten(line) + "' is not an iCalendar content line: "
                            + "write NAME:value or NAME;PARAMETER=value:value");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        while (line.charAt(position) == ';') {
            int equals = line.indexOf('=', position);
            if (equals < 0) {
                throw new CalendarException(path, number, "'" + shorten(line) + "' has a parameter without '='");
            }
            String parameter = line.substring(position + 1, equals).trim().toUpperCase(Locale.ROOT);
            int valueStart = equals + 1;
            int valueEnd;
            String value;
            if (valueStart < line.length() && line.charAt(valueStart) == '"') {
                int close = line.indexOf('"', valueStart + 1);
                if (close < 0) {
                    throw new CalendarException(
                            path, number, "'" + shorten(line) + "' has a quoted parameter value without its end quote");
                }
                value = line.substring(valueStart + 1, close);
                valueEnd = close + 1;
            } else {
                valueEnd = valueStart;
                while (valueEnd < line.length() && line.charAt(valueEnd) != ';' && line.charAt(valueEnd) != ':') {
                    valueEnd++;
                }
                value = line.substring(valueStart, valueEnd);
            }
            if (valueEnd >= line.length()) {
                throw new CalendarException(
                        path,
                        number,
                        "'" + shorten(line) + "' has no ':' before its value: write NAME;PARAMETER=value:value");
            }
            parameters.put(parameter, value);
            position = valueEnd;
        }
        return new ContentLine(
                number,
                name,
                parameters,
                line.substring(position + 1),
                line.substring(0, position).trim());
    }

    private static String shorten(final String line) {
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }

    // ------------------------------------------------------------------ events

    /** When an event starts: a whole day, or a wall time in a zone. */
    private record Start(LocalDate date, @CheckForNull LocalTime time, ZoneId zone) {
        boolean isDate() {
            return time == null;
        }

        LocalDateTime local() {
            LocalTime at = time;
            return date.atTime(at == null ? LocalTime.MIDNIGHT : at);
        }

        Instant instant() {
            return ZonedDateTime.of(local(), zone).toInstant();
        }
    }

    /** A yearly recurrence rule. */
    private record YearlyRule(
            int interval,
            @CheckForNull Integer count,
            @CheckForNull Start until,
            int month,
            @CheckForNull Integer monthDay,
            @CheckForNull Integer ordinal,
            @CheckForNull DayOfWeek weekday) {
        /** Returns the occurrence's date in a year, {@code null} if the year has none (such as 29 February). */
        @CheckForNull
        LocalDate dateIn(final int year) {
            LocalDate first = LocalDate.of(year, month, 1);
            Integer day = monthDay;
            DayOfWeek on = weekday;
            Integer nth = ordinal;
            if (on != null && nth != null) {
                LocalDate date = nth > 0
                        ? first.with(TemporalAdjusters.firstInMonth(on)).plusWeeks(nth - 1L)
                        : first.with(TemporalAdjusters.lastInMonth(on)).minusWeeks(-nth - 1L);
                return date.getMonthValue() == month ? date : null;
            }
            int length = first.lengthOfMonth();
            int resolved = day == null ? 1 : day > 0 ? day : length + day + 1;
            return resolved >= 1 && resolved <= length ? first.withDayOfMonth(resolved) : null;
        }
    }

    /**
     * One event of the file.
     *
     * @param name its summary
     * @param line the line of its BEGIN:VEVENT
     * @param start when it starts
     * @param days whole days it lasts (nominal)
     * @param exact time it lasts besides the days
     * @param rule its recurrence, {@code null} if it happens once
     * @param excludedDays the days of occurrences left out
     * @param excludedTimes the local starts of occurrences left out
     */
    private record Event(
            String name,
            int line,
            Start start,
            long days,
            Duration exact,
            @CheckForNull YearlyRule rule,
            Set<LocalDate> excludedDays,
            Set<LocalDateTime> excludedTimes) {
        void occurrences(final Instant from, final Instant to, final String path, final List<Closure> into) {
            YearlyRule recurrence = rule;
            if (recurrence == null) {
                add(start, from, to, path, into);
                return;
            }
            int emitted = 0;
            int lastYear = LocalDate.ofInstant(to, ZoneOffset.UTC).getYear() + 1;
            for (int year = start.date().getYear();
                    year <= lastYear && year <= start.date().getYear() + MAX_YEARS;
                    year += recurrence.interval()) {
                LocalDate date = recurrence.dateIn(year);
                if (date == null || date.isBefore(start.date())) {
                    continue;
                }
                Start occurrence = new Start(date, start.time(), start.zone());
                Integer count = recurrence.count();
                if (count != null && emitted >= count) {
                    return;
                }
                Start until = recurrence.until();
                if (until != null && isAfter(occurrence, until)) {
                    return;
                }
                emitted++;
                if (!excludedDays.contains(date) && !excludedTimes.contains(occurrence.local())) {
                    add(occurrence, from, to, path, into);
                }
            }
        }

        private static boolean isAfter(final Start occurrence, final Start until) {
            if (until.isDate()) {
                return occurrence.date().isAfter(until.date());
            }
            return occurrence.instant().isAfter(until.instant());
        }

        private void add(
                final Start occurrence,
                final Instant from,
                final Instant to,
                final String path,
                final List<Closure> into) {
            Instant begins;
            Instant ends;
            if (occurrence.isDate()) {
                begins = WallClock.startOfDay(occurrence.date(), occurrence.zone());
                ends = WallClock.startOfDay(occurrence.date().plusDays(days), occurrence.zone());
            } else {
                ZonedDateTime zoned = ZonedDateTime.of(occurrence.local(), occurrence.zone());
                begins = zoned.toInstant();
                ends = zoned.plusDays(days).toInstant().plus(exact);
            }
            if (!ends.isAfter(begins) || !begins.isBefore(to) || !ends.isAfter(from)) {
                return;
            }
            String when = occurrence.isDate()
                    ? occurrence.date() + (days > 1 ? " to " + occurrence.date().plusDays(days - 1) : "")
                    : ZonedDateTime.ofInstant(begins, occurrence.zone())
                                    .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX", Locale.ROOT))
                            + " for "
                            + io.jenkins.plugins.releasegate.spi.Quantity.format(Duration.between(begins, ends));
            into.add(new Closure(new Interval(begins, ends), "holiday '" + name + "' (" + when + ", " + path + ")"));
        }
    }

    /** Collects the properties of one event while its lines are read. */
    private static final class EventBuilder {
        private final int line;
        private final Map<String, ContentLine> properties = new LinkedHashMap<>();
        private final List<ContentLine> exdates = new ArrayList<>();

        EventBuilder(final int line) {
            this.line = line;
        }

        void add(final ContentLine property, final String path) throws CalendarException {
            String name = property.name();
            if (REFUSED.contains(name)) {
                throw new CalendarException(
                        path,
                        property.number(),
                        name + " is not supported: write each extra or moved occurrence as an event of its own, "
                                + "and use EXDATE to leave occurrences out");
            }
            if ("EXDATE".equals(name)) {
                exdates.add(property);
                return;
            }
            if (Set.of("DTSTART", "DTEND", "DURATION", "RRULE", "SUMMARY", "STATUS")
                            .contains(name)
                    && properties.putIfAbsent(name, property) != null) {
                throw new CalendarException(
                        path,
                        property.number(),
                        "the event starting on line " + line + " has a second " + name + ": keep one");
            }
        }

        java.util.Optional<Event> build(final String path, final ZoneId zone) throws CalendarException {
            ContentLine status = properties.get("STATUS");
            if (status != null && "CANCELLED".equalsIgnoreCase(status.value().trim())) {
                return java.util.Optional.empty();
            }
            ContentLine startLine = properties.get("DTSTART");
            if (startLine == null) {
                throw new CalendarException(
                        path,
                        line,
                        "the event starting here has no DTSTART: give it a start date, such as "
                                + "DTSTART;VALUE=DATE:20261224");
            }
            Start start = when(startLine, path, zone);
            ContentLine endLine = properties.get("DTEND");
            ContentLine durationLine = properties.get("DURATION");
            long days;
            Duration exact;
            if (endLine != null && durationLine != null) {
                throw new CalendarException(
                        path, durationLine.number(), "the event has both DTEND and DURATION: keep one of them");
            } else if (endLine != null) {
                Start end = when(endLine, path, zone);
                if (end.isDate() != start.isDate()) {
                    throw new CalendarException(
                            path,
                            endLine.number(),
                            "DTEND is a " + (end.isDate() ? "date" : "date-time") + " but DTSTART a "
                                    + (start.isDate() ? "date" : "date-time") + ": give both as the same kind");
                }
                if (start.isDate()) {
                    days = end.date().toEpochDay() - start.date().toEpochDay();
                    exact = Duration.ZERO;
                } else {
                    days = 0;
                    exact = Duration.between(start.instant(), end.instant());
                }
                if (days < 0 || exact.isNegative() || days == 0 && exact.isZero()) {
                    throw new CalendarException(
                            path,
                            endLine.number(),
                            "DTEND " + endLine.value() + " is not after DTSTART " + startLine.value()
                                    + ": an event ends after it starts");
                }
            } else if (durationLine != null) {
                Matcher matcher = DURATION.matcher(durationLine.value().trim());
                if (!matcher.matches()
                        || "-".equals(matcher.group(1))
                        || durationLine.value().trim().endsWith("T")) {
                    throw new CalendarException(
                            path,
                            durationLine.number(),
                            "DURATION '" + durationLine.value() + "' is not a positive duration such as P1D or PT8H");
                }
                days = matcher.group(2) != null ? 7L * Long.parseLong(matcher.group(2)) : number(matcher.group(3));
                exact = Duration.ofHours(number(matcher.group(4)))
                        .plusMinutes(number(matcher.group(5)))
                        .plusSeconds(number(matcher.group(6)));
                if (start.isDate() && !exact.isZero()) {
                    throw new CalendarException(
                            path,
                            durationLine.number(),
                            "DURATION '" + durationLine.value() + "' has hours, minutes or seconds, but the event "
                                    + "starts on a date: give whole days or weeks, such as P1D");
                }
                if (days == 0 && exact.isZero()) {
                    throw new CalendarException(
                            path, durationLine.number(), "DURATION '" + durationLine.value() + "' lasts no time");
                }
            } else if (start.isDate()) {
                days = 1;
                exact = Duration.ZERO;
            } else {
                throw new CalendarException(
                        path,
                        startLine.number(),
                        "the event starts at a time but has neither DTEND nor DURATION, so it would last no time: "
                                + "add DTEND or DURATION");
            }
            YearlyRule rule = properties.containsKey("RRULE") ? rule(properties.get("RRULE"), start, path, zone) : null;
            Set<LocalDate> excludedDays = new LinkedHashSet<>();
            Set<LocalDateTime> excludedTimes = new LinkedHashSet<>();
            for (ContentLine exdate : exdates) {
                for (String value : exdate.value().split(",")) {
                    Start left =
                            when(new ContentLine(exdate.number(), "EXDATE", exdate.parameters(), value), path, zone);
                    if (start.isDate() || left.isDate()) {
                        excludedDays.add(left.date());
                    } else {
                        excludedTimes.add(LocalDateTime.ofInstant(left.instant(), start.zone()));
                    }
                }
            }
            ContentLine summary = properties.get("SUMMARY");
            String name = summary == null || summary.value().isBlank()
                    ? "(no SUMMARY, line " + line + ")"
                    : unescape(summary.value().trim());
            return java.util.Optional.of(new Event(
                    name, line, start, days, exact, rule, Set.copyOf(excludedDays), Set.copyOf(excludedTimes)));
        }

        private static long number(@CheckForNull final String digits) {
            return digits == null ? 0 : Long.parseLong(digits);
        }
    }

    private static String unescape(final String text) {
        return text.replace("\\n", " ")
                .replace("\\N", " ")
                .replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\\\", "\\");
    }

    private static Start when(final ContentLine property, final String path, final ZoneId zone)
            throws CalendarException {
        String value = property.value().trim();
        String type = property.parameters().getOrDefault("VALUE", "").toUpperCase(Locale.ROOT);
        String tzid = property.parameters().get("TZID");
        try {
            Matcher date = DATE.matcher(value);
            if (date.matches() && ("DATE".equals(type) || type.isEmpty())) {
                return new Start(
                        LocalDate.of(
                                Integer.parseInt(date.group(1)),
                                Integer.parseInt(date.group(2)),
                                Integer.parseInt(date.group(3))),
                        null,
                        zone);
            }
            Matcher dateTime = DATE_TIME.matcher(value);
            if (dateTime.matches() && ("DATE-TIME".equals(type) || type.isEmpty())) {
                LocalDateTime local = LocalDateTime.of(
                        Integer.parseInt(dateTime.group(1)),
                        Integer.parseInt(dateTime.group(2)),
                        Integer.parseInt(dateTime.group(3)),
                        Integer.parseInt(dateTime.group(4)),
                        Integer.parseInt(dateTime.group(5)),
                        Integer.parseInt(dateTime.group(6)));
                ZoneId in = zone;
                if (!dateTime.group(7).isEmpty()) {
                    if (tzid != null) {
                        throw new CalendarException(
                                path,
                                property.number(),
                                property.name() + " is in UTC ('Z') and has a TZID: give one of them");
                    }
                    in = ZoneOffset.UTC;
                } else if (tzid != null) {
                    in = zoneOf(tzid, property, path);
                }
                return new Start(local.toLocalDate(), local.toLocalTime(), in);
            }
        } catch (DateTimeException exception) {
            throw new CalendarException(
                    path, property.number(), property.name() + " '" + value + "' is not a real date or time");
        }
        throw new CalendarException(
                path,
                property.number(),
                property.name() + " '" + value + "' is not "
                        + ("DATE".equals(type)
                                ? "a date (YYYYMMDD)"
                                : "a date (YYYYMMDD, with VALUE=DATE) or a date-time "
                                        + "(YYYYMMDDTHHMMSS, with Z for UTC or a TZID)"));
    }

    private static ZoneId zoneOf(final String tzid, final ContentLine property, final String path)
            throws CalendarException {
        String id = tzid.startsWith("/") ? tzid.substring(1) : tzid;
        try {
            return ZoneId.of(id);
        } catch (DateTimeException exception) {
            throw new CalendarException(
                    path,
                    property.number(),
                    "TZID '" + tzid + "' is not an IANA time zone id such as Europe/Berlin: this reader does not "
                            + "use VTIMEZONE definitions; export the calendar with IANA zone ids, or in UTC");
        }
    }

    private static YearlyRule rule(final ContentLine property, final Start start, final String path, final ZoneId zone)
            throws CalendarException {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : property.value().trim().split(";")) {
            int equals = part.indexOf('=');
            if (equals <= 0
                    || parts.put(part.substring(0, equals).toUpperCase(Locale.ROOT), part.substring(equals + 1))
                            != null) {
                throw new CalendarException(
                        path, property.number(), "RRULE '" + property.value() + "' is not a list of NAME=value parts");
            }
        }
        String frequency = parts.remove("FREQ");
        if (!"YEARLY".equalsIgnoreCase(frequency)) {
            throw new CalendarException(
                    path,
                    property.number(),
                    "RRULE FREQ=" + frequency + " is not supported: holidays recur with FREQ=YEARLY; write other "
                            + "dates as events of their own");
        }
        parts.remove("WKST");
        int interval = positive(parts.remove("INTERVAL"), "INTERVAL", 1, property, path);
        String countText = parts.remove("COUNT");
        String untilText = parts.remove("UNTIL");
        if (countText != null && untilText != null) {
            throw new CalendarException(path, property.number(), "RRULE has both COUNT and UNTIL: keep one of them");
        }
        Integer count = countText == null ? null : positive(countText, "COUNT", 1, property, path);
        Start until = untilText == null
                ? null
                : when(new ContentLine(property.number(), "UNTIL", Map.of(), untilText), path, zone);
        int month = start.date().getMonthValue();
        String monthText = parts.remove("BYMONTH");
        if (monthText != null) {
            month = positive(monthText, "BYMONTH", 1, property, path);
            if (month > 12) {
                throw new CalendarException(path, property.number(), "RRULE BYMONTH=" + monthText + " is not a month");
            }
        }
        Integer monthDay = null;
        String monthDayText = parts.remove("BYMONTHDAY");
        if (monthDayText != null) {
            try {
                monthDay = Integer.valueOf(monthDayText);
            } catch (NumberFormatException exception) {
                monthDay = 0;
            }
            if (monthDay == 0 || Math.abs(monthDay) > 31) {
                throw new CalendarException(
                        path,
                        property.number(),
                        "RRULE BYMONTHDAY=" + monthDayText + " is not supported: give one day of the month, 1 to 31 "
                                + "or -1 to -31");
            }
        }
        Integer ordinal = null;
        DayOfWeek weekday = null;
        String byDay = parts.remove("BYDAY");
        if (byDay != null) {
            Matcher matcher = BY_DAY.matcher(byDay.toUpperCase(Locale.ROOT));
            int nth = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
            if (nth == 0 || Math.abs(nth) > 5 || monthDay != null) {
                throw new CalendarException(
                        path,
                        property.number(),
                        "RRULE BYDAY=" + byDay + " is not supported: give one weekday with its place in the month, "
                                + "such as 4TH or -1MO, and no BYMONTHDAY");
            }
            ordinal = nth;
            weekday = WEEKDAYS.get(matcher.group(2));
        }
        if (monthDay == null && ordinal == null) {
            monthDay = start.date().getDayOfMonth();
        }
        if (!parts.isEmpty()) {
            throw new CalendarException(
                    path,
                    property.number(),
                    "RRULE part " + String.join(", ", parts.keySet()) + " is not supported: this reader supports "
                            + "FREQ=YEARLY with INTERVAL, COUNT, UNTIL, one BYMONTH and one BYMONTHDAY or BYDAY; write "
                            + "other dates as events of their own");
        }
        YearlyRule rule = new YearlyRule(interval, count, until, month, monthDay, ordinal, weekday);
        if (!start.date().equals(rule.dateIn(start.date().getYear()))) {
            throw new CalendarException(
                    path,
                    property.number(),
                    "DTSTART " + start.date() + " is not an occurrence of RRULE '" + property.value()
                            + "': start the event on its first occurrence");
        }
        return rule;
    }

    private static int positive(
            @CheckForNull final String text,
            final String part,
            final int defaultValue,
            final ContentLine property,
            final String path)
            throws CalendarException {
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException exception) {
            // reported below
        }
        throw new CalendarException(
                path, property.number(), "RRULE " + part + "=" + text + " is not a whole number of 1 or more");
    }
}
