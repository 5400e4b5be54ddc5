package io.jenkins.plugins.releasegate.checks.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One alert as Alertmanager's API v2 gives it ({@code gettableAlert}): its labels, its summary annotation, when
 * it started, and whether it is active or suppressed by silences or inhibitions.
 *
 * @param labels the labels, in the order Alertmanager gave them
 * @param summary the {@code summary} annotation, empty if there is none
 * @param startsAt when the alert started, as Alertmanager wrote it
 * @param state the state: {@code active}, {@code suppressed} or {@code unprocessed}
 * @param silencedBy the ids of the silences that silence it
 * @param inhibitedBy the fingerprints of the alerts that inhibit it
 */
record Alert(
        Map<String, String> labels,
        String summary,
        String startsAt,
        String state,
        List<String> silencedBy,
        List<String> inhibitedBy) {
    /** The most characters of a summary annotation shown. */
    static final int MAX_SUMMARY = 200;

    /** The most characters of a label value, state or id shown. */
    static final int MAX_VALUE = 100;

    /** The most silence and inhibiting alert ids shown for one alert. */
    static final int MAX_IDS = 3;

    /** Copies the collections. */
    Alert {
        labels = Map.copyOf(labels);
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
    }

    /**
     * Reads one item of Alertmanager's answer.
     *
     * @param item the JSON item
     * @return the alert, empty if the item is not an alert as Alertmanager writes them
     */
    static Optional<Alert> read(final JsonNode item) {
        JsonNode labels = item.path("labels");
        JsonNode status = item.path("status");
        JsonNode state = status.path("state");
        if (!item.isObject() || !labels.isObject() || !state.isTextual()) {
            return Optional.empty();
        }
        Map<String, String> labelValues = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = labels.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                return Optional.empty();
            }
            labelValues.put(field.getKey(), field.getValue().asText());
        }
        Optional<List<String>> silencedBy = texts(status.path("silencedBy"));
        Optional<List<String>> inhibitedBy = texts(status.path("inhibitedBy"));
        if (silencedBy.isEmpty() || inhibitedBy.isEmpty()) {
            return Optional.empty();
        }
        JsonNode summary = item.path("annotations").path("summary");
        return Optional.of(new Alert(
                labelValues,
                summary.isTextual() ? summary.asText() : "",
                item.path("startsAt").asText(""),
                state.asText(),
                silencedBy.get(),
                inhibitedBy.get()));
    }

    /** Reads a list of texts; a missing list is empty. */
    private static Optional<List<String>> texts(final JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.of(List.of());
        }
        if (!node.isArray()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode text : node) {
            if (!text.isTextual()) {
                return Optional.empty();
            }
            texts.add(text.asText());
        }
        return Optional.of(texts);
    }

    /**
     * Returns whether Alertmanager suppresses the alert: a silence or another alert mutes it. An alert in any
     * other state, {@code unprocessed} included, counts as firing.
     *
     * @return {@code true} if suppressed
     */
    boolean isSuppressed() {
        return "suppressed".equals(state) || !silencedBy.isEmpty() || !inhibitedBy.isEmpty();
    }

    /**
     * Returns the value of a label.
     *
     * @param name the label name
     * @return the value, empty if the alert has no such label
     */
    String label(final String name) {
        return labels.getOrDefault(name, "");
    }

    /**
     * Returns the alert's name.
     *
     * @return the {@code alertname} label, or a placeholder if it has none
     */
    String name() {
        String name = label("alertname");
        return name.isEmpty() ? "(no alertname)" : bounded(name, MAX_VALUE);
    }

    /**
     * Returns whether the alert's severity is one of the given ones, compared without case.
     *
     * @param severities the severities in lower case
     * @return {@code true} if its {@code severity} label is one of them
     */
    boolean hasSeverityIn(final java.util.Collection<String> severities) {
        return severities.contains(label("severity").strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Describes the alert on one line: name, severity, state, start, the labels named by the matchers and the
     * summary annotation, each bounded and printable.
     *
     * @param verdict how the check counts the alert, such as {@code blocking}
     * @param matcherLabels the label names used by the matchers
     * @return the line
     */
    String describe(final String verdict, final List<String> matcherLabels) {
        StringBuilder line = new StringBuilder(verdict).append(": ").append(name());
        String severity = label("severity");
        line.append(" (severity ")
                .append(severity.isEmpty() ? "none" : bounded(severity, MAX_VALUE))
                .append(')');
        line.append(", ").append(describeState());
        line.append(", since ").append(startedAt());
        List<String> shown = matcherLabels.stream()
                .filter(name -> !"alertname".equals(name) && !"severity".equals(name))
                .distinct()
                .map(name -> name + "=\"" + bounded(label(name), MAX_VALUE) + "\"")
                .toList();
        if (!shown.isEmpty()) {
            line.append(", ").append(String.join(", ", shown));
        }
        if (!summary.isBlank()) {
            line.append(": ").append(bounded(summary, MAX_SUMMARY));
        }
        return line.toString();
    }

    private String describeState() {
        if (!isSuppressed()) {
            return bounded(state, MAX_VALUE);
        }
        List<String> reasons = new ArrayList<>();
        if (!silencedBy.isEmpty()) {
            reasons.add("silenced by " + ids(silencedBy));
        }
        if (!inhibitedBy.isEmpty()) {
            reasons.add("inhibited by " + ids(inhibitedBy));
        }
        return "suppressed" + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
    }

    private static String ids(final List<String> ids) {
        List<String> shown =
                ids.stream().limit(MAX_IDS).map(id -> bounded(id, MAX_VALUE)).toList();
        return String.join(", ", shown) + (ids.size() > MAX_IDS ? " and " + (ids.size() - MAX_IDS) + " more" : "");
    }

    private String startedAt() {
        try {
            return OffsetDateTime.parse(startsAt)
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException exception) {
            return startsAt.isEmpty() ? "(unknown)" : bounded(startsAt, MAX_VALUE);
        }
    }

    /** Returns a remote text on one printable line, cut to a length. */
    static String bounded(final String text, final int length) {
        String line = PrintableText.of(text).replaceAll("\\s+", " ").strip();
        return line.length() <= length ? line : line.substring(0, length - 1) + "…";
    }
}
