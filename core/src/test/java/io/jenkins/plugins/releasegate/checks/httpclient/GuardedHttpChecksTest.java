package io.jenkins.plugins.releasegate.checks.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.checks.alerts.AlertsCheckType;
import io.jenkins.plugins.releasegate.checks.prometheus.PrometheusCheckType;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.AllowedHosts;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prometheus and alerts checks connect only where the host guard allows, as httpHealth does: against a real JDK
 * HTTP server on 127.0.0.1 that answers as Prometheus and Alertmanager do and records every request it gets, and a
 * second, allowed one that redirects to it.
 */
class GuardedHttpChecksTest {
    private static final String WHERE = "An administrator allows hosts in the settings.";

    private final Queue<String> forbiddenRequests = new ConcurrentLinkedQueue<>();
    private HttpServer forbidden;
    private HttpServer allowed;
    private String forbiddenBase;
    private String allowedBase;

    @BeforeEach
    void startServers() throws IOException {
        forbidden = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        forbidden.createContext("/", exchange -> {
            forbiddenRequests.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().startsWith("/api/v2/alerts")) {
                respond(exchange, 200, "[]");
            } else {
                respond(
                        exchange,
                        200,
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                                + "[{\"metric\":{},\"value\":[1765000000,\"1\"]}]}}");
            }
        });
        forbidden.start();
        forbiddenBase = "http://127.0.0.1:" + forbidden.getAddress().getPort();
        allowed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        allowed.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", forbiddenBase + exchange.getRequestURI());
            respond(exchange, 302, "moved");
        });
        allowed.start();
        allowedBase = "http://127.0.0.1:" + allowed.getAddress().getPort();
    }

    @AfterEach
    void stopServers() {
        allowed.stop(0);
        forbidden.stop(0);
    }

    @Test
    void shouldBeErrorWithoutQueryingAPrometheusThatIsNotAllowed() {
        // Given only the other server is allowed
        HostGuard guard = allowedServerOnly();

        // When a prometheus check queries the server that is not allowed
        CheckResult result = run(
                "type: prometheus\nurl: " + forbiddenBase
                        + "\nqueries:\n  - {name: up, query: up, thresholds: {warn: 2, fail: 3}}\n",
                guard);

        // Then nothing was measured: ERROR with the sentence that says where to allow it, and no request was sent
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .contains("Not connecting: 127.0.0.1:" + forbidden.getAddress().getPort()
                        + " is not among the allowed hosts. " + WHERE);
        assertThat(forbiddenRequests).isEmpty();
    }

    @Test
    void shouldBeErrorWithoutAskingAnAlertmanagerThatIsNotAllowed() {
        // Given only the other server is allowed
        HostGuard guard = allowedServerOnly();

        // When an alerts check asks the server that is not allowed
        CheckResult result = run("type: alerts\nurl: " + forbiddenBase + "\nmatchers: [service=orders]\n", guard);

        // Then nothing was measured, and no request was sent
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .contains("Not connecting: 127.0.0.1:" + forbidden.getAddress().getPort()
                        + " is not among the allowed hosts. " + WHERE);
        assertThat(forbiddenRequests).isEmpty();
    }

    @Test
    void shouldNotFollowAnAlertmanagerRedirectToAHostThatIsNotAllowed() {
        // Given only the redirecting server is allowed
        HostGuard guard = allowedServerOnly();

        // When an alerts check that follows redirects asks it
        CheckResult result = run(
                "type: alerts\nurl: " + allowedBase + "\nmatchers: [service=orders]\nfollowRedirects: always\n", guard);

        // Then the redirect is refused and the server that is not allowed got no request
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .contains("Redirected to " + forbiddenBase)
                .contains("is not among the allowed hosts. " + WHERE);
        assertThat(forbiddenRequests).isEmpty();
    }

    @Test
    void shouldQueryBothWhenNothingIsRestricted() {
        // Given no host guard
        HostGuard none = HostGuard.unrestricted();

        // When both checks run against the server
        CheckResult prometheus = run(
                "type: prometheus\nurl: " + forbiddenBase
                        + "\nqueries:\n  - {name: up, query: up, thresholds: {warn: 2, fail: 3}}\n",
                none);
        CheckResult alerts = run("type: alerts\nurl: " + forbiddenBase + "\nmatchers: [service=orders]\n", none);

        // Then both measured and passed, which is what the guard refused above
        assertThat(prometheus.getStatus()).isEqualTo(Status.PASS);
        assertThat(alerts.getStatus()).isEqualTo(Status.PASS);
        assertThat(forbiddenRequests).hasSize(2);
    }

    private HostGuard allowedServerOnly() {
        AllowedHosts.Parsed parsed =
                AllowedHosts.parse("127.0.0.1:" + allowed.getAddress().getPort());
        assertThat(parsed.problems()).isEmpty();
        return parsed.hosts().guard(WHERE);
    }

    private static CheckResult run(final String check, final HostGuard guard) {
        String yaml = "version: 1\nname: orders release\nchecks:\n  - id: probe\n" + check.indent(4);
        GateResult result = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> new GateRunner()
                        .run(
                                new GateDefinitionLoader(new CheckTypes(
                                                List.of(new PrometheusCheckType(), new AlertsCheckType())))
                                        .load(yaml, "gate.yaml"),
                                GateEnvironment.builder().hostGuard(guard).build(),
                                GateListener.none()));
        return result.getChecks().get(0).result();
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }
}
