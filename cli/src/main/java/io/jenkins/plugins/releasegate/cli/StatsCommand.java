package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.statistics.CheckReference;
import io.jenkins.plugins.releasegate.statistics.GateOutcome;
import io.jenkins.plugins.releasegate.statistics.GateStatistics;
import io.jenkins.plugins.releasegate.statistics.StatisticsCsv;
import io.jenkins.plugins.releasegate.statistics.StatisticsJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code release-gate stats}: what the gates prevented, computed from every {@code report.json} under a directory.
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Counts what the release gates prevented from every report.json under DIR: gates run, passed, stopped",
            "(by check type and by check), rejected, overridden (by whom, with the justification), voided, timed out;",
            "the time to decision and a weekly trend. See docs/statistics.md for the definitions."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:statistics written; every report.json was read",
            "1:statistics written; some files were skipped (each named on standard error with the reason)",
            "4:invalid usage: DIR is not a directory, an option is invalid, or DIR holds more reports than --max-reports"
        })
final class StatsCommand implements Callable<Integer> {
    /** Exit code when statistics were written but some files were skipped. */
    static final int SKIPPED = 1;

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([dw])");

    /** Output formats on standard output. */
    enum Format {
        /** Readable text. */
        text,
        /** The JSON export. */
        json,
        /** The CSV export, one row per gate. */
        csv
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory searched for report.json files.")
    private Path directory;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            defaultValue = "90d",
            description = {
                "The period's start: a number of days or weeks before its end (90d, 12w), a date (2026-01-01, midnight",
                "in --zone), an instant (2026-01-01T00:00:00Z), or 'all' (default: ${DEFAULT-VALUE})."
            })
    private String since;

    @CheckForNull
    @Option(
            names = "--until",
            paramLabel = "INSTANT",
            description = "The period's end, exclusive, such as 2026-04-01T00:00:00Z (default: now).")
    private String until;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    private Format format;

