package io.jenkins.plugins.releasegate.checks.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON answer of a Prometheus-compatible query API ({@code /api/v1/query} or {@code /api/v1/query_range}),
 * read leniently where implementations differ (VictoriaMetrics and Thanos add fields such as
 * {@code isPartial} and {@code stats}, timestamps may be whole numbers, values may be JSON numbers) and
 * strictly where a misreading could pass something unmeasured.
 */
final class PrometheusAnswer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final int MAX_MESSAGES = 5;

    private final boolean success;
    private final String errorType;
    private final String error;
    private final String resultType;
    private final List<Series> series;
    private final boolean partial;
    private final List<String> warnings;
    private final List<String> infos;

    /**
     * One sample: when, the value as the API wrote it, and as a number.
     *
     * @param time the time, in seconds since the epoch
     * @param text the value as written, such as {@code 0.25} or {@code NaN}
     * @param value the value; {@code NaN} or infinite for those texts
     */
    record Sample(double time, String text, double value) {
        boolean isFinite() {
            return Double.isFinite(value);
        }
    }

    /**
     * One series: its labels and its samples (one for an instant query).
     *
     * @param labels the labels, sorted by name, {@code __name__} included when the API gives it
     * @param samples the samples in time order
     * @param isHistogram whether the series holds native histograms instead of numbers
     */
    record Series(SortedMap<String, String> labels, List<Sample> samples, boolean isHistogram) {
        Series {
            labels = new TreeMap<>(labels);
            samples = List.copyOf(samples);
        }

        @Override
        public SortedMap<String, String> labels() {
            return new TreeMap<>(labels);
        }
    }

    private PrometheusAnswer(
            final boolean success,
            final String errorType,
            final String error,
            final String resultType,
            final List<Series> series,
            final boolean partial,
            final List<String> warnings,
            final List<String> infos) {
        this.success = success;
        this.errorType = errorType;
        this.error = error;
        this.resultType = resultType;
        this.series = List.copyOf(series);
        this.partial = partial;
        this.warnings = List.copyOf(warnings);
        this.infos = List.copyOf(infos);
    }

    /**
     * Reads an answer.
     *
     * @param body the response body
     * @return the answer
     * @throws MalformedAnswerException if the body is not JSON or not shaped as the API answers
     */
    static PrometheusAnswer parse(final String body) throws MalformedAnswerException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException exception) {
            throw new MalformedAnswerException("is not JSON (" + exception.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedAnswerException("is not a JSON object");
        }
        String status = root.path("status").asText("");
        List<String> warnings = texts(root.path("warnings"));
        List<String> infos = texts(root.path("infos"));
        boolean partial = root.path("isPartial").asBoolean(false);
        if ("error".equals(status)) {
            return new PrometheusAnswer(
                    false,
                    root.path("errorType").asText("error"),
                    root.path("error").asText("(no error text)"),
                    "",
                    List.of(),
                    partial,
                    warnings,
                    infos);
        }
        if (!"success".equals(status)) {
            throw new MalformedAnswerException("has no \"status\" of success or error");
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<Series> series = new ArrayList<>();
        switch (resultType) {
            case "vector" -> {
                for (JsonNode item : array(result, "a vector's result")) {
                    series.add(series(item, "value", "histogram", false));
                }
            }
            case "matrix" -> {
                for (JsonNode item : array(result, "a matrix's result")) {
                    series.add(series(item, "values", "histograms", true));
                }
            }
            case "scalar" -> series.add(new Series(new TreeMap<>(), List.of(sample(result)), false));
            case "string" -> {
                // judged as a wrong kind of expression; its content does not matter
            }
            default -> throw new MalformedAnswerException("has an unknown resultType '" + resultType + "'");
        }
        return new PrometheusAnswer(true, "", "", resultType, series, partial, warnings, infos);
    }

    private static Series series(
            final JsonNode item, final String valueField, final String histogramField, final boolean isRange)
            throws MalformedAnswerException {
        SortedMap<String, String> labels = new TreeMap<>();
        JsonNode metric = item.path("metric");
        if (!metric.isMissingNode() && !metric.isObject()) {
            throw new MalformedAnswerException("has a series whose \"metric\" is not an object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            labels.put(field.getKey(), field.getValue().asText());
        }
        if (!item.has(valueField) && item.has(histogramField)) {
            return new Series(labels, List.of(), true);
        }
        List<Sample> samples = new ArrayList<>();
        if (isRange) {
            for (JsonNode point : array(item.path(valueField), "a series' values")) {
                samples.add(sample(point));
            }
        } else {
            samples.add(sample(item.path(valueField)));
        }
        return new Series(labels, samples, false);
    }

    private static Sample sample(final JsonNode pair) throws MalformedAnswerException {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
            throw new MalformedAnswerException("has a sample that is not [time, \"value\"]: " + abbreviate(pair));
        }
        JsonNode value = pair.get(1);
        if (!value.isTextual() && !value.isNumber()) {
            throw new MalformedAnswerException("has a sample value that is not a number: " + abbreviate(pair));
        }
        String text = value.asText();
        return new Sample(pair.get(0).asDouble(), text, number(text));
    }

    /** Reads a value as Prometheus writes it ({@code strconv.FormatFloat}): decimal, NaN, +Inf or -Inf. */
    private static double number(final String text) throws MalformedAnswerException {
        String trimmed = text.trim();
        switch (trimmed) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
            case "+Infinity":
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!DECIMAL.matcher(trimmed).matches()) {
                    throw new MalformedAnswerException(
                            "has a sample value that is not a number: '" + abbreviate(text) + "'");
                }
                return Double.parseDouble(trimmed);
        }
    }

    private static Iterable<JsonNode> array(final JsonNode node, final String what) throws MalformedAnswerException {
        if (!node.isArray()) {
            throw new MalformedAnswerException("has " + what + " that is not a list");
        }
        return node;
    }

    private static List<String> texts(final JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (result.size() < MAX_MESSAGES) {
                    result.add(item.asText());
                }
            }
        }
        return result;
    }

    private static String abbreviate(final Object value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }

    boolean isSuccess() {
        return success;
    }

    String errorType() {
        return errorType;
    }

    String error() {
        return error;
    }

    String resultType() {
        return resultType;
    }

    List<Series> series() {
        return series;
    }

    boolean isPartial() {
        return partial;
    }

    List<String> warnings() {
        return warnings;
    }

    List<String> infos() {
        return infos;
    }

    /**
     * Returns the first series that holds native histograms, if any.
     *
     * @return the series
     */
    Optional<Series> histogram() {
        return series.stream().filter(Series::isHistogram).findFirst();
    }

    /** The body is not an answer of the query API; the message completes "The answer ...". */
    static final class MalformedAnswerException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedAnswerException(final String message) {
            super(message);
        }
    }
}
