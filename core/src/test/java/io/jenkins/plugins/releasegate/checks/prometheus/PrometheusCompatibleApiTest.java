package io.jenkins.plugins.releasegate.checks.prometheus;

import static io.jenkins.plugins.releasegate.checks.prometheus.PrometheusCheckTest.everything;
import static io.jenkins.plugins.releasegate.checks.prometheus.PrometheusCheckTest.run;
import static io.jenkins.plugins.releasegate.checks.prometheus.PrometheusCheckTest.withCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs prometheus checks against answers served by the test where Prometheus-compatible servers differ from
 * Prometheus, or where Prometheus cannot easily be made to answer so: VictoriaMetrics' whole-number
 * timestamps, {@code isPartial} and {@code stats}; Thanos' {@code warnings}; infinite values, native
 * histograms, a proxy's login redirect, bearer tokens, answers too large to read, and an untrusted
 * certificate. The JSON follows the answers these servers document.
 */
class PrometheusCompatibleApiTest {
    private static final String TOKEN = "vm-t0ken-7c1e-secret";
    private static final long NOW = 1_796_531_131L;

    /** The parameters of the latest request to each base path. */
    private static final Map<String, Map<String, String>> PARAMETERS = new ConcurrentHashMap<>();

    @TempDir
    static Path temporary;

    private static HttpServer server;
    private static HttpsServer tlsServer;
    private static String base;