    @CheckForNull
    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description =
                    "The time zone of the weekly trend and of dates, such as Asia/Tokyo (default: this machine's).")
    private String zone;

    @Option(
            names = "--language",
            paramLabel = "LANG",
            defaultValue = "en",
            description =
                    "The language of the headline and of the check types' names: en or ja (default: ${DEFAULT-VALUE}).")
    private String language;

    @Option(
            names = "--max-reports",
            paramLabel = "N",
            defaultValue = "200000",
            description = "The most report.json files read; more is an error (default: ${DEFAULT-VALUE}).")
    private int maxReports;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> problem = validate();
        if (problem.isPresent()) {
            err.println("release-gate stats: " + problem.get());
            return ExitCodes.USAGE;
        }
        ZoneId timeZone = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        Instant end = until == null ? Instant.now() : Instant.parse(until);
        Instant start = start(since, end, timeZone);
        if (end.isBefore(start)) {
            err.println("release-gate stats: the period ends (" + end + ") before it starts (" + start
                    + "): give an earlier --since or a later --until");
            return ExitCodes.USAGE;
        }
        ReportDirectory.Contents contents;
        try {
            contents = new ReportDirectory(directory, maxReports).read();
        } catch (ReportDirectory.TooManyReportsException exception) {
            err.println("release-gate stats: " + exception.getMessage());
            return ExitCodes.USAGE;
        }
        for (ReportDirectory.Skipped skipped : contents.skipped()) {
            err.println(PrintableText.of("release-gate stats: skipped " + skipped.path() + ": " + skipped.reason()));
        }
        GateStatistics statistics = GateStatistics.of(contents.records(), start, end, timeZone);
        Locale locale = Locale.forLanguageTag(language);
        switch (format) {
            case json -> out.println(new StatisticsJson().write(statistics, locale));
            case csv -> out.print(new StatisticsCsv().write(statistics));
            default -> printText(statistics, locale, contents, out);
        }
        out.flush();
        return contents.skipped().isEmpty() ? 0 : SKIPPED;
    }

    private Optional<String> validate() {
        if (!Files.isDirectory(directory)) {
            return Optional.of(directory + " is not a directory: name the directory that holds the report.json files");
        }
        if (maxReports < 1) {
            return Optional.of("--max-reports must be at least 1, not " + maxReports);
        }
        if (!language.equals("en") && !language.equals("ja")) {
            return Optional.of("--language must be en or ja, not '" + language + "'");
        }
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException exception) {
                return Optional.of("--zone '" + zone + "' is not a time zone: give a region such as Europe/Berlin or an"
                        + " offset such as +09:00");
            }
        }
        if (until != null) {
            try {
                Instant.parse(until);
            } catch (DateTimeParseException exception) {
                return Optional.of("--until '" + until + "' is not an instant: write it as 2026-04-01T00:00:00Z");
            }
        }
        try {
            start(since, Instant.EPOCH, ZoneId.of("UTC"));
        } catch (DateTimeException | ArithmeticException exception) {
            return Optional.of("--since '" + since + "' is not a period: write 90d, 12w, a date such as 2026-01-01,"
                    + " an instant such as 2026-01-01T00:00:00Z, or all");
        }
        return Optional.empty();
    }

    /** Reads the period's start, relative to its end. */
    static Instant start(final String since, final Instant end, final ZoneId zone) {
        if ("all".equals(since)) {
            return Instant.EPOCH;
        }
        Matcher relative = RELATIVE.matcher(since);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            return end.minus(Duration.ofDays("w".equals(relative.group(2)) ? amount * 7 : amount));
        }
        if (since.contains("T")) {
            return Instant.parse(since);
        }
        return LocalDate.parse(since).atStartOfDay(zone).toInstant();
    }

    private static void printText(
            final GateStatistics statistics,
            final Locale locale,
            final ReportDirectory.Contents contents,
            final PrintWriter out) {
        out.println(statistics.headline(locale));
        out.println();
        out.println("Period:    " + statistics.getSince() + " to " + statistics.getUntil() + " (weeks in "
                + statistics.getZone() + ")");
        out.println("Reports:   " + contents.records().size() + " read, "
                + contents.skipped().size() + " skipped");
        out.println("Gates:     " + statistics.getGates() + " ran, " + statistics.getProceeded() + " went on, "
                + statistics.getStopped() + " stopped the release, " + statistics.getVoids()
                + " had their approvals voided by worse evidence");
        StringBuilder outcomes = new StringBuilder("Outcomes: ");
        statistics
                .getOutcomes()
                .forEach((outcome, count) ->
                        outcomes.append(' ').append(outcome).append(' ').append(count));
        out.println(outcomes);
        GateStatistics.DecisionTimes times = statistics.getTimeToDecision();
        out.println("Time to decision: "
                + (times.decisions() == 0
                        ? "no decisions"
                        : "median " + Quantity.format(times.median().orElseThrow()) + ", p90 "
                                + Quantity.format(times.ninetieth().orElseThrow()) + " (" + times.decisions()
                                + " decisions)"));
        if (!statistics.getByCheckType().isEmpty()) {
            out.println();
            out.println("Stopped and overridden by check type:");
            for (GateStatistics.ReasonCount<String> type : statistics.getByCheckType()) {
                out.println(PrintableText.of(String.format(
                        Locale.ROOT,
                        "  %-40s %6d stopped %6d overridden",
                        GateStatistics.checkTypeName(type.reason(), locale) + " (" + type.reason() + ")",
                        type.stopped(),
                        type.overridden())));
            }
            out.println("By check:");
            for (GateStatistics.ReasonCount<CheckReference> check : statistics.getByCheck()) {
                out.println(PrintableText.of(String.format(
                        Locale.ROOT,
                        "  %-40s %6d stopped %6d overridden",
                        check.reason(),
                        check.stopped(),
                        check.overridden())));
            }
        }
        if (statistics.count(GateOutcome.OVERRIDDEN) > 0) {
            out.println();
            out.println("Overrides (newest first):");
            for (GateStatistics.GateOverride override : statistics.getOverrides()) {
                String build = override.record().getBuild();
                out.println(PrintableText.of("  " + override.decision().at() + "  "
                        + override.decision().userId()
                        + " overrode " + override.record().getJob() + (build.isEmpty() ? "" : " #" + build) + " '"
                        + override.record().getGate() + "': "
                        + override.decision().comment()));
            }
        }
        if (!statistics.getWeeks().isEmpty()) {
            out.println();
            out.println("Week of        gates  went on  stopped  overridden");
            for (GateStatistics.WeekCount week : statistics.getWeeks()) {
                out.println(String.format(
                        Locale.ROOT,
                        "%-12s %7d %8d %8d %11d",
                        week.weekStart(),
                        week.gates(),
                        week.proceeded(),
                        week.stopped(),
                        week.overridden()));
            }
        }
    }
}
