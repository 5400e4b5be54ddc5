package io.jenkins.plugins.releasegate.checks.batch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns the times that batch sources write into instants: ISO-8601 texts with an offset or zone, local
 * date-times in the batch application's time zone, and epoch seconds or milliseconds.
 */
final class Timestamps {
    /** Epoch numbers at or above this are milliseconds (1973 in milliseconds, year 5138 in seconds). */
    static final double MILLISECONDS_FROM = 1e11;

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendPattern("['T'][ ]")
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder()
            .append(LOCAL)
            .optionalStart()
            .appendOffsetId()
            .optionalEnd()
            .optionalStart()
            .appendLiteral('[')
            .parseCaseSensitive()
            .appendZoneRegionId()
            .appendLiteral(']')
            .optionalEnd()
            .toFormatter();

    private Timestamps() {}

    /**
     * Reads a local date-time in a zone.
     *
     * @param time the wall-clock time
     * @param zone the zone it was written in
     * @return the instant
     */
    static Instant of(final LocalDateTime time, final ZoneId zone) {
        return time.atZone(zone).toInstant();
    }

    /**
     * Converts an instant to the wall-clock time of a zone, to bind it against columns without zone.
     *
     * @param time the instant
     * @param zone the zone the columns are written in
     * @return the wall-clock time
     */
    static LocalDateTime local(final Instant time, final ZoneId zone) {
        return LocalDateTime.ofInstant(time, zone);
    }

    /**
     * Parses a time written as text: {@code 2025-03-01T02:00:00Z}, {@code 2025-03-01T02:00:00+01:00},
     * {@code 2025-03-01T02:00:00+01:00[Europe/Paris]}, {@code 2025-03-01 02:00:00} (in the given zone),
     * {@code 2025-03-01} (midnight in the given zone), or epoch seconds or milliseconds.
     *
     * @param text the text
     * @param zone the zone of times written without offset, {@code null} if none is configured
     * @return the instant
     * @throws IllegalArgumentException with a message that says how to write the time
     */
    static Instant parse(final String text, @CheckForNull final ZoneId zone) {
        String trimmed = text.trim();
        if (NUMBER.matcher(trimmed).matches()) {
            return epoch(new BigDecimal(trimmed));
        }
        try {
            var parsed = WITH_OFFSET.parseBest(trimmed, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            if (zone == null) {
                throw new IllegalArgumentException(
                        "'" + text
                                + "' has no offset or zone: set 'timeZone' to the zone the batch application writes its times in");
            }
            if (parsed instanceof LocalDateTime local) {
                return of(local, zone);
            }
            return ((LocalDate) parsed).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException exception) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a time: write ISO-8601 such as 2025-03-01T02:00:00Z, "
                            + "2025-03-01T02:00:00+01:00 or 2025-03-01 02:00:00, or epoch seconds or milliseconds",
                    exception);
        }
    }

    /**
     * Reads epoch seconds, or milliseconds when the number is too large to be seconds.
     *
     * @param number the number
     * @return the instant
     * @throws IllegalArgumentException if the number is out of range
     */
    static Instant epoch(final BigDecimal number) {
        try {
            if (number.abs().doubleValue() >= MILLISECONDS_FROM) {
                return Instant.ofEpochMilli(number.longValue());
            }
            BigDecimal nanos = number.remainder(BigDecimal.ONE).movePointRight(9);
            return Instant.ofEpochSecond(number.longValue(), nanos.longValue());
        } catch (DateTimeException | ArithmeticException exception) {
            throw new IllegalArgumentException(
                    "'" + number.toPlainString() + "' is out of range for a time", exception);
        }
    }
}
