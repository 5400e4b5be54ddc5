package io.jenkins.plugins.releasegate.action;

import edu.hm.hafner.echarts.JacksonFacade;
import edu.hm.hafner.echarts.line.LineSeries;
import edu.hm.hafner.echarts.line.LinesChartModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Functions;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.ModelObject;
import io.jenkins.plugins.echarts.JenkinsPalette;
import io.jenkins.plugins.releasegate.integration.BuildGateRecords;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.statistics.CheckReference;
import io.jenkins.plugins.releasegate.statistics.GateOutcome;
import io.jenkins.plugins.releasegate.statistics.GateRecord;
import io.jenkins.plugins.releasegate.statistics.GateStatistics;
import io.jenkins.plugins.releasegate.statistics.StatisticsCsv;
import io.jenkins.plugins.releasegate.statistics.StatisticsJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * The statistics page of a scope (all of Jenkins, a folder or a job): what the gates of the builds the user may
 * read prevented over a period, with a weekly trend chart and CSV and JSON exports. Everything is computed by
 * core's {@link GateStatistics} from the builds' {@code report.json} files; the page only chooses the builds, the
 * period, the language and the time zone.
 */
public abstract class GateStatisticsAction implements Action, StaplerProxy {
    /** The URL of the page under its scope. */
    public static final String URL_NAME = "release-gate-statistics";

    /** The period shown when none is asked for, in days. */
    public static final int DEFAULT_DAYS = 90;

    /** The longest period, in days. */
    public static final int MAX_DAYS = 3650;

    private static final String STATISTICS = GateStatisticsAction.class.getName() + ".statistics";

    /**
     * Returns the page's scope: Jenkins, a folder or a job.
     *
     * @return the model object whose side panel the page shows
     */
    public abstract ModelObject getOwner();

    /**
     * Returns the scope's name for the page's title.
     *
     * @return "Jenkins", or the folder's or job's full display name
     */
    public abstract String getScopeName();

    /**
     * Checks that the current user may see the page, throwing if not.
     */
    protected abstract void checkReadPermission();

    /**
     * Returns the jobs of the scope that the current user may read.
     *
     * @return the jobs
     */
    protected abstract Iterable<? extends Job<?, ?>> readableJobs();