    @BeforeAll
    static void startServers() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // VictoriaMetrics: whole-number timestamps, "isPartial" and "stats" beside "data"
        answer("/vm", 200, """
                {"status":"success","isPartial":false,"data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"orders_http_error_ratio","route":"/checkout"},"value":[NOW,"0.07"]},
                  {"metric":{"__name__":"orders_http_error_ratio","route":"/cart","note":"say \\"hi\\""},"value":[NOW,"0.001"]}
                ]},"stats":{"seriesFetched":"2","executionTimeMsec":3}}
                """, """
                {"status":"success","isPartial":false,"data":{"resultType":"matrix","result":[
                  {"metric":{"route":"/checkout"},"values":[[NOW-120,"0.001"],[NOW-60,"0.03"],[NOW,"0.002"]]}
                ]},"stats":{"seriesFetched":"1","executionTimeMsec":5}}
                """);
        answer("/vm-partial", 200, """
                {"status":"success","isPartial":true,"data":{"resultType":"vector","result":[
                  {"metric":{},"value":[NOW,"0.001"]}]}}
                """, null);
        // Thanos: a partial response is an answer with warnings
        answer("/thanos", 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[NOW.5,"0.001"]}]},
                 "warnings":["No StoreAPIs matched for this query"]}
                """, null);
        answer("/infinite", 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"orders"},"value":[NOW,"+Inf"]}]}}
                """, null);
        answer("/histogram", 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"orders_latency_seconds"},
                 "histogram":[NOW,{"count":"3","sum":"1.5","buckets":[[0,"0.5","1","3"]]}]}]}}
                """, null);
        answer("/not-a-number", 200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[NOW,"many"]}]}}
                """, null);
        answer("/vector-for-range", 200, null, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[NOW,"0.001"]}]}}
                """);
        answer("/timeout", 503, """
                {"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}
                """, null);
        server.createContext("/login/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://sso.example.com/login");
            respond(exchange, 302, "text/html", "<a href=\"https://sso.example.com/login\">Found</a>");
        });
        server.createContext(
                "/html/", exchange -> respond(exchange, 200, "text/html", "<html><body>Grafana</body></html>"));
        server.createContext("/large/", exchange -> {
            StringBuilder body =
                    new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
            String series = "{\"metric\":{\"pod\":\"orders-%07d\"},\"value\":[" + NOW + ",\"1\"]},";
            for (int index = 0; body.length() <= PrometheusCheck.MAX_BODY; index++) {
                body.append(series.formatted(index));
            }
            respond(exchange, 200, "application/json", body.append("{}]}}").toString());
        });
        server.createContext("/bearer/", exchange -> {
            String received = exchange.getRequestHeaders().getFirst("Authorization");
            if (("Bearer " + TOKEN).equals(received)) {
                respond(exchange, 200, "application/json", """
                        {"status":"success","data":{"resultType":"scalar","result":[%d,"0.001"]}}
                        """.formatted(NOW));
            } else {
                // a proxy that echoes what it received; the report must still not show the token
                respond(exchange, 401, "text/plain", "Unauthorized. You sent: Authorization: " + received);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        tlsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext()));
        tlsServer.createContext("/", exchange -> respond(exchange, 200, "application/json", """
                {"status":"success","data":{"resultType":"scalar","result":[%d,"0.001"]}}
                """.formatted(NOW)));
        tlsServer.start();
    }

    @AfterAll
    static void stopServers() {
        server.stop(0);
        tlsServer.stop(0);
    }

    /** Serves a base path's instant and range query answers, recording the parameters of each request. */
    private static void answer(final String path, final int status, final String instant, final String range) {
        server.createContext(path + "/api/v1/", answering(path, status, instant, range));
    }

    private static HttpHandler answering(
            final String path, final int status, final String instant, final String range) {
        return exchange -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : (query == null ? "" : query).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(
                            pair.substring(0, equals),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            PARAMETERS.put(path, parameters);
            boolean isRange = exchange.getRequestURI().getPath().endsWith("/query_range");
            String answer = isRange ? range : instant;
            long now = (long) Double.parseDouble(parameters.getOrDefault(isRange ? "end" : "time", "0"));
            if (answer != null) {
                // evaluated at the time asked for, as the servers do
                answer = answer.replace("NOW-120", Long.toString(now - 120))
                        .replace("NOW-60", Long.toString(now - 60))
                        .replace("NOW", Long.toString(now));
            }
            if (answer == null) {
                respond(exchange, 404, "text/plain", "404 page not found");
            } else {
                respond(exchange, status, "application/json", answer);
            }
        };
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
        exchange.close();
    }

    /** Creates a TLS context with a fresh self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static SSLContext selfSignedContext() throws Exception {
        Path keystore = temporary.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit",
                        "-noprompt")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream input = Files.newInputStream(keystore)) {
            store.load(input, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static String check(final String path, final String more) {
        return "url: " + base + path + "\nqueries:\n  - name: errors\n    query: sum(rate(http_requests_total[5m]))\n"
                + "    thresholds: {warn: 0.01, fail: 0.05}\n" + more.indent(4);
    }

    @Test
    void shouldReadVictoriaMetricsAnswersAndSendTheQueryWithItsTimes() {
        // Given VictoriaMetrics' answers: whole-number timestamps, "isPartial": false and "stats"
        // When an instant and a window query are checked against it
        CheckResult instant = run(check("/vm", ""));
        Map<String, String> instantParameters = PARAMETERS.get("/vm");
        CheckResult window = run(check("/vm", "for: 10m\nstep: 1m"));
        Map<String, String> rangeParameters = PARAMETERS.get("/vm");

        // Then each series is judged with its labels (quotes escaped), and the window on its highest value
        assertThat(instant.getStatus()).isEqualTo(Status.FAIL);
        assertThat(instant.getMeasurements())
                .extracting(Measurement::name, Measurement::value, Measurement::status)
                .containsExactly(
                        Tuple.tuple(
                                "errors{__name__=\"orders_http_error_ratio\", route=\"/checkout\"}", 0.07, Status.FAIL),
                        Tuple.tuple(
                                "errors{__name__=\"orders_http_error_ratio\", note=\"say \\\"hi\\\"\", route=\"/cart\"}",
                                0.001,
                                Status.PASS));
        assertThat(window.getStatus()).isEqualTo(Status.WARN);
        assertThat(window.getMeasurements())
                .singleElement()
                .extracting(Measurement::name, Measurement::value)
                .containsExactly("errors{route=\"/checkout\"}", 0.03);
        long end = (long) Double.parseDouble(rangeParameters.get("end"));
        assertThat(window.getDetails())
                .contains("errors{route=\"/checkout\"} = 0.03 (highest of 3 points, at "
                        + java.time.Instant.ofEpochSecond(end - 60) + ") (warn ≥ 0.01, fail ≥ 0.05): WARN");

        // And the expression was sent as written, with the evaluation time, the window and a server-side timeout
        assertThat(instantParameters)
                .containsEntry("query", "sum(rate(http_requests_total[5m]))")
                .containsKeys("time", "timeout")
                .doesNotContainKeys("start", "end", "step");
        assertThat(instantParameters.get("timeout")).matches("\\d+ms");
        assertThat(rangeParameters).containsEntry("step", "60.000").containsKeys("start", "end", "timeout");
        assertThat(Double.parseDouble(rangeParameters.get("end")) - Double.parseDouble(rangeParameters.get("start")))
                .isEqualTo(600.0);
    }

    @Test
    void shouldBeErrorForAPartialAnswer() {
        // Given an answer that says it is partial
        // When it is checked
        CheckResult result = run(check("/vm-partial", ""));

        // Then nothing is judged on it
        assertThat(result)
                .hasToString("ERROR: The answer to errors is partial (isPartial: true): some storage nodes did not"
                        + " answer, so series may be missing; nothing is judged on a partial answer");
        assertThat(result.getMeasurements()).isEmpty();
    }

    @Test
    void shouldWarnWhenTheAnswerCarriesWarnings() {
        // Given Thanos' answer with a warning beside a value within limits
        // When it is checked
        CheckResult result = run(check("/thanos", ""));

        // Then the value is judged, and the check warns with the server's words
        assertThat(result.getStatus()).isEqualTo(Status.WARN);
        assertThat(result.getSummary())
                .isEqualTo("errors: Prometheus warned that the answer may be incomplete: No StoreAPIs matched for this"
                        + " query");
        assertThat(result.getMeasurements())
                .singleElement()
                .extracting(Measurement::status)
                .isEqualTo(Status.PASS);
    }

    @Test
    void shouldBeErrorForValuesThatCannotBeJudged() {
        // Given answers with an infinite value, a native histogram, a value that is no number, and a vector where a
        // range query needs a matrix
        CheckResult infinite = run(check("/infinite", ""));
        CheckResult histogram = run(check("/histogram", ""));
        CheckResult word = run(check("/not-a-number", ""));
        CheckResult vector = run(check("/vector-for-range", "for: 5m"));

        // When they are checked, Then each is ERROR with a sentence that says why
        assertThat(infinite.getStatus()).isEqualTo(Status.ERROR);
        assertThat(infinite.getSummary())
                .startsWith("errors{job=\"orders\"} is +Inf at ")
                .endsWith("which cannot be judged: a division by zero? Write the query so that it has a finite value");
        assertThat(histogram)
                .hasToString("ERROR: errors returns native histograms (errors{__name__=\"orders_latency_seconds\"}),"
                        + " which have no single value to judge: use histogram_quantile, histogram_count or"
                        + " histogram_sum");
        assertThat(word.getSummary())
                .startsWith("The answer to errors has a sample value that is not a number: 'many': the URL does not"
                        + " lead to a Prometheus-compatible API.");
        assertThat(vector)
                .hasToString("ERROR: The range answer to errors is a vector, not a matrix: the API does not answer"
                        + " range queries as Prometheus does");
    }

    @Test
    void shouldBeErrorWhenTheServerGivesUpOnTheQuery() {
        // Given a server that answers its own timeout, as Prometheus does with 503
        // When it is checked
        CheckResult result = run(check("/timeout", ""));

        // Then it is ERROR with the server's error type and text
        assertThat(result)
                .hasToString("ERROR: Prometheus refused errors: timeout: query timed out in expression evaluation");
    }

    @Test
    void shouldBeErrorForAnswersThatAreNotTheApis() {
        // Given a proxy that redirects to a login page, a dashboard's HTML, and an answer larger than the limit
        // When they are checked
        CheckResult login = run(check("/login", ""));
        CheckResult html = run(check("/html", ""));
        CheckResult large = run(check("/large", ""));

        // Then each is ERROR, saying what came instead and what to do
        assertThat(login)
                .hasToString("ERROR: The Prometheus API at " + base + "/login/ answered 302 (a redirect to"
                        + " https://sso.example.com/login), which is not followed: give the URL the API answers at,"
                        + " without a login page in between");
        assertThat(html)
                .hasToString("ERROR: The Prometheus API at " + base + "/html/ answered 200 with something other than a"
                        + " Prometheus API answer; check 'url' (the base URL, /api/v1/query is appended). It answered:"
                        + " <html><body>Grafana</body></html>");
        assertThat(large)
                .hasToString("ERROR: The answer of The Prometheus API at " + base + "/large/ is larger than 8.0 MiB:"
                        + " aggregate the query (sum by, topk) so that it returns fewer series, or shorten 'for'");
    }

    @Test
    void shouldAuthenticateWithABearerTokenWithoutShowingIt() {
        // Given an API behind a proxy that wants a bearer token and echoes what it received
        String check = check("/bearer", "").replace("\nqueries:", "\ncredentials: vm-token\nqueries:");

        // When it is checked with the right token, and with a revoked one
        CheckResult accepted = run(check, withCredentials(Credentials.secretText("vm-token", Secret.of(TOKEN))));
        CheckResult refused =
                run(check, withCredentials(Credentials.secretText("vm-token", Secret.of(TOKEN + "-revoked"))));

        // Then the right one passes; the revoked one is ERROR, and the token never shows
        assertThat(accepted.getStatus()).isEqualTo(Status.PASS);
        assertThat(refused.getStatus()).isEqualTo(Status.ERROR);
        assertThat(refused.getSummary())
                .contains("answered 401 (unauthorized): the credentials 'vm-token' were refused")
                .contains("You sent: Authorization: Bearer ****");
        assertThat(everything(refused)).doesNotContain(TOKEN);
    }

    @Test
    void shouldFailWhenTheCertificateIsNotTrusted() {
        // Given an HTTPS API with a self-signed certificate, which the JVM's trust store does not hold
        String url = "https://127.0.0.1:" + tlsServer.getAddress().getPort();

        // When it is checked
        CheckResult result = run(
                "url: " + url + "\nqueries:\n  - name: errors\n    query: vector(0)\n" + "    thresholds: {fail: 1}\n");

        // Then TLS verification refuses it: FAIL, as for any API that cannot be reached
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("TLS with 127.0.0.1 failed: ")
                .endsWith("The certificate must be trusted by the JVM's trust store");
    }
}
