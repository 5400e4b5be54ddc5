package io.jenkins.plugins.releasegate.statistics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes statistics as JSON: the period, the headline, the outcome counts, the counts per check type and per
 * check, the overrides with who and the justification, the time to decision and the weekly trend. The fields
 * are described in {@code docs/statistics.md}.
 */
public final class StatisticsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Returns the statistics as a JSON tree of maps and lists, for hosts that serialize it themselves.
     *
     * @param statistics the statistics
     * @param locale the language of the headline and of the check types' and outcomes' names
     * @return the tree
     */
    public Map<String, Object> toMap(final GateStatistics statistics, final Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("since", statistics.getSince().toString());
        json.put("until", statistics.getUntil().toString());
        json.put("zone", statistics.getZone().getId());
        json.put("headline", statistics.headline(locale));
        json.put("gates", statistics.getGates());
        json.put("proceeded", statistics.getProceeded());
        json.put("stopped", statistics.getStopped());
        json.put("voids", statistics.getVoids());
        json.put("stoppedWithoutFailingCheck", statistics.getStoppedWithoutFailingCheck());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        statistics.getOutcomes().forEach((outcome, count) -> outcomes.put(outcome.name(), count));
        json.put("outcomes", outcomes);
        List<Object> types = new ArrayList<>();
        for (GateStatistics.ReasonCount<String> type : statistics.getByCheckType()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", type.reason());
            row.put("name", GateStatistics.checkTypeName(type.reason(), locale));
            row.put("stopped", type.stopped());
            row.put("overridden", type.overridden());
            types.add(row);
        }
        json.put("byCheckType", types);
        List<Object> checks = new ArrayList<>();
        for (GateStatistics.ReasonCount<CheckReference> check : statistics.getByCheck()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", check.reason().type());
            row.put("id", check.reason().id());
            row.put("stopped", check.stopped());
            row.put("overridden", check.overridden());
            checks.add(row);
        }
        json.put("byCheck", checks);
        List<Object> overrides = new ArrayList<>();
        for (GateStatistics.GateOverride override : statistics.getOverrides()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", override.record().getJob());
            row.put("build", override.record().getBuild());
            row.put("gate", override.record().getGate());
            row.put("at", override.decision().at().toString());
            row.put("user", override.decision().userId());
            row.put("displayName", override.decision().displayName());
            row.put("justification", override.decision().comment());
            row.put(
                    "checks",
                    override.record().getReasons().stream()
                            .map(CheckReference::toString)
                            .toList());
            overrides.add(row);
        }
        json.put("overrides", overrides);
        GateStatistics.DecisionTimes times = statistics.getTimeToDecision();
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("decisions", times.decisions());
        time.put("medianSeconds", seconds(times.median()));
        time.put("p90Seconds", seconds(times.ninetieth()));
        json.put("timeToDecision", time);
        List<Object> weeks = new ArrayList<>();
        for (GateStatistics.WeekCount week : statistics.getWeeks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("weekStart", week.weekStart().toString());
            row.put("gates", week.gates());
            row.put("proceeded", week.proceeded());
            row.put("stopped", week.stopped());
            row.put("overridden", week.overridden());
            weeks.add(row);
        }
        json.put("weeks", weeks);
        return json;
    }

    /**
     * Returns the statistics as indented JSON text.
     *
     * @param statistics the statistics
     * @param locale the language of the headline and of the names
     * @return the JSON text
     */
    public String write(final GateStatistics statistics, final Locale locale) {
        try {
            return MAPPER.writeValueAsString(toMap(statistics, locale));
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException(
                    "statistics could not be written as JSON: " + exception.getMessage(), exception);
        }
    }

    @CheckForNull
    private static Long seconds(final Optional<Duration> duration) {
        return duration.map(Duration::toSeconds).orElse(null);
    }
}
