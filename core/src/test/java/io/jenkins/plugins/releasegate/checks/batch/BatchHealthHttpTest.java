package io.jenkins.plugins.releasegate.checks.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} source against a real HTTP server on 127.0.0.1 that wants a bearer token or a user
 * name and password.
 */
class BatchHealthHttpTest {
    private static final Instant NOW = Instant.parse("2025-03-10T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String TOKEN = "batch-api-Token-0815";
    private static final String PASSWORD = "Basic-Pa55-word";

    private static HttpServer server;
    private static final AtomicReference<String> DOCUMENT = new AtomicReference<>("{}");
    private static final AtomicInteger STATUS_CODE = new AtomicInteger(200);
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/status", BatchHealthHttpTest::answer);
        server.createContext("/old/status", exchange -> {
            exchange.getResponseHeaders().add("Location", "/api/status");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void resetServer() {
        STATUS_CODE.set(200);
        AUTHORIZATIONS.clear();
    }

    private static void answer(final HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATIONS.add(String.valueOf(authorization));
        boolean allowed = ("Bearer " + TOKEN).equals(authorization)
                || ("Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("monitor:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .equals(authorization);
        byte[] body = (allowed ? DOCUMENT.get() : "{\"error\": \"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(allowed ? STATUS_CODE.get() : 401, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static CredentialsResolver credentials() {
        return id -> switch (id) {
            case "batch-api-token" -> Credentials.secretText(id, Secret.of(TOKEN));
            case "batch-api-user" -> Credentials.usernamePassword(id, "monitor", Secret.of(PASSWORD));
            default -> throw new CheckException("no credentials " + id);
        };
    }

    private static String check(final String credentialsId, final String jobs) {
        return "source: http\nurl: " + url("/api/status") + "\ncredentials: " + credentialsId + "\njobs:\n"
                + jobs.strip().lines().map(line -> "  " + line).reduce("", (first, second) -> first + second + "\n");
    }

    private static String time(final Duration ago) {
        return NOW.minus(ago).toString();
    }

    @Test
    void shouldJudgeEachJobsStatusAndLastSuccess() throws Exception {
        // Given
        DOCUMENT.set("""
                {"jobs": {
                  "orderExport": {"state": "COMPLETED", "lastSuccess": "%s"},
                  "invoiceRun": {"state": "FAILED", "lastSuccess": "%s"},
                  "archive": {"state": "RUNNING", "lastSuccess": null},
                  "billing/eu": {"state": "OK"}
                }}""".formatted(time(Duration.ofHours(2)), time(Duration.ofHours(30))));

        // When
        CheckResult result = BatchGates.run(check("batch-api-token", """
                orderExport: {status: /jobs/orderExport/state, expected: [COMPLETED], lastSuccess: /jobs/orderExport/lastSuccess, maxAge: 25h}
                invoiceRun: {status: /jobs/invoiceRun/state, expected: [COMPLETED], lastSuccess: /jobs/invoiceRun/lastSuccess, maxAge: 25h}
                archive: {status: /jobs/archive/state, expected: [COMPLETED], running: [RUNNING]}
                billing-eu: {status: /jobs/billing~1eu/state, expected: [ok]}
                """), CLOCK, credentials());

        // Then
        assertThat(AUTHORIZATIONS).containsExactly("Bearer " + TOKEN);
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo("1 failed execution of a required job without a success since (invoiceRun);"
                        + " 1 required job overdue (invoiceRun); 1 execution running at deploy time (archive)");
        assertThat(result.getDetails())
                .containsExactly(
                        "FAIL invoiceRun: status FAILED — failed, and this required job has not completed successfully since",
                        "FAIL required job invoiceRun last completed successfully at 2025-03-09T02:00:00Z, 30h ago (allowed 25h)",
                        "WARN archive: status RUNNING — running at deploy time",
                        "OK required job orderExport last completed successfully at 2025-03-10T06:00:00Z, 2h ago (allowed 25h)");
    }

    @Test
    void shouldReadLocalTimesInTheTimeZoneAndEpochMillisecondsWithUserAndPassword() throws Exception {
        // Given
        DOCUMENT.set("""
                {"orderExport": {"status": "SUCCESS", "finished": "2025-03-10 16:30:00"},
                 "invoiceRun": {"status": "SUCCESS", "finished": %d}}""".formatted(NOW.minus(Duration.ofHours(30)).toEpochMilli()));

        // When
        CheckResult result =
                BatchGates.run(check("batch-api-user", """
                orderExport: {status: /orderExport/status, expected: SUCCESS, lastSuccess: /orderExport/finished, maxAge: 1h}
                invoiceRun: {status: /invoiceRun/status, expected: SUCCESS, lastSuccess: /invoiceRun/finished, maxAge: 1d}
                """) + "timeZone: Asia/Tokyo", CLOCK, credentials());

        // Then
        assertThat(AUTHORIZATIONS).singleElement().asString().startsWith("Basic ");
        assertThat(result.getDetails())
                .containsExactly(
                        "FAIL required job invoiceRun last completed successfully at 2025-03-09T11:00:00+09:00, 30h ago (allowed 24h)",
                        "OK required job orderExport last completed successfully at 2025-03-10T16:30:00+09:00, 30m ago (allowed 1h)");
    }

    @Test
    void shouldGiveErrorWhenAPointerFindsNothing() throws Exception {
        // Given
        DOCUMENT.set("{\"jobs\": {\"orderExport\": {\"state\": \"COMPLETED\"}}}");

        // When
        CheckResult result = BatchGates.run(
                check("batch-api-token", "orderExport: {status: /jobs/orderExport/status, expected: [COMPLETED]}"),
                CLOCK,
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("The answer of " + url("/api/status") + " has no value at /jobs/orderExport/status"
                        + " (status of job orderExport): check the JSON pointer under jobs.orderExport.status");
    }

    @Test
    void shouldGiveErrorForAnAnswerThatIsNotJson() throws Exception {
        // Given
        DOCUMENT.set("<html>maintenance</html>");

        // When
        CheckResult result =
                BatchGates.run(check("batch-api-token", "a: {status: /a, expected: [OK]}"), CLOCK, credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("The batch status endpoint " + url("/api/status") + " did not answer JSON:");
    }

    @Test
    void shouldGiveErrorForAnHttpErrorAndHintAtCredentialsWhenRefused() throws Exception {
        // Given
        DOCUMENT.set("{}");
        STATUS_CODE.set(503);

        // When
        CheckResult unavailable =
                BatchGates.run(check("batch-api-token", "a: {status: /a, expected: [OK]}"), CLOCK, credentials());
        CheckResult refused = BatchGates.run(
                check("batch-api-token", "a: {status: /a, expected: [OK]}"),
                CLOCK,
                id -> Credentials.secretText(id, Secret.of("wrong-Token-4711")));

        // Then
        assertThat(unavailable.getStatus()).isEqualTo(Status.ERROR);
        assertThat(unavailable.getSummary())
                .isEqualTo("The batch status endpoint " + url("/api/status") + " answered HTTP 503");
        assertThat(refused.getSummary())
                .isEqualTo(
                        "The batch status endpoint " + url("/api/status") + " answered HTTP 401: check 'credentials'");
    }

    @Test
    void shouldNotFollowRedirects() throws Exception {
        // When
        CheckResult result = BatchGates.run(
                "source: http\nurl: " + url("/old/status") + "\njobs: {a: {status: /a, expected: [OK]}}",
                CLOCK,
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .endsWith("answered HTTP 301 (a redirect to /api/status): set 'url' to the final address");
    }

    @Test
    void shouldFailWithoutRevealingTheTokenWhenTheEndpointIsUnreachable() throws Exception {
        // Given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // When
        CheckResult result = BatchGates.run(
                "source: http\nurl: http://127.0.0.1:" + closedPort + "/status?token=x\n"
                        + "credentials: batch-api-token\njobs: {a: {status: /a, expected: [OK]}}",
                CLOCK,
                credentials());

        // Then
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("Cannot reach the batch status endpoint http://127.0.0.1:" + closedPort + "/status:")
                .doesNotContain(TOKEN)
                .doesNotContain("token=x");
    }
}
