package io.jenkins.plugins.releasegate.checks.alerts;

import static io.jenkins.plugins.releasegate.checks.alerts.AlertGates.everything;
import static io.jenkins.plugins.releasegate.checks.alerts.AlertGates.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.LocalPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs alerts checks against a JDK HTTP server on 127.0.0.1 that answers as Alertmanager does not: a login
 * page, a 404, malformed JSON, a redirect, a refusal that echoes the credentials; and against a port where
 * nobody listens. Each path of the server is the base URL of one pretended Alertmanager.
 */
class AlertsHttpAnswersTest {
    private static final String USER = "alert-reader";
    private static final String PASSWORD = "s3cr3t-Pa55word";
    private static final String TOKEN = "t0k3n-4f8a-9b1c-secret";
    private static final String ALERTS = "/api/v2/alerts";
    private static final Queue<String> REQUESTS = new ConcurrentLinkedQueue<>();
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/empty" + ALERTS, exchange -> {
            REQUESTS.add(exchange.getRequestURI().getRawQuery());
            respond(exchange, 200, "application/json", "[]");
        });
        server.createContext(
                "/login" + ALERTS,
                exchange -> respond(
                        exchange,
                        200,
                        "text/html; charset=utf-8",
                        "<!DOCTYPE html><html><body><form>Sign in</form></body></html>"));
        server.createContext(
                "/garbage" + ALERTS, exchange -> respond(exchange, 200, "application/json", "[{\"labels\": "));
        server.createContext(
                "/object" + ALERTS,
                exchange -> respond(exchange, 200, "application/json", "{\"status\": \"success\"}"));
        server.createContext(
                "/foreign" + ALERTS,
                exchange -> respond(exchange, 200, "application/json", "[{\"name\": \"not an alert\"}]"));
        server.createContext(
                "/unfiltered" + ALERTS,
                exchange -> respond(
                        exchange,
                        200,
                        "application/json",
                        "[{\"labels\": {\"alertname\": \"Elsewhere\", \"service\": \"billing\"},"
                                + " \"status\": {\"state\": \"active\", \"silencedBy\": [], \"inhibitedBy\": []}}]"));
        server.createContext("/redirect" + ALERTS, exchange -> {
            exchange.getResponseHeaders().add("Location", "https://sso.example.com/login");
            respond(exchange, 302, "text/html", "moved");
        });
        server.createContext("/secured" + ALERTS, exchange -> {
            String received = exchange.getRequestHeaders().getFirst("Authorization");
            REQUESTS.add(String.valueOf(received));
            String basic = "Basic "
                    + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (basic.equals(received) || ("Bearer " + TOKEN).equals(received)) {
                respond(exchange, 200, "application/json", "[]");
            } else {
                // Some proxies echo what they received; the report must still not show the credentials.
                respond(exchange, 401, "text/plain", "Unauthorized. You sent: Authorization: " + received);
            }
        });
        server.createContext("/echo" + ALERTS, exchange -> {
            String received = exchange.getRequestHeaders().getFirst("Authorization");
            String decoded = new String(
                    Base64.getDecoder().decode(received.substring("Basic ".length())), StandardCharsets.UTF_8);
            respond(exchange, 500, "text/plain", "internal error for " + received + " (" + decoded + ")");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
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

    private static String check(final String path) {
        return "url: " + base + path + "\nmatchers: [service=orders, env=production]\n";
    }

    @Test
    void shouldFailWhenAlertmanagerIsUnreachable() throws Exception {
        // Given a port where nobody listens
        String url = "http://127.0.0.1:" + LocalPorts.unused();

        // When the check runs against it
        CheckResult result = run("url: " + url + "\nmatchers: [service=orders]");

        // Then it fails: the alerts could not be read
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary())
                .isEqualTo(
                        "Alertmanager at " + url + " is unreachable: connection refused; the alerts could not be read");
    }

    @Test
    void shouldAskForEveryStateWithTheMatchersAsFilters() throws Exception {
        // Given an Alertmanager without alerts
        REQUESTS.clear();

        // When the check runs with matchers of every kind
        CheckResult result =
                run("url: " + base + "/empty/\nmatchers:\n  - service=orders\n  - 'env=~\"prod|pre\\\\d\"'\n"
                        + "  - alertname!~\"Watchdog|InfoInhibitor\"\n  - team != \"a \\\"quoted\\\" name\"");

        // Then it asks for active, silenced, inhibited and unprocessed alerts, each matcher as a quoted filter
        assertThat(result.getStatus()).as(everything(result)).isEqualTo(Status.PASS);
        String query = REQUESTS.remove();
        assertThat(query).startsWith("active=true&silenced=true&inhibited=true&unprocessed=true&filter=");
        List<String> filters = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("filter=")) {
                filters.add(URLDecoder.decode(parameter.substring("filter=".length()), StandardCharsets.UTF_8));
            }
        }
        assertThat(filters)
                .containsExactly(
                        "service=\"orders\"",
                        "env=~\"prod|pre\\\\d\"",
                        "alertname!~\"Watchdog|InfoInhibitor\"",
                        "team!=\"a \\\"quoted\\\" name\"");
    }

    @Test
    void shouldBeAnErrorWhenALoginPageAnswers() throws Exception {
        // Given a login page in place of Alertmanager
        // When the check runs
        CheckResult result = run(check("/login"));

        // Then nothing was judged: the summary says what came and what to check
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("The answer of " + base + "/login/api/v2/alerts is not Alertmanager's JSON (HTTP 200"
                        + " (text/html; charset=utf-8)): check that 'url' is Alertmanager's base URL and that no login"
                        + " page or proxy answers in its place");
        assertThat(result.getDetails())
                .startsWith("GET " + base + "/login/api/v2/alerts answered HTTP 200 (text/html; charset=utf-8); the"
                        + " answer starts with: <!DOCTYPE html><html><body><form>Sign in</form></body></html>")
                .anyMatch(line -> line.startsWith("It is not JSON: Unexpected character ('<'"))
                .anyMatch(line -> line.startsWith("The check reads /api/v2/alerts below 'url'"));
    }

    @Test
    void shouldBeAnErrorWhenThereIsNoApi() throws Exception {
        // Given a server without Alertmanager's API
        // When the check runs
        CheckResult result = run(check("/nothing"));

        // Then nothing was judged, and the summary names the URL asked
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("No Alertmanager API v2 at " + base + "/nothing/api/v2/alerts (HTTP 404): check that 'url'"
                        + " is Alertmanager's base URL, with its route prefix if it has one");
        assertThat(result.getDetails()).first().asString().contains("answered HTTP 404");
    }

    @Test
    void shouldBeAnErrorWhenTheAnswerIsNotAListOfAlerts() throws Exception {
        // Given answers that are malformed JSON, a JSON object, and a list of something else
        // When the check runs against each
        CheckResult garbage = run(check("/garbage"));
        CheckResult object = run(check("/object"));
        CheckResult foreign = run(check("/foreign"));

        // Then each is an error that says what came
        assertThat(garbage.getStatus()).isEqualTo(Status.ERROR);
        assertThat(garbage.getSummary()).contains("/garbage/api/v2/alerts is not Alertmanager's JSON (HTTP 200");
        assertThat(garbage.getDetails()).first().asString().endsWith("the answer starts with: [{\"labels\":");
        assertThat(object.getStatus()).isEqualTo(Status.ERROR);
        assertThat(object.getSummary())
                .isEqualTo("The answer of " + base + "/object/api/v2/alerts is not Alertmanager's list of alerts:"
                        + " check that 'url' is Alertmanager's base URL");
        assertThat(object.getDetails()).first().asString().endsWith("{\"status\": \"success\"}");
        assertThat(foreign.getStatus()).isEqualTo(Status.ERROR);
        assertThat(foreign.getSummary())
                .isEqualTo("Item 0 of the answer of " + base + "/foreign/api/v2/alerts is not an Alertmanager alert"
                        + " (labels and status.state are expected): check that 'url' is Alertmanager's base URL");
    }

    @Test
    void shouldBeAnErrorWhenTheServerIgnoresTheFilters() throws Exception {
        // Given a server that answers with an alert of another service
        // When the check runs
        CheckResult result = run(check("/unfiltered"));

        // Then it does not judge alerts it did not ask for
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("The answer of " + base + "/unfiltered/api/v2/alerts holds alerts that do not match the"
                        + " matchers, such as Elsewhere: the server ignored the filter parameter; check that 'url' is"
                        + " Alertmanager's base URL");
    }

    @Test
    void shouldNotFollowARedirectUnlessTold() throws Exception {
        // Given a redirect to a login page
        // When the check runs
        CheckResult result = run(check("/redirect"));

        // Then it is an error that names where it was sent
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .startsWith("Alertmanager at " + base + "/redirect redirected to https://sso.example.com/login"
                        + " instead of answering (HTTP 302)");
    }

    @Test
    void shouldAuthenticateWithBasicAndBearerCredentials() throws Exception {
        // Given a server that wants credentials
        REQUESTS.clear();

        // When the check runs with user name and password, and with a token
        CheckResult basic = run(
                check("/secured") + "credentials: alertmanager-reader",
                withCredentials(Credentials.usernamePassword("alertmanager-reader", USER, Secret.of(PASSWORD))));
        CheckResult bearer = run(
                check("/secured") + "credentials: alertmanager-token",
                withCredentials(Credentials.secretText("alertmanager-token", Secret.of(TOKEN))));

        // Then both are let in
        assertThat(basic.getStatus()).as(everything(basic)).isEqualTo(Status.PASS);
        assertThat(bearer.getStatus()).as(everything(bearer)).isEqualTo(Status.PASS);
        assertThat(REQUESTS)
                .containsExactly(
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                        "Bearer " + TOKEN);
    }

    @Test
    void shouldNeverEchoCredentials() throws Exception {
        // Given servers that refuse the credentials, or fail, and echo them
        Credentials wrong = Credentials.usernamePassword("alertmanager-reader", USER, Secret.of("wr0ng-Pa55word"));
        Credentials token = Credentials.secretText("alertmanager-reader", Secret.of("wr0ng-t0k3n-value"));

        // When the check runs
        CheckResult refused = run(check("/secured") + "credentials: alertmanager-reader", withCredentials(wrong));
        CheckResult refusedToken = run(check("/secured") + "credentials: alertmanager-reader", withCredentials(token));
        CheckResult failed = run(check("/echo") + "credentials: alertmanager-reader", withCredentials(wrong));

        // Then the answers are reported with the credentials masked
        assertThat(refused.getStatus()).isEqualTo(Status.ERROR);
        assertThat(refused.getSummary())
                .startsWith("Alertmanager at " + base + "/secured refused access (HTTP 401): check that credentials"
                        + " 'alertmanager-reader' are valid there");
        assertThat(refusedToken.getStatus()).isEqualTo(Status.ERROR);
        assertThat(failed.getStatus()).isEqualTo(Status.ERROR);
        assertThat(failed.getSummary())
                .isEqualTo("Alertmanager at " + base + "/echo could not list its alerts (HTTP 500): its answer is in"
                        + " the details; see Alertmanager's log");
        String basic = Base64.getEncoder().encodeToString((USER + ":wr0ng-Pa55word").getBytes(StandardCharsets.UTF_8));
        for (CheckResult result : List.of(refused, refusedToken, failed)) {
            assertThat(everything(result))
                    .contains("****")
                    .doesNotContain("wr0ng-Pa55word", "wr0ng-t0k3n-value", basic, USER + ":");
        }
    }
}
