package io.jenkins.plugins.releasegate.checks.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs changeWindow checks loaded by the real definition loader against a fixed clock, with calendars read from a
 * real workspace directory.
 */
class ChangeWindowCheckTest {
    private static final String BERLIN_OFFICE_HOURS = """
            timeZone: Europe/Berlin
            windows: [mon-thu 10:00-16:00, fri 10:00-12:00]
            warnBeforeEnd: 30m
            """;

    @TempDir
    Path workspace;

    // ------------------------------------------------------------------ windows

    @Test
    void shouldPassInsideAWindowAndSayUntilWhen() throws Exception {
        // Given office-hour windows in Berlin
        CheckDefinition check = load(BERLIN_OFFICE_HOURS);

        // When it runs on a Tuesday at 11:00 local time
        CheckResult result = run(check, "2026-12-01T11:00+01:00");

        // Then it passes and says until when the window is open, in the zone, with the time left measured
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).isEqualTo("Open until 2026-12-01T16:00+01:00 (Tuesday), 5h left");
        assertThat(result.getMeasurements()).singleElement().satisfies(measurement -> {
            assertThat(measurement.name()).isEqualTo("timeLeftInWindow");
            assertThat(measurement.value()).isEqualTo(5 * 3600.0);
            assertThat(measurement.warnAt()).isEqualTo(30 * 60.0);
            assertThat(measurement.formattedThresholds()).isEqualTo("warn < 30m, fail never");
        });
        assertThat(result.getDetails()).first().asString().startsWith("Now: 2026-12-01T11:00+01:00 in Europe/Berlin");
    }

    @Test
    void shouldWarnWithTheMinutesLeftCloseToTheEnd() throws Exception {
        // Given office-hour windows that warn 30 minutes before the end
        CheckDefinition check = load(BERLIN_OFFICE_HOURS);

        // When it runs 20 minutes before a Friday window closes
        CheckResult result = run(check, "2026-12-04T11:40+01:00");

        // Then it warns, with the minutes left
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getSummary())
                .isEqualTo("Closing soon: open until 2026-12-04T12:00+01:00 (Friday), only 20m left (warn below 30m)");
        assertThat(result.getMeasurements())
                .singleElement()
                .extracting(Measurement::status)
                .isEqualTo(Status.WARN);
    }

    @Test
    void shouldPassWithExactlyTheWarningTimeLeft() throws Exception {
        CheckDefinition check = load(BERLIN_OFFICE_HOURS);

        CheckResult result = run(check, "2026-12-01T15:30+01:00");

        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).endsWith("30m left");
    }

    @Test
    void shouldFailOutsideTheWindowsAndSayWhenTheNextOpens() throws Exception {
        // Given office-hour windows
        CheckDefinition check = load(BERLIN_OFFICE_HOURS);

        // When it runs on a Friday afternoon, after the short Friday window
        CheckResult result = run(check, "2026-12-04T13:00+01:00");

        // Then it fails, says why and when the next window opens (on Monday)
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("Closed: outside the windows (mon-thu 10:00-16:00, fri 10:00-12:00); the window opens next "
                        + "at 2026-12-07T10:00+01:00 (Monday)");
        assertThat(result.getMeasurements()).singleElement().satisfies(measurement -> {
            assertThat(measurement.name()).isEqualTo("timeUntilWindowOpens");
            assertThat(measurement.value()).isEqualTo(Duration.ofHours(69).toSeconds());
        });
    }

    @Test
    void shouldOpenAcrossMidnight() throws Exception {
        // Given a Sunday night window that closes on Monday
        CheckDefinition check = load("timeZone: Europe/Berlin\nwindows: [sun 22:00-02:00]\n");

        // When it runs on Monday at 01:00, and on Monday at 03:00
        CheckResult inside = run(check, "2026-12-07T01:00+01:00");
        CheckResult after = run(check, "2026-12-07T03:00+01:00");

        // Then the window opened on Sunday is still open, and after it the next opens the next Sunday
        assertThat(inside.getSummary()).isEqualTo("Open until 2026-12-07T02:00+01:00 (Monday), 1h left");
        assertThat(after.getStatus()).isEqualTo(Status.FAIL);
        assertThat(after.getSummary()).endsWith("opens next at 2026-12-13T22:00+01:00 (Sunday)");
    }

    @Test
    void shouldJoinTouchingWindowsIntoOnePeriod() throws Exception {
        // Given windows that cover every hour of every day
        CheckDefinition check = load("timeZone: UTC\nwindows: [mon-sun 00:00-24:00]\n");

        // When it runs, Then it is open without an end in sight, not "until midnight"
        CheckResult result = run(check, "2026-12-01T23:59Z");
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).isEqualTo("Open, and no window end, freeze or holiday in the next 400 days");
    }

    // ------------------------------------------------------------------ time zones and DST

    @Test
    void shouldJudgeInTokyoTimeWhereThereIsNoDaylightSaving() throws Exception {
        // Given a Tokyo window and a UTC clock
        CheckDefinition check = load("timeZone: Asia/Tokyo\nwindows: [mon-fri 09:00-18:00]\nwarnBeforeEnd: 30m\n");

        // When it is 08:45 UTC, 17:45 in Tokyo, in winter and in summer
        CheckResult winter = run(check, "2026-12-01T08:45Z");
        CheckResult summer = run(check, "2026-07-01T08:45Z");

        // Then both warn with 15 minutes left before 18:00 +09:00
        assertThat(winter.getSummary())
                .isEqualTo("Closing soon: open until 2026-12-01T18:00+09:00 (Tuesday), only 15m left (warn below 30m)");
        assertThat(summer.getSummary())
                .isEqualTo(
                        "Closing soon: open until 2026-07-01T18:00+09:00 (Wednesday), only 15m left (warn below 30m)");
    }

    @Test
    void shouldKeepTheWallClockWindowOnTheDaysTheClocksChange() throws Exception {
        // Given a Sunday window 10:00-16:00 in Berlin
        CheckDefinition check = load("timeZone: Europe/Berlin\nwindows: [sun 10:00-16:00]\nwarnBeforeEnd: 0s\n");

        // When it runs at 10:00 local time on the Sunday the clocks go forward and on the Sunday they go back
        CheckResult spring = run(check, "2026-03-29T10:00+02:00");
        CheckResult fall = run(check, "2026-10-25T10:00+01:00");

        // Then each is open until 16:00 local time, six real hours later, with the day's own offset
        assertThat(spring.getSummary()).isEqualTo("Open until 2026-03-29T16:00+02:00 (Sunday), 6h left");
        assertThat(fall.getSummary()).isEqualTo("Open until 2026-10-25T16:00+01:00 (Sunday), 6h left");
    }

    @Test
    void shouldNotOpenAWindowThatLiesInTheSkippedHour() throws Exception {
        // Given a window 02:00-03:00 on Sundays in Berlin: on 2026-03-29 the clocks jump from 02:00 to 03:00
        CheckDefinition check = load("timeZone: Europe/Berlin\nwindows: [sun 02:00-03:00]\n");

        // When it runs just before and just after the jump
        CheckResult before = run(check, "2026-03-29T01:59+01:00");
        CheckResult after = run(check, "2026-03-29T03:00+02:00");

        // Then the window does not open that day; the next one is a week later, in summer time
        assertThat(before.getStatus()).isEqualTo(Status.FAIL);
        assertThat(before.getSummary()).endsWith("opens next at 2026-04-05T02:00+02:00 (Sunday)");
        assertThat(after.getSummary()).isEqualTo(before.getSummary());
    }

    @Test
    void shouldCloseAWindowThatEndsInTheSkippedHourWhenTheClocksJump() throws Exception {
        // Given a window 01:00-02:30 on Sundays in Berlin
        CheckDefinition check = load("timeZone: Europe/Berlin\nwindows: [sun 01:00-02:30]\nwarnBeforeEnd: 0s\n");

        // When it runs at 01:59 on the day the clocks jump from 02:00 to 03:00
        CheckResult result = run(check, "2026-03-29T01:59+01:00");

        // Then one real minute is left: the wall clock never reads 02:00 to 02:59 that day
        assertThat(result.getSummary()).isEqualTo("Open until 2026-03-29T03:00+02:00 (Sunday), 1m left");
    }

    @Test
    void shouldKeepAWindowOpenForBothPassesOfTheRepeatedHour() throws Exception {
        // Given a window 02:00-03:00 on Sundays in Berlin: on 2026-10-25 the clocks go back from 03:00 to 02:00
        CheckDefinition check = load("timeZone: Europe/Berlin\nwindows: [sun 02:00-03:00]\nwarnBeforeEnd: 0s\n");

        // When it runs at 02:30 summer time (first pass) and at 02:30 winter time (second pass)
        CheckResult first = run(check, "2026-10-25T02:30+02:00");
        CheckResult second = run(check, "2026-10-25T02:30+01:00");

        // Then the window is open for both passes and ends when the wall clock reads 03:00
        assertThat(first.getSummary()).isEqualTo("Open until 2026-10-25T03:00+01:00 (Sunday), 1h 30m left");
        assertThat(second.getSummary()).isEqualTo("Open until 2026-10-25T03:00+01:00 (Sunday), 30m left");
    }

    // ------------------------------------------------------------------ freezes

    @Test
    void shouldFailInAFreezeAcrossTheYearBoundary() throws Exception {
        // Given office hours with a year-end freeze written as whole days
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + """
                freezes:
                  - {from: 2026-12-20, to: 2027-01-05, reason: year-end freeze}
                """);

        // When it runs inside office hours during the freeze, in both years, and at its last minute
        CheckResult december = run(check, "2026-12-31T11:00+01:00");
        CheckResult january = run(check, "2027-01-04T11:00+01:00");
        CheckResult lastMinute = run(check, "2027-01-05T23:59+01:00");
        CheckResult before = run(check, "2026-12-17T15:00+01:00");

        // Then it fails with the freeze's reason and the first window after it: the last day is frozen whole
        String expected = "Closed: freeze 'year-end freeze' (2026-12-20 to 2027-01-05); the window opens next at "
                + "2027-01-06T10:00+01:00 (Wednesday)";
        assertThat(december.getStatus()).isEqualTo(Status.FAIL);
        assertThat(december.getSummary()).isEqualTo(expected);
        assertThat(january.getSummary()).isEqualTo(expected);
        assertThat(lastMinute.getSummary())
                .startsWith("Closed: freeze 'year-end freeze' (2026-12-20 to 2027-01-05); " + "outside the windows");
        assertThat(before.getStatus()).isEqualTo(Status.PASS);
        assertThat(before.getDetails())
                .contains("Closed 2026-12-20T00:00+01:00 to 2027-01-06T00:00+01:00: freeze 'year-end freeze' "
                        + "(2026-12-20 to 2027-01-05)");
    }

    @Test
    void shouldEndAWindowEarlyWhereAFreezeOverlapsItAndOpenItAgainAfter() throws Exception {
        // Given a freeze from 14:00 to 15:00 inside a 10:00-16:00 window
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + """
                freezes:
                  - {from: "2026-12-01T14:00", to: "2026-12-01T15:00", reason: database maintenance}
                """);

        // When it runs before, during and after the freeze
        CheckResult before = run(check, "2026-12-01T13:00+01:00");
        CheckResult during = run(check, "2026-12-01T14:30+01:00");
        CheckResult after = run(check, "2026-12-01T15:00+01:00");

        // Then the window closes at the freeze's start, reopens at its end, and the end counts for warnings
        assertThat(before.getSummary())
                .isEqualTo("Open until 2026-12-01T14:00+01:00 (Tuesday), when freeze 'database maintenance' "
                        + "(2026-12-01T14:00 to 2026-12-01T15:00) begins, 1h left");
        assertThat(during.getStatus()).isEqualTo(Status.FAIL);
        assertThat(during.getSummary())
                .isEqualTo("Closed: freeze 'database maintenance' (2026-12-01T14:00 to 2026-12-01T15:00); the window "
                        + "opens next at 2026-12-01T15:00+01:00 (Tuesday)");
        assertThat(after.getStatus()).isEqualTo(Status.PASS);
        assertThat(after.getSummary()).isEqualTo("Open until 2026-12-01T16:00+01:00 (Tuesday), 1h left");
    }

    @Test
    void shouldFindTheNextOpeningAfterALongFreezeAcrossAClockChange() throws Exception {
        // Given a freeze of three months that spans the change to summer time
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + """
                freezes:
                  - {from: 2027-02-01, to: 2027-04-30, reason: platform migration}
                  - {from: "2027-05-03T00:00", to: "2027-05-03T12:00", reason: migration aftercare}
                """);

        // When it runs in the middle of the freeze
        CheckResult result = run(check, "2027-02-10T11:00+01:00");

        // Then the next opening is after both freezes, in summer time
        assertThat(result.getSummary())
                .isEqualTo("Closed: freeze 'platform migration' (2027-02-01 to 2027-04-30); the window opens next "
                        + "at 2027-05-03T12:00+02:00 (Monday)");
        assertThat(result.getMeasurements())
                .singleElement()
                .extracting(Measurement::value)
                .isEqualTo((double)
                        Duration.between(Instant.parse("2027-02-10T10:00:00Z"), Instant.parse("2027-05-03T10:00:00Z"))
                                .toSeconds());
    }

    @Test
    void shouldSayWhenNoWindowOpensWithinTheHorizon() throws Exception {
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + """
                freezes:
                  - {from: 2026-01-01, to: 2028-12-31, reason: moratorium}
                """);

        CheckResult result = run(check, "2026-12-01T11:00+01:00");

        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("Closed: freeze 'moratorium' (2026-01-01 to 2028-12-31); no window opens in the next 400 "
                        + "days: check the windows, freezes and holidays");
        assertThat(result.getMeasurements()).isEmpty();
    }

    // ------------------------------------------------------------------ holidays

    @Test
    void shouldFailOnAHolidayListedInTheDefinition() throws Exception {
        // Given holidays written inline, as an ops profile carries them
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + """
                holidays:
                  dates: [2026-12-24 Christmas Eve, 2026-12-31]
                """);

        // When it runs on Christmas Eve and on New Year's Eve, both Thursdays
        CheckResult christmasEve = run(check, "2026-12-24T11:00+01:00");
        CheckResult newYearsEve = run(check, "2026-12-31T11:00+01:00");

        // Then it fails with the holiday and the next opening
        assertThat(christmasEve.getSummary())
                .isEqualTo("Closed: holiday 'Christmas Eve' (2026-12-24); the window opens next at "
                        + "2026-12-25T10:00+01:00 (Friday)");
        assertThat(newYearsEve.getSummary())
                .startsWith("Closed: holiday 2026-12-31; the window opens next at " + "2027-01-01T10:00+01:00");
    }

    @Test
    void shouldFailOnAHolidayFromTheCalendarInTheWorkspace() throws Exception {
        // Given an iCalendar file with all-day, recurring, UTC and zoned events, folded lines and an alarm
        calendar("""
                BEGIN:VCALENDAR\r
                VERSION:2.0\r
                PRODID:-//Example//Holidays//EN\r
                BEGIN:VEVENT\r
                UID:christmas@example.com\r
                DTSTART;VALUE=DATE:20201225\r
                DTEND;VALUE=DATE:20201227\r
                RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25\r
                EXDATE;VALUE=DATE:20271225\r
                SUMMARY:Christmas\r
                  holidays\r
                BEGIN:VALARM\r
                TRIGGER:-PT15M\r
                DTSTART:20000101T000000Z\r
                ACTION:DISPLAY\r
                END:VALARM\r
                END:VEVENT\r
                BEGIN:VEVENT\r
                DTSTART;VALUE=DATE:20251124\r
                RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=-1MO\r
                SUMMARY:Last Monday of November\r
                END:VEVENT\r
                BEGIN:VEVENT\r
                DTSTART:20261202T130000Z\r
                DTEND:20261202T140000Z\r
                SUMMARY:Network change\r
                END:VEVENT\r
                BEGIN:VEVENT\r
                DTSTART;TZID=Asia/Tokyo:20261203T200000\r
                DURATION:PT2H\r
                SUMMARY:Tokyo data centre work\r
                END:VEVENT\r
                BEGIN:VEVENT\r
                DTSTART;VALUE=DATE:20261201\r
                STATUS:CANCELLED\r
                SUMMARY:Called off\r
                END:VEVENT\r
                END:VCALENDAR\r
                """);
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");

        // When it runs on each holiday, and on a cancelled one
        CheckResult christmas = run(check, "2026-12-28T11:00+01:00", workspaceFiles());
        CheckResult boxingDay = run(check, "2028-12-26T11:00+01:00", workspaceFiles());
        CheckResult excluded = run(check, "2027-12-27T11:00+01:00", workspaceFiles());
        CheckResult lastMonday = run(check, "2026-11-30T11:00+01:00", workspaceFiles());
        CheckResult network = run(check, "2026-12-02T14:30+01:00", workspaceFiles());
        CheckResult tokyo = run(check, "2026-12-03T12:30+01:00", workspaceFiles());
        CheckResult cancelled = run(check, "2026-12-01T11:00+01:00", workspaceFiles());

        // Then each holiday closes the window, in its own time, and says where it comes from
        assertThat(christmas.getStatus()).isEqualTo(Status.PASS);
        assertThat(boxingDay.getSummary())
                .startsWith("Closed: holiday 'Christmas holidays' (2028-12-25 to 2028-12-26, ops/holidays.ics)");
        assertThat(excluded.getStatus()).isEqualTo(Status.PASS);
        assertThat(lastMonday.getSummary())
                .startsWith("Closed: holiday 'Last Monday of November' (2026-11-30, ops/holidays.ics)");
        assertThat(network.getSummary())
                .isEqualTo("Closed: holiday 'Network change' (2026-12-02T13:00Z for 1h, ops/holidays.ics); the "
                        + "window opens next at 2026-12-02T15:00+01:00 (Wednesday)");
        assertThat(tokyo.getSummary())
                .startsWith(
                        "Closed: holiday 'Tokyo data centre work' (2026-12-03T20:00+09:00 for 2h, ops/holidays.ics)")
                .endsWith("opens next at 2026-12-03T14:00+01:00 (Thursday)");
        assertThat(cancelled.getStatus()).isEqualTo(Status.PASS);
        assertThat(cancelled.getDetails()).contains("Holidays: 4 event(s) read from ops/holidays.ics in the workspace");
    }

    @Test
    void shouldUseTheCalendarItReadWhenARunHasNoWorkspace() throws Exception {
        // Given a check that read a calendar with a holiday on 2026-12-02 while the workspace was there
        calendar(calendarWith("DTSTART;VALUE=DATE:20261202", "SUMMARY:Company day"));
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");
        assertThat(run(check, "2026-12-01T11:00+01:00", workspaceFiles()).getStatus())
                .isEqualTo(Status.PASS);
        Files.delete(workspace.resolve("ops/holidays.ics"));

        // When it runs again without a workspace on the holiday, as the run that confirms an approval does
        CheckResult confirming = run(check, "2026-12-02T11:00+01:00", null);

        // Then it judges with the holidays it kept, and says so
        assertThat(confirming.getStatus()).isEqualTo(Status.FAIL);
        assertThat(confirming.getSummary()).startsWith("Closed: holiday 'Company day' (2026-12-02, ops/holidays.ics)");
        assertThat(confirming.getDetails())
                .contains("Holidays: 1 event(s) from ops/holidays.ics as read from the workspace at "
                        + "2026-12-01T11:00+01:00 by an earlier run of this gate (this run has no workspace)");
    }

    @Test
    void shouldBeAnErrorWithoutWorkspaceWhenNoEarlierRunReadTheCalendar() throws Exception {
        // Given a check freshly loaded, as after a restart, whose holidays are in a workspace file
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");

        // When it runs without a workspace inside a window
        CheckResult result = run(check, "2026-12-01T11:00+01:00", null);

        // Then it is ERROR, never PASS, and says what to do
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("The holiday calendar ops/holidays.ics is in the workspace, which this run does not have, "
                        + "and no earlier run of this gate read it (the gate ran without a workspace, or was loaded "
                        + "again after a restart): run the gate again where the workspace is");
    }

    @Test
    void shouldBeAnErrorWhenTheCalendarIsMissing() throws Exception {
        // Given a definition naming a calendar the workspace does not hold
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");

        // When it runs with the workspace
        CheckResult result = run(check, "2026-12-01T11:00+01:00", workspaceFiles());

        // Then it is ERROR, saying which file is missing where
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("The holiday calendar ops/holidays.ics (holidays.calendar) is not in the workspace ")
                .endsWith(": add the file, or correct the path");
    }

    @Test
    void shouldForgetTheKeptCalendarWhenTheFileCannotBeReadAgain() throws Exception {
        // Given a check that read a calendar once
        calendar(calendarWith("DTSTART;VALUE=DATE:20261202", "SUMMARY:Company day"));
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");
        run(check, "2026-12-01T11:00+01:00", workspaceFiles());

        // When the file is broken for the next run with a workspace, and a run without one follows
        calendar("BEGIN:VCALENDAR\nBROKEN\nEND:VCALENDAR\n");
        CheckResult broken = run(check, "2026-12-01T11:00+01:00", workspaceFiles());
        CheckResult without = run(check, "2026-12-01T11:00+01:00", null);

        // Then both are ERROR: the old calendar is not used in place of the broken one
        assertThat(broken.getStatus()).isEqualTo(Status.ERROR);
        assertThat(without.getStatus()).isEqualTo(Status.ERROR);
    }

    @Test
    void shouldReportAMalformedCalendarWithItsLineNumber() throws Exception {
        // Given calendars with a mistake on a known line
        List<String[]> cases = List.of(
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:2026-12-24"),
                    "ops/holidays.ics:5: DTSTART '2026-12-24' is not a date (YYYYMMDD)"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "SUMMARY no colon"),
                    "ops/holidays.ics:6: " + "'SUMMARY no colon' is not an iCalendar content line"
                },
                new String[] {
                    calendarWith("SUMMARY:no start"), "ops/holidays.ics:4: the event starting here has no " + "DTSTART"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "RRULE:FREQ=MONTHLY"),
                    "ops/holidays.ics:6: RRULE FREQ=MONTHLY is not supported"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "RRULE:FREQ=YEARLY;BYWEEKNO=20"),
                    "ops/holidays.ics:6: RRULE part BYWEEKNO is not supported"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "RDATE;VALUE=DATE:20271224"),
                    "ops/holidays.ics:6: RDATE is not supported"
                },
                new String[] {
                    calendarWith("DTSTART;TZID=W. Europe Standard Time:20261224T100000", "DURATION:PT1H"),
                    "ops/holidays.ics:5: TZID 'W. Europe Standard Time' is not an IANA time zone id"
                },
                new String[] {
                    calendarWith("DTSTART:20261224T100000Z"),
                    "ops/holidays.ics:5: the event starts at a time but has neither DTEND nor DURATION"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261223"),
                    "ops/holidays.ics:6: DTEND 20261223 is not after DTSTART 20261224"
                },
                new String[] {
                    calendarWith("DTSTART;VALUE=DATE:20261224", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
                    "ops/holidays.ics:6: DTSTART 2026-12-24 is not an occurrence of RRULE"
                },
                new String[] {
                    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261224\nEND:VCALENDAR\n",
                    "ops/holidays.ics:4: END:VCALENDAR does not close BEGIN:VEVENT"
                },
                new String[] {
                    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261224\nEND:VEVENT\n",
                    "ops/holidays.ics:4: the file ends inside BEGIN:VCALENDAR: add END:VCALENDAR"
                },
                new String[] {
                    "holidays:\n  - 2026-12-24\n",
                    "ops/holidays.ics:1: 'holidays' comes before "
                            + "BEGIN:VCALENDAR: the holidays file must be an iCalendar file"
                });
        CheckDefinition check = load(BERLIN_OFFICE_HOURS + "holidays:\n  calendar: ops/holidays.ics\n");
        for (String[] broken : cases) {
            calendar(broken[0]);

            // When the check reads it
            CheckResult result = run(check, "2026-12-01T11:00+01:00", workspaceFiles());

            // Then it is ERROR with the file and line of the mistake
            assertThat(result.getStatus()).as(broken[1]).isEqualTo(Status.ERROR);
            assertThat(result.getSummary()).startsWith("The holiday calendar cannot be read: " + broken[1]);
        }
    }

    // ------------------------------------------------------------------ definition problems

    @Test
    void shouldReportDefinitionProblemsWithFileLineAndColumn() {
        // Given a definition with a broken window, an unknown zone, a freeze that ends before it starts and typos
        String yaml = """
                version: 1
                name: orders release
                checks:
                  - id: change-window
                    type: changeWindow
                    timeZone: Europe/Berln
                    windows: [mon-thu 10:00-16:00, fir 10:00-12:00, mon 25:00-26:00, tue 10:00-10:00]
                    warnBeforEnd: 30m
                    freezes:
                      - {from: 2027-01-05, to: 2026-12-20, reason: year-end freeze}
                      - {from: "2026-11-27T00:00+01:00", to: 2026-11-30}
                    holidays:
                      dates: [2026-12-24, 24.12.2026]
                      calender: ops/holidays.ics
                """;

        // When it is loaded
        InvalidDefinitionException exception = invalid(yaml);

        // Then every problem is reported at its place
        assertThat(exception.getProblems())
                .extracting(Object::toString)
                .containsExactly(
                        "gate.yaml:6:15: checks[0].timeZone: 'Europe/Berln' is not a known time zone; did you mean "
                                + "'Europe/Berlin'? Use an IANA id such as Europe/Berlin, Asia/Tokyo or UTC.",
                        "gate.yaml:7:36: checks[0].windows[1]: 'fir 10:00-12:00' names an unknown day 'fir': write days "
                                + "and times such as 'mon-thu 10:00-16:00', 'fri 10:00-12:00', 'mon,wed 08:00-09:30' or "
                                + "'sun 22:00-02:00' (days mon, tue, wed, thu, fri, sat, sun; times 00:00 to 24:00)",
                        "gate.yaml:7:53: checks[0].windows[2]: 'mon 25:00-26:00' has an impossible time 25:00: write "
                                + "days and times such as 'mon-thu 10:00-16:00', 'fri 10:00-12:00', 'mon,wed "
                                + "08:00-09:30' or 'sun 22:00-02:00' (days mon, tue, wed, thu, fri, sat, sun; times "
                                + "00:00 to 24:00)",
                        "gate.yaml:7:70: checks[0].windows[3]: 'tue 10:00-10:00' opens and closes at the same time: "
                                + "for a whole day write 00:00-24:00",
                        "gate.yaml:8:5: checks[0].warnBeforEnd: unknown key; did you mean 'warnBeforeEnd'? Remove it or "
                                + "correct its spelling: an unknown key is never ignored.",
                        "gate.yaml:10:32: checks[0].freezes[0].to: '2026-12-20' is before 'from' 2027-01-05: a freeze "
                                + "ends after it starts; correct 'from' or 'to'",
                        "gate.yaml:11:9: checks[0].freezes[1].reason: is required: add 'reason:' with why nothing may be "
                                + "released, such as 'year-end freeze'",
                        "gate.yaml:11:16: checks[0].freezes[1].from: '2026-11-27T00:00+01:00' is not a date or a local "
                                + "date-time: write 2026-12-20 for a whole day or 2026-11-27T00:00 for a time in the "
                                + "check's timeZone (no offset)",
                        "gate.yaml:13:27: checks[0].holidays.dates[1]: '24.12.2026' is not a holiday: write its date, "
                                + "optionally followed by its name, such as 2026-12-24 or '2026-12-24 Christmas Eve'",
                        "gate.yaml:14:7: checks[0].holidays.calender: unknown key; did you mean 'calendar'? Remove it or "
                                + "correct its spelling: an unknown key is never ignored.");
    }

    @Test
    void shouldRequireTheTimeZoneAndTheWindows() {
        // Given a definition that relies on the machine's time zone and gives no windows
        InvalidDefinitionException exception = invalid("""
                version: 1
                name: orders release
                checks:
                  - id: change-window
                    type: changeWindow
                    holidays: {}
                """);

        // When it is loaded, Then the zone and the windows are required, and empty holidays are a mistake
        assertThat(exception.getProblems())
                .extracting(Object::toString)
                .containsExactly(
                        "gate.yaml:4:5: checks[0].timeZone: is required: add 'timeZone:' with the IANA time zone of "
                                + "every time in this check, such as Europe/Berlin or Asia/Tokyo",
                        "gate.yaml:4:5: checks[0].windows: is required: add 'windows:' with the weekly release "
                                + "windows, such as [mon-thu 10:00-16:00]",
                        "gate.yaml:6:15: checks[0].holidays: give 'calendar:' (an iCalendar file in the workspace), "
                                + "'dates:' or both");
    }

    @Test
    void shouldReadEveryDocumentedSetting() throws Exception {
        // Given the example of the documentation, with unquoted dates and date-times
        CheckDefinition check = load("""
                timeZone: Europe/Berlin
                windows: [mon-thu 10:00-16:00, fri 10:00-12:00, 'sat,sun 22:00-02:00']
                warnBeforeEnd: 45m
                freezes:
                  - {from: 2026-12-20, to: 2027-01-05, reason: year-end freeze}
                  - {from: 2026-11-27T00:00, to: 2026-11-30T23:59, reason: Black Friday campaign}
                holidays:
                  calendar: ./ops/holidays.ics
                  dates: [2026-12-24, 2026-12-31]
                """);

        // When it runs with the calendar in the workspace inside the Black Friday freeze
        calendar(calendarWith("DTSTART;VALUE=DATE:20261224", "SUMMARY:Christmas Eve"));
        CheckResult result = run(check, "2026-11-30T11:00+01:00", workspaceFiles());

        // Then every setting took effect
        assertThat(result.getSummary())
                .isEqualTo("Closed: freeze 'Black Friday campaign' (2026-11-27T00:00 to 2026-11-30T23:59); the window "
                        + "opens next at 2026-12-01T10:00+01:00 (Tuesday)");
        assertThat(((ChangeWindowCheck) check.getCheck()).getCalendarPath()).contains("ops/holidays.ics");
        assertThat(check.getCheck().needsWorkspace()).isFalse();
        assertThat(run(check, "2026-12-01T15:30+01:00", workspaceFiles()).getStatus())
                .isEqualTo(Status.WARN);
    }

    // ------------------------------------------------------------------ helpers

    private static CheckDefinition load(final String settings) throws InvalidDefinitionException {
        return loader().load(gate(settings), "gate.yaml").getChecks().get(0);
    }

    private static InvalidDefinitionException invalid(final String yaml) {
        try {
            loader().load(yaml, "gate.yaml");
        } catch (InvalidDefinitionException exception) {
            return exception;
        }
        throw new AssertionError("the definition was accepted");
    }

    private static GateDefinitionLoader loader() {
        return new GateDefinitionLoader(new CheckTypes(List.of(new ChangeWindowCheckType())));
    }

    private static String gate(final String settings) {
        return "version: 1\nname: orders release\nchecks:\n  - id: change-window\n    type: changeWindow\n"
                + settings.indent(4);
    }

    private static CheckResult run(final CheckDefinition check, final String at) throws Exception {
        return run(check, at, null);
    }

    private static CheckResult run(final CheckDefinition check, final String at, final WorkspaceFiles workspace)
            throws Exception {
        Instant now = OffsetDateTime.parse(at).toInstant();
        GateEnvironment environment = GateEnvironment.builder()
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .workspace(workspace)
                .build();
        return check.getCheck()
                .run(new CheckContext(environment, check.getId(), Duration.ofSeconds(30), check.getThresholds()));
    }

    private WorkspaceFiles workspaceFiles() throws IOException {
        return new LocalWorkspaceFiles(workspace);
    }

    private void calendar(final String text) throws IOException {
        Files.createDirectories(workspace.resolve("ops"));
        Files.writeString(workspace.resolve("ops/holidays.ics"), text, StandardCharsets.UTF_8);
    }

    /** A calendar of one event with the given lines; the event's first line is line 5. */
    private static String calendarWith(final String... eventLines) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Holidays//EN\r\nBEGIN:VEVENT\r\n"
                + String.join("\r\n", eventLines) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }
}
