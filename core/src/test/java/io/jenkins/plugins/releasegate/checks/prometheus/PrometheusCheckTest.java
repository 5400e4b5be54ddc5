package io.jenkins.plugins.releasegate.checks.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import io.jenkins.plugins.releasegate.testsupport.PrometheusServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs prometheus checks against a real Prometheus server (Debian's {@code prometheus}) that scrapes a small
 * exporter served by the test, through the definition loader and the gate runner.
 *
 * <p>Stale series: Prometheus writes a staleness marker when a series disappears from its target's answer
 * (or the target goes away), and from then on the query API leaves the series out. A stale series is
 * therefore an absent one: an instant query judges it by {@code onEmpty}, a window judges the values it still
 * has and, if no series is left at the window's end, {@code onEmpty} as well.</p>
 */
class PrometheusCheckTest {
    private static final Duration SAFETY_NET = Duration.ofSeconds(60);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);
    private static final String READER = "gate-reader";
    private static final String READER_PASSWORD = "pr0m-Reader-5ecret";
    /** The bcrypt hash of {@link #READER_PASSWORD} (cost 10), as Prometheus' web configuration wants it. */
    private static final String READER_HASH = "$2a$10$vutVBleBE7lICEn4RVKZ8u3SD1tlGwAk73k8o9zSTTqxuCfhbUzte";

    /** The exporter's series and their values, in the text exposition format: {@code name{labels}} to value. */
    private static final Map<String, String> EXPORTED = new ConcurrentSkipListMap<>();

    private static HttpServer exporter;
    private static PrometheusServer prometheus;
    private static PrometheusServer guarded;

    @BeforeAll
    static void startPrometheus() throws Exception {
        EXPORTED.put("orders_http_error_ratio{route=\"/checkout\"}", "0.02");
        EXPORTED.put("orders_http_error_ratio{route=\"/cart\"}", "0.001");
        EXPORTED.put("orders_queue_depth", "NaN");
        EXPORTED.put("orders_free_bytes{volume=\"data\"}", "5e9");
        EXPORTED.put("orders_availability_ratio", "0.9");
        EXPORTED.put("orders_batch_lag_seconds{job_name=\"nightly\"}", "12");
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/metrics", PrometheusCheckTest::export);
        exporter.start();
        String target = "127.0.0.1:" + exporter.getAddress().getPort();
        prometheus = PrometheusServer.start(List.of(target));
        guarded = PrometheusServer.startWithBasicAuthentication(List.of(target), READER, READER_HASH, READER_PASSWORD);

        // The availability was bad, and is good now; the nightly batch's lag series has gone stale.
        awaitAnswer(prometheus, "orders_availability_ratio", body -> body.contains("\"0.9\""));
        awaitAnswer(prometheus, "orders_batch_lag_seconds", body -> body.contains("\"12\""));
        awaitAnswer(prometheus, "orders_queue_depth", body -> body.contains("\"NaN\""));
        EXPORTED.put("orders_availability_ratio", "0.999");
        EXPORTED.remove("orders_batch_lag_seconds{job_name=\"nightly\"}");
        awaitAnswer(prometheus, "orders_availability_ratio", body -> body.contains("\"0.999\""));
        awaitAnswer(prometheus, "orders_batch_lag_seconds", body -> body.contains("\"result\":[]"));
        awaitAnswer(guarded, "orders_availability_ratio", body -> body.contains("\"0.999\""));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (guarded != null) {
            guarded.stop();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    private static void export(final HttpExchange exchange) throws IOException {
        Map<String, List<String>> byMetric = new TreeMap<>();
        EXPORTED.forEach(
                (series, value) -> byMetric.computeIfAbsent(series.replaceAll("\\{.*", ""), name -> new ArrayList<>())
                        .add(series + " " + value));
        StringBuilder text = new StringBuilder();
        byMetric.forEach((metric, lines) -> {
            text.append("# HELP ").append(metric).append(" set by the test\n");
            text.append("# TYPE ").append(metric).append(" gauge\n");
            lines.forEach(line -> text.append(line).append('\n'));
        });
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
        exchange.close();
    }

    /** Waits, polling the API with a bound, until the answer to a query shows what the test set. */
    private static void awaitAnswer(final PrometheusServer server, final String promql, final Predicate<String> shown)
            throws Exception {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = server.query(promql);
            if (shown.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not show the expected answer to " + promql + " within "
                + VISIBLE_WITHIN.toSeconds() + "s; last answer: " + last + "\nlog:\n" + server.log());
    }

    static GateDefinition gate(final String check) {
        try {
            return new GateDefinitionLoader(new CheckTypes(List.of(new PrometheusCheckType())))
                    .load(
                            "version: 1\nname: orders release\nchecks:\n  - id: error-budget\n    type: prometheus\n"
                                    + check.indent(4),
                            "gate.yaml");
        } catch (InvalidDefinitionException exception) {
            throw new IllegalArgumentException(exception.getMessage(), exception);
        }
    }

    static CheckResult run(final String check) {
        return run(check, GateEnvironment.builder().build());
    }

    static CheckResult run(final String check, final GateEnvironment environment) {
        GateDefinition gate = gate(check);
        GateResult result = assertTimeoutPreemptively(
                SAFETY_NET, () -> new GateRunner().run(gate, environment, GateListener.none()));
        CheckOutcome outcome = result.getChecks().get(0);
        assertThat(result.getVerdict()).isEqualTo(outcome.status());
        return outcome.result();
    }

    static GateEnvironment withCredentials(final Credentials credentials) {
        return GateEnvironment.builder()
                .credentials(id -> {
                    if (!id.equals(credentials.getId())) {
                        throw new CheckException("No credentials with id '" + id + "'");
                    }
                    return credentials;
                })
                .build();
    }

    static String everything(final CheckResult result) {
        List<String> texts = new ArrayList<>();
        texts.add(result.getSummary());
        texts.addAll(result.getDetails());
        result.getMeasurements().forEach(measurement -> texts.add(measurement.name()));
        return String.join("\n", texts);
    }

    private static String query(final String name, final String promql, final String more) {
        return "  - name: " + name + "\n    query: '" + promql.replace("'", "''") + "'\n" + more.indent(4);
    }

    private static String check(final String... queries) {
        return "url: " + prometheus.url() + "\nqueries:\n" + String.join("", queries);
    }

    @Test
    void shouldJudgeEverySeriesOfAVectorWithItsLabels() {
        // Given a 5xx ratio per route: /checkout at 0.02, /cart at 0.001
        // When it is checked against warn 0.01 and fail 0.05
        CheckResult result =
                run(check(query("http-5xx-ratio", "orders_http_error_ratio", "thresholds: {warn: 0.01, fail: 0.05}")));

        // Then /checkout warns, /cart passes, and each series is named by its labels
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        String checkout = "http-5xx-ratio{__name__=\"orders_http_error_ratio\", instance=\"127.0.0.1:"
                + exporter.getAddress().getPort() + "\", job=\"orders\", route=\"/checkout\"}";
        assertThat(result.getMeasurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(checkout, 0.02, Status.WARN),
                        org.assertj.core.groups.Tuple.tuple(
                                checkout.replace("/checkout", "/cart"), 0.001, Status.PASS));
        assertThat(result.getSummary()).isEqualTo(checkout + " 0.02 (warn ≥ 0.01, fail ≥ 0.05)");
        assertThat(result.getDetails())
                .contains(checkout + " = 0.02 (warn ≥ 0.01, fail ≥ 0.05): WARN")
                .anySatisfy(line -> assertThat(line).startsWith("http-5xx-ratio: 2 series at "));
    }

    @Test
    void shouldPassAScalarWithinItsLimits() {
        // Given an expression of scalar type, and an aggregation that keeps no labels
        // When they are checked
        CheckResult result = run(check(
                query("total-5xx", "scalar(sum(orders_http_error_ratio))", "thresholds: {warn: 0.05, fail: 0.1}"),
                query("worst-route", "max(orders_http_error_ratio)", "thresholds: {warn: 0.05, fail: never}")));

        // Then both pass, measured under their names alone
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getMeasurements())
                .extracting(Measurement::name, Measurement::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("total-5xx", 0.021),
                        org.assertj.core.groups.Tuple.tuple("worst-route", 0.02));
        assertThat(result.getSummary()).isEqualTo("Within limits: total-5xx = 0.021; worst-route = 0.02");
    }

    @Test
    void shouldFailWhenALimitIsReachedAndShowSizesInTheirUnit() {
        // Given free disk space of 5 GB, judged with lower is worse, in bytes
        // When it is checked against warn below 10GiB and fail below 8GiB
        CheckResult result = run(check(query(
                "free-disk",
                "orders_free_bytes",
                "unit: bytes\ndirection: below\nthresholds: {warn: 10GiB, fail: 8GiB}")));

        // Then it fails, showing the size as people read it
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).endsWith(" 4.7 GiB (warn < 10.0 GiB, fail < 8.0 GiB)");
    }

    @Test
    void shouldJudgeTheWorstValueOfAWindow() {
        // Given an availability that was 90% a moment ago and is 99.9% now
        String limits = "unit: ratio\ndirection: below\nthresholds: {warn: 99.5%, fail: 99%}\n";

        // When it is checked now, and over the last 5 minutes
        CheckResult now = run(check(query("availability", "orders_availability_ratio", limits)));
        CheckResult window =
                run(check(query("availability", "orders_availability_ratio", limits + "for: 5m\nstep: 1s")));

        // Then now passes at 99.9%, while the window fails on its lowest value, 90%
        assertThat(now.getStatus()).isEqualTo(Status.PASS);
        assertThat(now.getMeasurements().get(0).value()).isCloseTo(99.9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(window.getStatus()).isEqualTo(Status.FAIL);
        assertThat(window.getMeasurements().get(0).value())
                .isCloseTo(90.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(window.getSummary()).endsWith(" 90% (warn < 99.5%, fail < 99%)");
        assertThat(window.getDetails())
                .anySatisfy(
                        line -> assertThat(line).contains("= 90% (lowest of ").contains(" points, at "))
                .anySatisfy(line -> assertThat(line).startsWith("availability: 1 series over the 5m up to "));
    }

    @Test
    void shouldBeErrorForAnEmptyAnswerUnlessOnEmptySaysOtherwise() {
        // Given a metric nobody exports
        String absent = "orders_never_exported_total";

        // When it is checked with each onEmpty
        CheckResult byDefault = run(check(query("absent", absent, "thresholds: {fail: 1}")));
        CheckResult passing = run(check(query("absent", absent, "thresholds: {fail: 1}\nonEmpty: pass")));
        CheckResult warning = run(check(query("absent", absent, "thresholds: {fail: 1}\nonEmpty: warn")));

        // Then it is ERROR by default, saying why a series can be missing, and PASS or WARN when asked for
        assertThat(byDefault.getStatus()).isEqualTo(Status.ERROR);
        assertThat(byDefault.getSummary())
                .startsWith("absent returned no series at ")
                .contains("the metric is absent, renamed or stale")
                .endsWith("Check the query, or set onEmpty: pass if no series means healthy");
        assertThat(passing).hasToString("PASS: Within limits: absent: no series now, as onEmpty: pass allows");
        assertThat(warning.getStatus()).isEqualTo(Status.WARN);
        assertThat(warning.getSummary()).endsWith("; onEmpty: warn");
    }

    @Test
    void shouldTreatAStaleSeriesAsAbsent() {
        // Given the nightly batch's lag series, exported a moment ago and gone now (Prometheus marked it stale)
        String lag = "orders_batch_lag_seconds";

        // When it is checked now, and over the last 5 minutes
        CheckResult now = run(check(query("batch-lag", lag, "unit: seconds\nthresholds: {warn: 1m, fail: 5m}")));
        CheckResult window = run(
                check(query("batch-lag", lag, "unit: seconds\nthresholds: {warn: 1m, fail: 5m}\nfor: 5m\nstep: 1s")));

        // Then now it is absent: ERROR; the window judges the values it had, and is ERROR for the end it lacks
        assertThat(now.getStatus()).isEqualTo(Status.ERROR);
        assertThat(now.getSummary()).startsWith("batch-lag returned no series at ");
        assertThat(window.getStatus()).isEqualTo(Status.ERROR);
        assertThat(window.getMeasurements()).singleElement().satisfies(measurement -> {
            assertThat(measurement.value()).isEqualTo(12.0);
            assertThat(measurement.status()).isEqualTo(Status.PASS);
        });
        assertThat(window.getSummary())
                .startsWith("batch-lag has no series at the end of its window (the latest value is from ")
                .contains("the metric went stale or absent during the window");
    }

    @Test
    void shouldBeErrorForNaN() {
        // Given a target that exports NaN
        // When it is checked
        CheckResult result =
                run(check(query("queue-depth", "orders_queue_depth", "thresholds: {warn: 100, fail: 1000}")));

        // Then nothing can be judged: ERROR, saying where NaN comes from
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getMeasurements()).isEmpty();
        assertThat(result.getSummary())
                .startsWith("queue-depth{__name__=\"orders_queue_depth\", ")
                .contains(" is NaN (not a number) at ")
                .contains("Prometheus returns NaN for 0/0");
    }

    @Test
    void shouldBeErrorForARangeVectorOrAString() {
        // Given expressions that return a range vector and a string
        // When they are checked as instant queries
        CheckResult matrix = run(check(query("ratio-window", "orders_http_error_ratio[1m]", "thresholds: {fail: 1}")));
        CheckResult string = run(check(query("text", "\"orders\"", "thresholds: {fail: 1}")));

        // Then each is ERROR with a sentence saying what to write instead
        assertThat(matrix)
                .hasToString("ERROR: ratio-window returns a range vector (matrix), which has no single value to judge:"
                        + " write an instant vector or scalar expression, such as max_over_time(...[10m]) instead of"
                        + " ...[10m], or use 'for' to judge a window");
        assertThat(string.getStatus()).isEqualTo(Status.ERROR);
        assertThat(string.getSummary()).startsWith("text returns a string, which has no single value to judge: ");
    }

    @Test
    void shouldBeErrorWithPrometheusOwnTextWhenItRefusesAQuery() {
        // Given a query with a syntax error, and a range vector over a window (which Prometheus refuses)
        // When they are checked
        CheckResult syntax = run(check(query("broken", "sum(orders_http_error_ratio", "thresholds: {fail: 1}")));
        CheckResult range =
                run(check(query("ranged", "orders_http_error_ratio[1m]", "thresholds: {fail: 1}\nfor: 1m")));

        // Then each is ERROR with Prometheus' error type and text
        assertThat(syntax)
                .hasToString("ERROR: Prometheus refused broken: bad_data: invalid parameter \"query\": 1:28: parse"
                        + " error: unclosed left parenthesis");
        assertThat(range.getSummary())
                .isEqualTo("Prometheus refused ranged: bad_data: invalid expression type \"range vector\" for range"
                        + " query, must be Scalar or instant Vector");
    }

    @Test
    void shouldReportTheWorstOfSeveralQueries() {
        // Given a check of three queries: one passes, one warns, one fails
        CheckResult result = run(check(
                query(
                        "availability",
                        "orders_availability_ratio",
                        "unit: ratio\ndirection: below\n" + "thresholds: {warn: 99.5%, fail: 99%}"),
                query("http-5xx-ratio", "orders_http_error_ratio", "thresholds: {warn: 0.01, fail: 0.05}"),
                query(
                        "free-disk",
                        "sum(orders_free_bytes)",
                        "unit: bytes\ndirection: below\n" + "thresholds: {warn: 10GiB, fail: 8GiB}")));

        // Then the check fails, the summary names the failure, and every query's measurements are kept
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).isEqualTo("free-disk 4.7 GiB (warn < 10.0 GiB, fail < 8.0 GiB)");
        assertThat(result.getMeasurements())
                .extracting(Measurement::status)
                .containsExactly(Status.PASS, Status.WARN, Status.PASS, Status.FAIL);
    }

    @Test
    void shouldFailWhenPrometheusIsUnreachable() throws IOException {
        // Given a closed port
        int port = LocalPorts.unused();

        // When it is checked
        CheckResult result = run("url: http://127.0.0.1:" + port + "\nqueries:\n"
                + query("availability", "up", "thresholds: {fail: 1}"));

        // Then the check fails: unreachable is FAIL, not ERROR
        assertThat(result)
                .hasToString("FAIL: The Prometheus API at http://127.0.0.1:" + port
                        + "/ is unreachable: connection refused");
    }

    @Test
    void shouldAuthenticateWithBasicCredentialsWithoutShowingThem() {
        // Given a Prometheus that asks for basic authentication, and right, wrong and no credentials
        String check = "url: " + guarded.url() + "\ncredentials: prometheus-reader\nqueries:\n"
                + query(
                        "availability",
                        "orders_availability_ratio",
                        "unit: ratio\ndirection: below\n" + "thresholds: {warn: 99.5%, fail: 99%}");
        String wrongPassword = READER_PASSWORD + "-old";
        String encoded =
                Base64.getEncoder().encodeToString((READER + ":" + wrongPassword).getBytes(StandardCharsets.UTF_8));

        // When it is checked with each
        CheckResult accepted = run(
                check,
                withCredentials(Credentials.usernamePassword("prometheus-reader", READER, Secret.of(READER_PASSWORD))));
        CheckResult refused = run(
                check,
                withCredentials(Credentials.usernamePassword("prometheus-reader", READER, Secret.of(wrongPassword))));
        CheckResult anonymous = run(check.replace("credentials: prometheus-reader\n", ""));

        // Then the right ones pass; without them, or with wrong ones, nothing is measured: ERROR, saying what to
        // check, and neither the password nor its encoding shows
        assertThat(accepted.getStatus()).isEqualTo(Status.PASS);
        assertThat(refused.getStatus()).isEqualTo(Status.ERROR);
        assertThat(refused.getSummary())
                .startsWith("The Prometheus API at " + guarded.url() + "/ answered 401 (unauthorized): the credentials"
                        + " 'prometheus-reader' were refused or may not query; check them and 'authentication'.");
        assertThat(everything(refused)).doesNotContain(wrongPassword).doesNotContain(encoded);
        assertThat(anonymous.getSummary())
                .startsWith("The Prometheus API at " + guarded.url() + "/ answered 401 (unauthorized): it needs"
                        + " credentials; name them with 'credentials'.");
    }
}