    @Override
    public Object getTarget() {
        checkReadPermission();
        return this;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return Messages.GateStatisticsAction_displayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /**
     * Returns the period asked for with {@code ?days=N}, within 1 and {@value #MAX_DAYS}.
     *
     * @return the days; {@value #DEFAULT_DAYS} when none or no number was asked for
     */
    public int getDays() {
        StaplerRequest2 request = org.kohsuke.stapler.Stapler.getCurrentRequest2();
        String days = request == null ? null : request.getParameter("days");
        if (days == null) {
            return DEFAULT_DAYS;
        }
        try {
            return Math.max(1, Math.min(MAX_DAYS, Integer.parseInt(days.trim())));
        } catch (NumberFormatException exception) {
            return DEFAULT_DAYS;
        }
    }

    /**
     * Returns the time zone the weeks are counted in: the controller's.
     *
     * @return the zone
     */
    public ZoneId getZone() {
        return ZoneId.systemDefault();
    }

    /**
     * Returns the statistics of the asked period over the builds the user may read; computed once per request.
     *
     * @return the statistics
     */
    public GateStatistics getStatistics() {
        checkReadPermission();
        StaplerRequest2 request = org.kohsuke.stapler.Stapler.getCurrentRequest2();
        if (request != null && request.getAttribute(STATISTICS) instanceof GateStatistics computed) {
            return computed;
        }
        Instant until = Instant.now();
        Instant since = until.minus(Duration.ofDays(getDays()));
        List<GateRecord> records = BuildGateRecords.get().of(readableJobs(), since);
        GateStatistics statistics = GateStatistics.of(records, since, until, getZone());
        if (request != null) {
            request.setAttribute(STATISTICS, statistics);
        }
        return statistics;
    }

    /**
     * Returns the headline in the reader's language.
     *
     * @return the sentence
     */
    public String getHeadline() {
        return getStatistics().headline(locale());
    }

    /**
     * Returns every outcome with its name in the reader's language and its count.
     *
     * @return the rows, in the outcomes' order
     */
    public List<Row> getOutcomes() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<GateOutcome, Integer> entry :
                getStatistics().getOutcomes().entrySet()) {
            rows.add(new Row(entry.getKey().name(), entry.getKey().displayName(locale()), entry.getValue(), 0));
        }
        return rows;
    }

    /**
     * Returns the stops and overrides per check type, named in the reader's language.
     *
     * @return the rows, most stops first
     */
    public List<Row> getByCheckType() {
        List<Row> rows = new ArrayList<>();
        for (GateStatistics.ReasonCount<String> type : getStatistics().getByCheckType()) {
            rows.add(new Row(
                    type.reason(),
                    GateStatistics.checkTypeName(type.reason(), locale()),
                    type.stopped(),
                    type.overridden()));
        }
        return rows;
    }

    /**
     * Returns the stops and overrides per check.
     *
     * @return the rows, most stops first
     */
    public List<Row> getByCheck() {
        List<Row> rows = new ArrayList<>();
        for (GateStatistics.ReasonCount<CheckReference> check : getStatistics().getByCheck()) {
            rows.add(new Row(check.reason().type(), check.reason().id(), check.stopped(), check.overridden()));
        }
        return rows;
    }

    /**
     * Returns the periods the page offers, in days.
     *
     * @return the periods
     */
    public List<Integer> getPeriods() {
        return List.of(30, DEFAULT_DAYS, 180, 365);
    }

    /**
     * Returns an instant as a date, for Jelly's date formatting.
     *
     * @param instant the instant
     * @return the date
     */
    public Date date(final Instant instant) {
        return Date.from(instant);
    }

    /**
     * Returns a duration for people, such as {@code 5m 3s}.
     *
     * @param duration the duration, or {@code null}
     * @return the text; a dash for none
     */
    public String format(@CheckForNull final Duration duration) {
        return duration == null ? "–" : Quantity.format(duration);
    }

    /**
     * Returns the address of a record's build relative to Jenkins' root, if the user may see it.
     *
     * @param record the record
     * @return such as {@code job/orders/42/}; {@code null} when the job or build is gone or not readable
     */
    @CheckForNull
    public String buildUrl(final GateRecord record) {
        Job<?, ?> job = Jenkins.get().getItemByFullName(record.getJob(), Job.class);
        if (job == null) {
            return null;
        }
        try {
            return job.getUrl() + Integer.parseInt(record.getBuild()) + "/";
        } catch (NumberFormatException exception) {
            return job.getUrl();
        }
    }

    /**
     * Serves the statistics as JSON ({@code docs/statistics.md}); read-only.
     *
     * @return the response
     */
    @GET
    public HttpResponse doJson() {
        checkReadPermission();
        return body("application/json;charset=UTF-8", null, new StatisticsJson().write(getStatistics(), locale()));
    }

    /**
     * Serves the gates of the period as CSV, one row per gate ({@code docs/statistics.md}); read-only.
     *
     * @return the response
     */
    @GET
    public HttpResponse doCsv() {
        checkReadPermission();
        return body(
                "text/csv;charset=UTF-8",
                "attachment; filename=\"release-gate-statistics.csv\"",
                new StatisticsCsv().write(getStatistics()));
    }

    /**
     * Serves the weekly trend as an ECharts line chart model, for the page's chart; read-only.
     *
     * @return the response
     */
    @GET
    public HttpResponse doTrend() {
        checkReadPermission();
        return body(
                "application/json;charset=UTF-8",
                null,
                new JacksonFacade().toJson(trendModel(getStatistics(), locale())));
    }

    /** Answers a text as it is, never sniffed as another type. */
    private static HttpResponse body(
            final String contentType, @CheckForNull final String disposition, final String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse() {
            @Override
            public void generateResponse(
                    final StaplerRequest2 request, final StaplerResponse2 response, final Object node)
                    throws IOException {
                response.setContentType(contentType);
                response.setHeader("X-Content-Type-Options", "nosniff");
                if (disposition != null) {
                    response.setHeader("Content-Disposition", disposition);
                }
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            }
        };
    }

    /** Builds the chart model: one point per week for gates, went on, stopped and overridden. */
    static LinesChartModel trendModel(final GateStatistics statistics, final Locale locale) {
        LinesChartModel model = new LinesChartModel();
        List<String> weeks = new ArrayList<>();
        LineSeries gates = series(Messages.GateStatisticsAction_gates(), JenkinsPalette.BLUE);
        LineSeries proceeded = series(Messages.GateStatisticsAction_proceeded(), JenkinsPalette.GREEN);
        LineSeries stopped = series(Messages.GateStatisticsAction_stopped(), JenkinsPalette.RED);
        LineSeries overridden = series(Messages.GateStatisticsAction_overridden(), JenkinsPalette.ORANGE);
        List<Double> gateCounts = new ArrayList<>();
        List<Double> proceededCounts = new ArrayList<>();
        List<Double> stoppedCounts = new ArrayList<>();
        List<Double> overriddenCounts = new ArrayList<>();
        for (GateStatistics.WeekCount week : statistics.getWeeks()) {
            weeks.add(week.weekStart().toString());
            gateCounts.add((double) week.gates());
            proceededCounts.add((double) week.proceeded());
            stoppedCounts.add((double) week.stopped());
            overriddenCounts.add((double) week.overridden());
        }
        // LineSeries.add puts a value first (for builds listed newest first); the weeks are oldest first
        gates.addAll(gateCounts);
        proceeded.addAll(proceededCounts);
        stopped.addAll(stoppedCounts);
        overridden.addAll(overriddenCounts);
        model.setDomainAxisLabels(weeks);
        model.setDomainAxisItemName(Messages.GateStatisticsAction_week());
        model.addSeries(gates, proceeded, stopped, overridden);
        return model;
    }

    private static LineSeries series(final String name, final JenkinsPalette color) {
        return new LineSeries(name, color.normal(), LineSeries.StackedMode.SEPARATE_LINES, LineSeries.FilledMode.LINES);
    }

    private static Locale locale() {
        return Functions.getCurrentLocale();
    }

    /**
     * One row of a table of the page.
     *
     * @param key the outcome, check type or check type of the row
     * @param name its name for people (or the check's id)
     * @param count how many gates it stopped, or how many ended in the outcome
     * @param overridden how many gates it blocked were overridden
     */
    public record Row(String key, String name, int count, int overridden) {}
}
