package io.jenkins.plugins.releasegate.checks.prometheus;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.httpclient.BoundedHttpClient;
import io.jenkins.plugins.releasegate.checks.httpclient.HttpAuthentication;
import io.jenkins.plugins.releasegate.checks.httpclient.IncompleteBodyException;
import io.jenkins.plugins.releasegate.checks.httpclient.LimitedBody;
import io.jenkins.plugins.releasegate.checks.prometheus.PrometheusAnswer.MalformedAnswerException;
import io.jenkins.plugins.releasegate.checks.prometheus.PrometheusAnswer.Sample;
import io.jenkins.plugins.releasegate.checks.prometheus.PrometheusAnswer.Series;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Redaction;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Runs the queries of a {@code prometheus} check one after the other against one API, within the check's
 * timeout, and judges every series of every answer against its query's thresholds. TLS certificates are
 * verified with the JVM's trust store; redirects are not followed; answers are read up to
 * {@value #MAX_BODY} bytes.
 */
final class PrometheusCheck implements Check {
    /** The most bytes of an answer read. */
    static final int MAX_BODY = 8 * 1024 * 1024;
    /** The most series of one query kept as measurements, the worst first. */
    static final int MAX_SERIES_SHOWN = 20;
    /** The most characters of a body that is not an answer shown in a result. */
    static final int PREVIEW_LENGTH = 200;

    private final URI base;

    @CheckForNull
    private final String credentialsId;

    @CheckForNull
    private final HttpAuthentication authentication;

    private final List<PrometheusQuery> queries;

    PrometheusCheck(
            final URI base,
            @CheckForNull final String credentialsId,
            @CheckForNull final HttpAuthentication authentication,
            final List<PrometheusQuery> queries) {
        this.base = base;
        this.credentialsId = credentialsId;
        this.authentication = authentication;
        this.queries = List.copyOf(queries);
    }

    @Override
    public CheckResult run(final CheckContext context) throws CheckException, InterruptedException {
        Duration budget = BoundedHttpClient.requestBudget(context.timeout());
        Optional<String> authorization = authorization(context);
        List<String> secrets = HttpAuthentication.secrets(context, authorization);
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        CheckResult.Builder result = CheckResult.builder();
        List<Finding> findings = new ArrayList<>();
        HttpClient.Builder settings = HttpClient.newBuilder().connectTimeout(budget);
        try (BoundedHttpClient client =
                BoundedHttpClient.open(settings, HttpClient.Redirect.NEVER, budget, context.hostGuard())) {
            int judged = 0;
            for (PrometheusQuery query : queries) {
                String body;
                try {
                    body = fetch(client, request(query, now, client.remaining(), authorization), budget, secrets);
                } catch (CheckException exception) {
                    if (judged == 0) {
                        throw exception;
                    }
                    result.raise(exception.getStatus());
                    findings.add(new Finding(
                            exception.getStatus(),
                            exception.getMessage() + " (at query " + query.name() + "; " + judged
                                    + (judged == 1 ? " query was" : " queries were") + " judged before)"));
                    break;
                }
                judge(query, body, now, result, findings);
                judged++;
            }
        }
        return result.summary(summary(findings)).build().redact(secrets);
    }

    private HttpRequest request(
            final PrometheusQuery query,
            final Instant now,
            final Duration remaining,
            final Optional<String> authorization) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query", query.expression());
        String endpoint;
        Duration window = query.window();
        Duration step = query.step();
        if (window != null && step != null) {
            endpoint = "api/v1/query_range";
            parameters.put("start", seconds(now.minus(window)));
            parameters.put("end", seconds(now));
            parameters.put("step", seconds(step.toMillis()));
        } else {
            endpoint = "api/v1/query";
            parameters.put("time", seconds(now));
        }
        // Prometheus gives up on the evaluation itself a little before the check does, and says so.
        long serverTimeout = Math.max(1, remaining.toMillis() - Math.min(1000, remaining.toMillis() / 10));
        parameters.put("timeout", serverTimeout + "ms");
        String queryString = parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(endpoint + "?" + queryString))
                .timeout(remaining.isZero() ? Duration.ofMillis(1) : remaining)
                .GET()
                .header("User-Agent", "release-gate")
                .header("Accept", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    private String fetch(
            final BoundedHttpClient client,
            final HttpRequest request,
            final Duration budget,
            final List<String> secrets)
            throws CheckException, InterruptedException {
        String api = api();
        HttpResponse<LimitedBody> response;
        try {
            response = client.send(request, info -> LimitedBody.upTo(MAX_BODY));
        } catch (HttpConnectTimeoutException exception) {
            throw new CheckException(
                    Status.FAIL, api + " is unreachable: no connection within " + Quantity.format(budget), exception);
        } catch (IncompleteBodyException exception) {
            throw new CheckException(
                    "The answer of " + api + " " + exception.getMessage()
                            + "; nothing more was judged. Raise the check's timeout if the queries are known to be slow",
                    exception);
        } catch (HttpTimeoutException exception) {
            throw new CheckException(
                    "No answer from " + api + " within the check's time; nothing more was judged. Raise the check's"
                            + " timeout if the queries are known to be slow",
                    exception);
        } catch (ConnectException exception) {
            throw new CheckException(Status.FAIL, api + " is unreachable: connection refused", exception);
        } catch (SSLException exception) {
            throw new CheckException(
                    Status.FAIL,
                    "TLS with " + base.getHost() + " failed: " + exception.getMessage()
                            + ". The certificate must be trusted by the JVM's trust store",
                    exception);
        } catch (IOException | UnresolvedAddressException exception) {
            throw new CheckException(Status.FAIL, "Request to " + api + " failed: " + describe(exception), exception);
        }
        // Hidden before anything is cut from it (see httpHealth): a cut inside an echoed secret keeps its start.
        String body = Redaction.redact(response.body().text(), secrets);
        int status = response.statusCode();
        if (response.body().isTruncated()) {
            throw new CheckException("The answer of " + api + " is larger than " + Quantity.format(MAX_BODY, Unit.BYTES)
                    + ": aggregate the query (sum by, topk) so that it returns fewer series, or shorten 'for'");
        }
        if (status == 401 || status == 403) {
            throw new CheckException(api + " answered " + status + (status == 401 ? " (unauthorized)" : " (forbidden)")
                    + ": "
                    + (credentialsId == null
                            ? "it needs credentials; name them with 'credentials'"
                            : "the credentials '" + credentialsId + "' were refused or may not query; check them and"
                                    + " 'authentication'")
                    + ". It answered: " + preview(body));
        }
        if (status >= 300 && status < 400) {
            throw new CheckException(api + " answered " + status + " (a redirect to "
                    + response.headers().firstValue("Location").orElse("nowhere")
                    + "), which is not followed: give the URL the API answers at, without a login page in between");
        }
        if (!body.stripLeading().startsWith("{")) {
            throw new CheckException(api + " answered " + status + " with something other than a Prometheus API"
                    + " answer; check 'url' (the base URL, /api/v1/query is appended). It answered: " + preview(body));
        }
        return body;
    }

    private void judge(
            final PrometheusQuery query,
            final String body,
            final Instant now,
            final CheckResult.Builder result,
            final List<Finding> findings) {
        String name = query.name();
        PrometheusAnswer answer;
        try {
            answer = PrometheusAnswer.parse(body);
        } catch (MalformedAnswerException exception) {
            error(
                    result,
                    findings,
                    "The answer to " + name + " " + exception.getMessage()
                            + ": the URL does not lead to a Prometheus-compatible API. It starts with: "
                            + preview(body));
            return;
        }
        if (!answer.isSuccess()) {
            error(result, findings, "Prometheus refused " + name + ": " + answer.errorType() + ": " + answer.error());
            return;
        }
        answer.infos().forEach(info -> result.detail(name + ": Prometheus notes: " + info));
        if (answer.isPartial()) {
            error(
                    result,
                    findings,
                    "The answer to " + name + " is partial (isPartial: true): some storage nodes did"
                            + " not answer, so series may be missing; nothing is judged on a partial answer");
            return;
        }
        if (!answer.warnings().isEmpty()) {
            result.raise(Status.WARN);
            findings.add(new Finding(
                    Status.WARN,
                    name + ": Prometheus warned that the answer may be incomplete: "
                            + answer.warnings().get(0)));
            answer.warnings().forEach(warning -> result.detail(name + ": Prometheus warned: " + warning));
        }
        if (!query.hasWindow() && ("matrix".equals(answer.resultType()) || "string".equals(answer.resultType()))) {
            error(
                    result,
                    findings,
                    name + " returns a " + ("matrix".equals(answer.resultType()) ? "range vector (matrix)" : "string")
                            + ", which has no single value to judge: write an instant vector or scalar expression, such as"
                            + " max_over_time(...[10m]) instead of ...[10m], or use 'for' to judge a window");
            return;
        }
        if (query.hasWindow() && !"matrix".equals(answer.resultType())) {
            error(
                    result,
                    findings,
                    "The range answer to " + name + " is a " + answer.resultType()
                            + ", not a matrix: the API does not answer range queries as Prometheus does");
            return;
        }
        Optional<Series> histogram = answer.histogram();
        if (histogram.isPresent()) {
            error(
                    result,
                    findings,
                    name + " returns native histograms (" + seriesName(name, histogram.get())
                            + "), which have no single value to judge: use histogram_quantile, histogram_count or"
                            + " histogram_sum");
            return;
        }
        List<Series> present = answer.series().stream()
                .filter(series -> !series.samples().isEmpty())
                .toList();
        Duration window = query.window();
        String when = window != null
                ? "over the " + Quantity.format(window) + " up to " + now.truncatedTo(ChronoUnit.SECONDS)
                : "at " + now.truncatedTo(ChronoUnit.SECONDS);
        if (present.isEmpty()) {
            absent(
                    query,
                    name + " returned no series " + when
                            + ": the metric is absent, renamed or stale (Prometheus drops a series when its target"
                            + " disappears, and 5 minutes after its last sample)",
                    result,
                    findings);
            return;
        }
        Duration step = query.step();
        if (step != null) {
            double lastStep = (now.toEpochMilli() - step.toMillis()) / 1000.0;
            double latest = present.stream()
                    .mapToDouble(series ->
                            series.samples().get(series.samples().size() - 1).time())
                    .max()
                    .orElse(0);
            if (latest <= lastStep) {
                absent(
                        query,
                        name + " has no series at the end of its window (the latest value is from "
                                + Instant.ofEpochMilli(Math.round(latest * 1000))
                                        .truncatedTo(ChronoUnit.SECONDS)
                                + "): the metric went stale or absent during the window",
                        result,
                        findings);
            }
        }
        result.detail(name + ": " + present.size() + " series " + when + " for " + query.expression());
        List<Judged> judged = present.stream()
                .map(series -> judgeSeries(query, series))
                .sorted(Comparator.comparing(Judged::status)
                        .thenComparingDouble(judgedSeries -> badness(query, judgedSeries))
                        .reversed())
                .toList();
        int shown = 0;
        for (Judged series : judged) {
            if (shown == MAX_SERIES_SHOWN) {
                result.detail(name + ": " + (judged.size() - shown)
                        + " more series not listed, none worse than those listed");
                break;
            }
            shown++;
            Measurement measurement = series.measurement();
            if (measurement != null) {
                result.measurement(measurement);
                result.detail(series.name() + " = " + measurement.formattedValue()
                        + (series.description().isEmpty() ? "" : " " + series.description()) + " ("
                        + query.threshold().describe() + "): " + series.status());
            } else {
                result.raise(series.status());
                result.detail(series.description());
            }
        }
        judged.stream()
                .filter(series -> series.status() != Status.PASS)
                .limit(MAX_SERIES_SHOWN)
                .forEach(series -> findings.add(new Finding(series.status(), series.finding(query.threshold()))));
        Judged worst = judged.get(0);
        Measurement worstMeasurement = worst.measurement();
        if (worst.status() == Status.PASS && worstMeasurement != null) {
            String value = worstMeasurement.formattedValue();
            findings.add(new Finding(
                    Status.PASS,
                    judged.size() == 1
                            ? name + " = " + value
                            : name + ": " + judged.size() + " series, worst " + value));
        }
    }

    /** Judges a query that has no series now, as its {@code onEmpty} says. */
    private static void absent(
            final PrometheusQuery query,
            final String sentence,
            final CheckResult.Builder result,
            final List<Finding> findings) {
        String name = query.name();
        switch (query.onEmpty()) {
            case PASS -> {
                result.raise(Status.PASS);
                result.detail(sentence + "; this passes, as onEmpty: pass says");
                findings.add(new Finding(Status.PASS, name + ": no series now, as onEmpty: pass allows"));
            }
            case WARN -> {
                result.raise(Status.WARN);
                result.detail(sentence + "; this warns, as onEmpty: warn says");
                findings.add(new Finding(Status.WARN, sentence + "; onEmpty: warn"));
            }
            default ->
                error(
                        result,
                        findings,
                        sentence + ". Check the query, or set onEmpty: pass if no series" + " means healthy");
        }
    }

    private static Judged judgeSeries(final PrometheusQuery query, final Series series) {
        String name = seriesName(query.name(), series);
        List<Sample> samples = series.samples();
        Optional<Sample> notFinite =
                samples.stream().filter(sample -> !sample.isFinite()).findFirst();
        if (notFinite.isPresent()) {
            Sample sample = notFinite.get();
            String at = Instant.ofEpochMilli(Math.round(sample.time() * 1000))
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString();
            String why = Double.isNaN(sample.value())
                    ? " is NaN (not a number) at " + at + ", so there is nothing to judge: Prometheus returns NaN for"
                            + " 0/0, such as a ratio without traffic, or when the target exports NaN. Write the query"
                            + " so that it has a value"
                    : " is " + sample.text() + " at " + at + ", which cannot be judged: a division by zero? Write the"
                            + " query so that it has a finite value";
            return new Judged(name, Status.ERROR, null, name + why);
        }
        Threshold threshold = query.threshold();
        Direction direction = threshold.direction();
        Sample worst = samples.get(0);
        for (Sample sample : samples) {
            if (direction.isBreached(sample.value(), worst.value()) && sample.value() != worst.value()) {
                worst = sample;
            }
        }
        double value = worst.value() * query.unit().factor();
        Measurement measurement =
                new Threshold(name, threshold.unit(), direction, threshold.warn(), threshold.fail()).measure(value);
        String description = "";
        if (query.hasWindow()) {
            description = "(" + (direction == Direction.ABOVE ? "highest" : "lowest") + " of " + samples.size()
                    + " points, at "
                    + Instant.ofEpochMilli(Math.round(worst.time() * 1000)).truncatedTo(ChronoUnit.SECONDS)
                    + ")";
        }
        return new Judged(name, measurement.status(), measurement, description);
    }

    /** How far a series is on the bad side, for sorting: higher is worse. */
    private static double badness(final PrometheusQuery query, final Judged series) {
        Measurement measurement = series.measurement();
        if (measurement == null) {
            return Double.POSITIVE_INFINITY;
        }
        return query.threshold().direction() == Direction.ABOVE ? measurement.value() : -measurement.value();
    }

    /** Returns a series' name as PromQL writes a selector: the query's name, then the labels. */
    static String seriesName(final String queryName, final Series series) {
        SortedMap<String, String> labels = series.labels();
        if (labels.isEmpty()) {
            return queryName;
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        String metric = labels.remove("__name__");
        if (metric != null) {
            ordered.put("__name__", metric);
        }
        ordered.putAll(labels);
        return queryName
                + ordered.entrySet().stream()
                        .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
                        .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String escape(final String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void error(final CheckResult.Builder result, final List<Finding> findings, final String sentence) {
        result.raise(Status.ERROR);
        result.detail(sentence);
        findings.add(new Finding(Status.ERROR, sentence));
    }

    private static String summary(final List<Finding> findings) {
        Optional<Status> worst = findings.stream().map(Finding::status).max(Comparator.naturalOrder());
        if (worst.isEmpty()) {
            return "No query was judged";
        }
        List<String> texts = findings.stream()
                .filter(finding -> finding.status() == worst.get())
                .map(Finding::text)
                .toList();
        if (worst.get() == Status.PASS) {
            return "Within limits: " + String.join("; ", texts);
        }
        String first = texts.get(0);
        return texts.size() == 1 ? first : first + " (and " + (texts.size() - 1) + " more)";
    }

    private Optional<String> authorization(final CheckContext context) throws CheckException {
        return HttpAuthentication.header(context, credentialsId, authentication);
    }

    private String api() {
        return "The Prometheus API at " + base;
    }

    private static String seconds(final Instant instant) {
        return seconds(instant.toEpochMilli());
    }

    private static String seconds(final long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static String preview(final String body) {
        String text = body.substring(0, Math.min(body.length(), PREVIEW_LENGTH)).strip();
        return text.isEmpty() ? "(empty)" : text;
    }

    private static String describe(final Exception exception) {
        return exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    }

    /** One thing the summary may name, with its status. */
    private record Finding(Status status, String text) {}

    /** A series judged: a measurement, or an ERROR sentence when it has no value to judge. */
    private record Judged(
            String name, Status status, @CheckForNull Measurement measurement, String description) {
        /** Returns what the summary says of this series: its value beside the limits, or why it has none. */
        String finding(final Threshold threshold) {
            Measurement value = measurement;
            return value == null
                    ? description
                    : name + " " + value.formattedValue() + " (" + threshold.describe() + ")";
        }
    }
}
