package io.jenkins.plugins.releasegate.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs httpHealth checks against a real JDK HTTP server (and an HTTPS server with a self-signed certificate) on
 * 127.0.0.1, through the definition loader and the gate runner.
 */
class HttpHealthCheckTest {
    private static final String USER = "monitor";
    private static final String PASSWORD = "s3cr3t-Pa55word";
    private static final String TOKEN = "t0k3n-4f8a-9b1c-secret";
    private static final String HEALTH = """
            {"status": "UP", "components": {"db": {"status": "UP", "details": {"connections": 12}}}, "build": {"version": "2.8.1"}}
            """;
    private static final Duration SAFETY_NET = Duration.ofSeconds(60);

    @TempDir
    static Path temporary;

    private static final CountDownLatch RELEASE_HANGING = new CountDownLatch(1);
    private static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();
    private static ExecutorService executor;
    private static HttpServer server;
    private static HttpsServer tlsServer;
    private static String base;

    @BeforeAll
    static void startServers() throws Exception {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/health", exchange -> respond(exchange, 200, "application/json", HEALTH));
        server.createContext("/status/", exchange -> {
            int code = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
            respond(exchange, code, "text/plain", "status " + code + " from the test server");
        });
        server.createContext("/slow", exchange -> {
            sleep(300);
            respond(exchange, 200, "application/json", HEALTH);
        });
        server.createContext(
                "/text", exchange -> respond(exchange, 200, "text/html", "<html><body>Login</body></html>"));
        server.createContext("/empty", exchange -> respond(exchange, 200, "application/json", ""));
        server.createContext(
                "/echo",
                exchange -> respond(
                        exchange,
                        200,
                        "application/json",
                        "{\"source\": \"" + exchange.getRequestHeaders().getFirst("X-Request-Source")
                                + "\", \"agent\": \""
                                + exchange.getRequestHeaders().getFirst("User-Agent") + "\"}"));
        server.createContext(
                "/basic",
                exchange -> authorized(
                        exchange,
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
        server.createContext("/bearer", exchange -> authorized(exchange, "Bearer " + TOKEN));
        server.createContext("/echo-at-preview-end", exchange -> {
            // The credentials start 10 characters before the end of the response preview, so that a cut preview ends
            // inside them.
            String echoed = "Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization").replaceFirst("^\\S+ ", "");
            respond(
                    exchange,
                    401,
                    "text/plain",
                    "x".repeat(HttpHealthCheck.PREVIEW_LENGTH - 10 - "Authorization: ".length()) + echoed);
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/health");
            respond(exchange, 302, "text/plain", "moved");
        });
        server.createContext("/hang", exchange -> {
            try {
                RELEASE_HANGING.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "application/json", HEALTH);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        tlsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext()));
        tlsServer.setExecutor(executor);
        tlsServer.createContext("/health", exchange -> respond(exchange, 200, "application/json", HEALTH));
        tlsServer.start();
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        RELEASE_HANGING.countDown();
        server.stop(0);
        tlsServer.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
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

    private static void authorized(final HttpExchange exchange, final String expected) throws IOException {
        String received = exchange.getRequestHeaders().getFirst("Authorization");
        REQUESTS.add(String.valueOf(received));
        if (expected.equals(received)) {
            respond(exchange, 200, "application/json", HEALTH);
        } else {
            // Some servers echo what they received; the report must still not show the credentials.
            respond(exchange, 401, "text/plain", "Unauthorized. You sent: Authorization: " + received);
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean noBody = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(bytes);
            }
        }
        exchange.close();
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private static GateDefinition gate(final String check) {
        return Definitions.load(
                "version: 1\nname: orders release\nchecks:\n  - id: health\n    type: httpHealth\n" + check.indent(4));
    }

    private static CheckResult run(final String check) {
        return run(check, GateEnvironment.builder().build());
    }

    private static CheckResult run(final String check, final GateEnvironment environment) {
        GateDefinition gate = gate(check);
        GateResult result = assertTimeoutPreemptively(
                SAFETY_NET, () -> new GateRunner().run(gate, environment, GateListener.none()));
        CheckOutcome outcome = result.getChecks().get(0);
        assertThat(result.getVerdict()).isEqualTo(outcome.status());
        return outcome.result();
    }

    private static GateEnvironment withCredentials(final Credentials credentials) {
        return GateEnvironment.builder()
                .credentials(id -> {
                    if (!id.equals(credentials.getId())) {
                        throw new CheckException("No credentials with id '" + id + "'");
                    }
                    return credentials;
                })
                .build();
    }

    private static String everything(final CheckResult result) {
        List<String> texts = new ArrayList<>();
        texts.add(result.getSummary());
        texts.addAll(result.getDetails());
        result.getMeasurements().forEach(measurement -> texts.add(measurement.name()));
        return String.join("\n", texts);
    }

    private static final String GENEROUS = "thresholds: {latency: {warn: 20s, fail: 30s}}\n";

    @Test
    void shouldPassWhenTheEndpointAnswersAsExpected() {
        // Given a healthy endpoint
        // When it is checked
        CheckResult result = run("url: " + base + "/health\n" + GENEROUS);

        // Then the check passes, with latency and status measured
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).startsWith("GET " + base + "/health answered 200 in ");
        assertThat(result.getMeasurements()).extracting(Measurement::name).containsExactly("latency", "status");
        assertThat(result.getMeasurements().get(0).status()).isEqualTo(Status.PASS);
        assertThat(result.getMeasurements().get(0).value()).isPositive();
        assertThat(result.getMeasurements().get(1).value()).isEqualTo(200.0);
    }

    @Test
    void shouldAcceptTheExpectedStatusesOnly() {
        // Given endpoints answering with several statuses, and the statuses expected of them
        // When they are checked, Then codes, classes and ranges are honoured and anything else fails
        assertThat(run("url: " + base + "/status/204\nexpectStatus: 2xx\n" + GENEROUS)
                        .getStatus())
                .isEqualTo(Status.PASS);
        assertThat(run("url: " + base + "/status/503\nexpectStatus: [200, 500-503]\n" + GENEROUS)
                        .getStatus())
                .isEqualTo(Status.PASS);
        assertThat(run("url: " + base + "/status/201\nexpectStatus: 200\n" + GENEROUS)
                        .getSummary())
                .isEqualTo("GET " + base + "/status/201 answered 201, expected 200");
        CheckResult unavailable = run("url: " + base + "/status/503\n" + GENEROUS);
        assertThat(unavailable.getStatus()).isEqualTo(Status.FAIL);
        assertThat(unavailable.getSummary()).isEqualTo("GET " + base + "/status/503 answered 503, expected 200-299");
        assertThat(unavailable.getDetails()).containsExactly("Response starts with: status 503 from the test server");
    }

    @Test
    void shouldWarnAndFailOnLatency() {
        // Given an endpoint that takes at least 300ms, and limits below that
        // When it is checked
        CheckResult warned = run("url: " + base + "/slow\nthresholds: {latency: {warn: 100ms, fail: 30s}}\n");
        CheckResult failed = run("url: " + base + "/slow\nthresholds: {latency: {warn: 50ms, fail: 100ms}}\n");

        // Then the latency measurement warns or fails, and the summary says it is slow
        assertThat(warned.getStatus()).isEqualTo(Status.WARN);
        assertThat(warned.getSummary())
                .startsWith("Slow: GET " + base + "/slow answered 200 in ")
                .endsWith("(warn ≥ 100ms, fail ≥ 30s)");
        assertThat(warned.getMeasurements().get(0).value()).isGreaterThanOrEqualTo(0.3);
        assertThat(failed.getStatus()).isEqualTo(Status.FAIL);
        assertThat(failed.getMeasurements().get(0).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldAssertJsonValues() {
        // Given a JSON body and assertions that hold
        // When it is checked
        CheckResult result = run("url: " + base + "/health\n" + GENEROUS + """
                json:
                  - {pointer: /status, equals: UP}
                  - {pointer: /components/db/status, oneOf: [UP, UNKNOWN]}
                  - {pointer: /build/version, matches: '2\\.8\\.\\d+'}
                  - {pointer: /components/db/details/connections, equals: 12}
                """);

        // Then the check passes and shows the values it asserted
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(result.getSummary()).endsWith(", 4 JSON values as expected");
        assertThat(result.getDetails())
                .containsExactly(
                        "/status = UP",
                        "/components/db/status = UP",
                        "/build/version = 2.8.1",
                        "/components/db/details/connections = 12");
    }

    @Test
    void shouldFailWhenJsonValuesAreNotAsExpected() {
        // Given assertions that do not hold, a pointer to nothing, and a value that is an object
        // When the body is checked
        CheckResult result = run("url: " + base + "/health\n" + GENEROUS + """
                json:
                  - {pointer: /status, equals: DOWN}
                  - {pointer: /components/db/status, oneOf: [DOWN, OUT_OF_SERVICE]}
                  - {pointer: /build/version, matches: '3\\..*'}
                  - {pointer: /components/cache/status, equals: UP}
                  - {pointer: /components/db, equals: UP}
                """);

        // Then the check fails, naming the first mismatch in the summary and every mismatch in the details
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).isEqualTo("/status is 'UP', expected 'DOWN' (and 4 more)");
        assertThat(result.getDetails())
                .containsExactly(
                        "/status is 'UP', expected 'DOWN'",
                        "/components/db/status is 'UP', expected one of [DOWN, OUT_OF_SERVICE]",
                        "/build/version is '2.8.1', which does not match 3\\..*",
                        "/components/cache/status is missing from the response",
                        "/components/db is '{\"status\":\"UP\",\"details\":{\"connections\":12}}', expected 'UP'");
    }

    @Test
    void shouldFailWhenTheBodyIsNotJson() {
        // Given endpoints answering with HTML and with nothing, where JSON is expected
        // When they are checked
        CheckResult html = run("url: " + base + "/text\n" + GENEROUS + "json: [{pointer: /status, equals: UP}]\n");
        CheckResult empty = run("url: " + base + "/empty\n" + GENEROUS + "json: [{pointer: /status, equals: UP}]\n");

        // Then both fail, saying what was found instead
        assertThat(html.getStatus()).isEqualTo(Status.FAIL);
        assertThat(html.getSummary())
                .startsWith("The response is not JSON (")
                .endsWith("it starts with: <html><body>Login</body></html>");
        assertThat(empty.getStatus()).isEqualTo(Status.FAIL);
        assertThat(empty.getSummary()).isEqualTo("The response body is empty; expected JSON");
    }

    @Test
    void shouldAuthenticateWithBasicAuthenticationWithoutShowingThePassword() {
        // Given an endpoint that wants basic authentication, and right and wrong user name and password credentials
        Credentials right = Credentials.usernamePassword("orders-monitor", USER, Secret.of(PASSWORD));
        Credentials wrong = Credentials.usernamePassword("orders-monitor", USER, Secret.of(PASSWORD + "-old"));
        String check = "url: " + base + "/basic\ncredentials: orders-monitor\n" + GENEROUS;

        // When it is checked with each
        CheckResult accepted = run(check, withCredentials(right));
        CheckResult refused = run(check, withCredentials(wrong));

        // Then the right ones pass, the wrong ones fail on 401, and neither the password nor its encoding shows
        assertThat(accepted.getStatus()).isEqualTo(Status.PASS);
        assertThat(refused.getStatus()).isEqualTo(Status.FAIL);
        assertThat(refused.getSummary()).isEqualTo("GET " + base + "/basic answered 401, expected 200-299");
        String encoded =
                Base64.getEncoder().encodeToString((USER + ":" + PASSWORD + "-old").getBytes(StandardCharsets.UTF_8));
        assertThat(REQUESTS).contains("Basic " + encoded);
        assertThat(everything(refused))
                .contains("You sent: Authorization: Basic ****")
                .doesNotContain(PASSWORD)
                .doesNotContain(encoded)
                .doesNotContain(encoded.substring(0, 12));
    }

    @Test
    void shouldAuthenticateWithABearerTokenWithoutShowingIt() {
        // Given an endpoint that wants a bearer token, and right and wrong tokens
        String check = "url: " + base + "/bearer\ncredentials: orders-token\n" + GENEROUS;

        // When it is checked with each, as secret text and as the password of user name and password credentials
        CheckResult accepted = run(check, withCredentials(Credentials.secretText("orders-token", Secret.of(TOKEN))));
        CheckResult acceptedFromPassword = run(
                check + "authentication: bearer\n",
                withCredentials(Credentials.usernamePassword("orders-token", "ignored", Secret.of(TOKEN))));
        CheckResult refused =
                run(check, withCredentials(Credentials.secretText("orders-token", Secret.of(TOKEN + "-revoked"))));

        // Then the right token passes, the wrong one fails on 401, and the token never shows
        assertThat(accepted.getStatus()).isEqualTo(Status.PASS);
        assertThat(acceptedFromPassword.getStatus()).isEqualTo(Status.PASS);
        assertThat(refused.getStatus()).isEqualTo(Status.FAIL);
        assertThat(refused.getSummary()).contains("answered 401");
        assertThat(everything(refused)).contains("Bearer ****").doesNotContain(TOKEN);
    }

    @Test
    void shouldNotShowThePartOfASecretThatACutResponsePreviewKeeps() {
        // Given an endpoint that echoes the credentials where the response preview is cut
        String check = "url: " + base + "/echo-at-preview-end\ncredentials: orders-token\n" + GENEROUS;
        String encoded = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        // When it is checked with a bearer token and with basic authentication
        CheckResult bearer = run(check, withCredentials(Credentials.secretText("orders-token", Secret.of(TOKEN))));
        CheckResult basic =
                run(check, withCredentials(Credentials.usernamePassword("orders-token", USER, Secret.of(PASSWORD))));

        // Then both fail on 401, and not even the first characters of the token or of the encoded password show
        assertThat(bearer.getStatus()).isEqualTo(Status.FAIL);
        assertThat(basic.getStatus()).isEqualTo(Status.FAIL);
        assertThat(everything(bearer)).contains("Authorization: ****").doesNotContain(TOKEN.substring(0, 6));
        assertThat(everything(basic)).contains("Authorization: ****").doesNotContain(encoded.substring(0, 6));
    }

    @Test
    void shouldReportCredentialsThatCannotAuthenticate() {
        // Given basic authentication asked for with a secret text, and credentials that do not exist
        CheckResult noUser = run(
                "url: " + base + "/basic\ncredentials: orders-token\nauthentication: basic\n" + GENEROUS,
                withCredentials(Credentials.secretText("orders-token", Secret.of(TOKEN))));
        CheckResult missing = run(
                "url: " + base + "/basic\ncredentials: nobody\n" + GENEROUS,
                withCredentials(Credentials.secretText("orders-token", Secret.of(TOKEN))));

        // When checked, Then each is ERROR with a message that says what to do
        assertThat(noUser)
                .hasToString(
                        "ERROR: Credentials 'orders-token' have no user name, so basic authentication is impossible: "
                                + "use 'authentication: bearer' or user name and password credentials");
        assertThat(missing).hasToString("ERROR: No credentials with id 'nobody'");
    }

    @Test
    void shouldSendTheConfiguredHeadersAndMethod() {
        // Given a check with a header of its own, and a HEAD request
        // When they run
        CheckResult echoed = run("url: " + base + "/echo\nheaders: {X-Request-Source: release-gate}\n" + GENEROUS
                + "json: [{pointer: /source, equals: release-gate}, {pointer: /agent, equals: release-gate}]\n");
        CheckResult head = run("url: " + base + "/health\nmethod: HEAD\n" + GENEROUS);

        // Then the server received the header, and HEAD is answered without a body
        assertThat(echoed.getStatus()).isEqualTo(Status.PASS);
        assertThat(head.getStatus()).isEqualTo(Status.PASS);
        assertThat(head.getSummary()).startsWith("HEAD " + base + "/health answered 200");
    }

    @Test
    void shouldFollowRedirectsOnlyWhenAsked() {
        // Given an endpoint that redirects to a healthy one
        // When it is checked without and with following redirects
        CheckResult notFollowed = run("url: " + base + "/redirect\n" + GENEROUS);
        CheckResult expectedRedirect = run("url: " + base + "/redirect\nexpectStatus: 302\n" + GENEROUS);
        CheckResult followed = run("url: " + base + "/redirect\nfollowRedirects: normal\n" + GENEROUS
                + "json: [{pointer: /status, equals: UP}]\n");

        // Then by default the 302 is the answer; with 'normal' the target's answer is
        assertThat(notFollowed.getStatus()).isEqualTo(Status.FAIL);
        assertThat(notFollowed.getSummary()).isEqualTo("GET " + base + "/redirect answered 302, expected 200-299");
        assertThat(expectedRedirect.getStatus()).isEqualTo(Status.PASS);
        assertThat(followed.getStatus()).isEqualTo(Status.PASS);
        assertThat(followed.getSummary()).contains("answered 200");
    }

    @Test
    void shouldFailWhenTheConnectionIsRefused() throws IOException {
        // Given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        // When it is checked
        CheckResult result = run("url: http://127.0.0.1:" + port + "/health\n" + GENEROUS);

        // Then the endpoint is unreachable: a FAIL, not an ERROR
        assertThat(result).hasToString("FAIL: http://127.0.0.1:" + port + "/health is unreachable: connection refused");
    }

    @Test
    void shouldBeErrorWhenNoResponseComesInTime() {
        // Given an endpoint that does not answer, and a check with a short timeout
        // When it is checked through the runner
        CheckResult result = run("url: " + base + "/hang\ntimeout: 3s\n" + GENEROUS);

        // Then nothing was measured: an ERROR, and the check's own message says what to do
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("No response from " + base + "/hang within ")
                .endsWith("; nothing was measured. Raise the check's timeout if the endpoint is known to be slow");
    }

    @Test
    void shouldBeErrorWhenNoResponseComesWithinTheContextsTimeout() {
        // Given an endpoint that does not answer, and the check run directly with a short timeout
        GateDefinition gate = gate("url: " + base + "/hang\n" + GENEROUS);
        CheckDefinition definition = gate.getChecks().get(0);
        CheckContext context = new CheckContext(
                GateEnvironment.builder().build(), "health", Duration.ofMillis(500), definition.getThresholds());

        // When it runs, Then it gives up with an expected ERROR
        CheckException exception = assertTimeoutPreemptively(SAFETY_NET, () -> {
            try {
                definition.getCheck().run(context);
                return null;
            } catch (CheckException expected) {
                return expected;
            }
        });
        assertThat(exception).isNotNull();
        assertThat(exception.getStatus()).isEqualTo(Status.ERROR);
        assertThat(exception.getMessage()).startsWith("No response from " + base + "/hang within ");
    }

    @Test
    void shouldFailWhenTheCertificateIsNotTrusted() {
        // Given an HTTPS endpoint with a self-signed certificate
        String url = "https://127.0.0.1:" + tlsServer.getAddress().getPort() + "/health";

        // When it is checked
        CheckResult result = run("url: " + url + "\n" + GENEROUS);

        // Then TLS verification fails the check, saying so
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .startsWith("TLS with 127.0.0.1 failed: ")
                .endsWith("The certificate must be trusted by the JVM's trust store");
    }

    @Test
    void shouldDescribeItself() {
        // Given the type, When it is asked about itself, Then it names its metric and default limits
        HttpHealthCheckType type = new HttpHealthCheckType();
        assertThat(type.name()).isEqualTo("httpHealth");
        assertThat(type.description()).isNotBlank();
        assertThat(type.thresholds()).singleElement().satisfies(spec -> {
            assertThat(spec.name()).isEqualTo(HttpHealthCheckType.LATENCY);
            assertThat(spec.defaults().describe()).isEqualTo("warn ≥ 1s, fail ≥ 5s");
        });
    }

    @Test
    void shouldOnlyNameCredentialsInTheDefinition() {
        // Given a definition that names credentials by id, and a host that knows them
        List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> {
                    requested.add(id);
                    return Credentials.usernamePassword(id, USER, Secret.of(PASSWORD));
                })
                .build();
        GateDefinition gate = gate("url: " + base + "/basic\ncredentials: orders-monitor\n" + GENEROUS);
        List<String> requestedWhenLoaded = List.copyOf(requested);

        // When the gate runs
        GateResult result = assertTimeoutPreemptively(
                SAFETY_NET, () -> new GateRunner().run(gate, environment, GateListener.none()));

        // Then the definition holds only the id, and the secret is asked for by that id when the check runs
        assertThat(gate.getChecks().get(0).getSettings()).containsEntry("credentials", "orders-monitor");
        assertThat(requestedWhenLoaded).isEmpty();
        assertThat(requested).containsExactly("orders-monitor");
        assertThat(result.getVerdict()).isEqualTo(Status.PASS);
    }
}
