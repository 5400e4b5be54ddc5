package io.jenkins.plugins.releasegate.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.AllowedHosts;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
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
 * Runs httpHealth checks where the network is restricted to an allow-list, against two real JDK HTTP servers on
 * 127.0.0.1: an allowed one, and another that records every request it gets and may not be reached.
 */
class HttpHealthHostGuardTest {
    private static final String WHERE = "An administrator allows hosts in the settings.";
    private static final String TOKEN = "t0k3n-guarded-secret";

    private final Queue<String> forbiddenRequests = new ConcurrentLinkedQueue<>();
    private final Queue<String> forbiddenAuthorizations = new ConcurrentLinkedQueue<>();
    private HttpServer allowed;
    private HttpServer forbidden;
    private String allowedBase;
    private String forbiddenBase;

    @BeforeEach
    void startServers() throws IOException {
        forbidden = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        forbidden.createContext("/", exchange -> {
            forbiddenRequests.add(exchange.getRequestURI().getPath());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            forbiddenAuthorizations.add(authorization == null ? "none" : authorization);
            respond(exchange, 200, "{\"status\": \"UP\"}");
        });
        forbidden.start();
        forbiddenBase = "http://127.0.0.1:" + forbidden.getAddress().getPort();
        allowed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        allowed.createContext("/health", exchange -> respond(exchange, 200, "{\"status\": \"UP\"}"));
        allowed.createContext("/inside", exchange -> redirect(exchange, "/health"));
        allowed.createContext("/outside", exchange -> redirect(exchange, forbiddenBase + "/stolen"));
        allowed.start();
        allowedBase = "http://127.0.0.1:" + allowed.getAddress().getPort();
    }

    @AfterEach
    void stopServers() {
        allowed.stop(0);
        forbidden.stop(0);
    }

    @Test
    void shouldReachAnAllowedHostAndFollowRedirectsThatStayAllowed() {
        // Given only the allowed server's address and port are allowed
        HostGuard guard = allowedServerOnly();

        // When it is checked directly and through a redirect to itself
        CheckResult direct = run("url: " + allowedBase + "/health\n", guard);
        CheckResult redirected = run("url: " + allowedBase + "/inside\nfollowRedirects: normal\n", guard);

        // Then both pass
        assertThat(direct.getStatus()).isEqualTo(Status.PASS);
        assertThat(redirected.getStatus()).isEqualTo(Status.PASS);
        assertThat(redirected.getSummary()).startsWith("GET " + allowedBase + "/inside answered 200");
    }

    @Test
    void shouldBeErrorWithoutConnectingToAHostThatIsNotAllowed() {
        // Given only the allowed server is allowed
        HostGuard guard = allowedServerOnly();

        // When the other server is checked
        CheckResult result = run("url: " + forbiddenBase + "/health\n", guard);

        // Then nothing was measured: ERROR with the sentence that says where to allow it, and no request was sent
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("Not connecting: 127.0.0.1:" + forbidden.getAddress().getPort()
                        + " is not among the allowed hosts. " + WHERE);
        assertThat(forbiddenRequests).isEmpty();
    }

    @Test
    void shouldRefuseARedirectToAHostThatIsNotAllowed() {
        // Given only the allowed server is allowed, and it redirects to the other
        HostGuard guard = allowedServerOnly();

        // When the redirecting endpoint is checked with redirects followed
        CheckResult normal = run("url: " + allowedBase + "/outside\nfollowRedirects: normal\n", guard);
        CheckResult always = run("url: " + allowedBase + "/outside\nfollowRedirects: always\n", guard);

        // Then the redirect is not followed: ERROR naming the target, and the other server got no request
        for (CheckResult result : List.of(normal, always)) {
            assertThat(result.getStatus()).isEqualTo(Status.ERROR);
            assertThat(result.getSummary())
                    .isEqualTo("Redirected to http://127.0.0.1:"
                            + forbidden.getAddress().getPort()
                            + ". Not connecting: 127.0.0.1:"
                            + forbidden.getAddress().getPort() + " is not among the allowed hosts. " + WHERE);
        }
        assertThat(forbiddenRequests).isEmpty();
    }

    @Test
    void shouldFollowARedirectAnywhereWithoutRestrictionButWithoutTheAuthorizationHeader() {
        // Given no restriction, and a check with a bearer token against the redirecting endpoint
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> Credentials.secretText(id, Secret.of(TOKEN)))
                .build();

        // When it is checked with redirects followed
        CheckResult result = run(
                "url: " + allowedBase
                        + "/outside\nfollowRedirects: normal\ncredentials: token\nauthentication: bearer\n",
                environment);

        // Then the other server answered, without the token meant for the first
        assertThat(result.getStatus()).isEqualTo(Status.PASS);
        assertThat(forbiddenRequests).containsExactly("/stolen");
        assertThat(forbiddenAuthorizations).containsExactly("none");
    }

    private HostGuard allowedServerOnly() {
        AllowedHosts.Parsed parsed =
                AllowedHosts.parse("127.0.0.1:" + allowed.getAddress().getPort());
        assertThat(parsed.problems()).isEmpty();
        return parsed.hosts().guard(WHERE);
    }

    private static CheckResult run(final String check, final HostGuard guard) {
        return run(check, GateEnvironment.builder().hostGuard(guard).build());
    }

    private static CheckResult run(final String check, final GateEnvironment environment) {
        String yaml = "version: 1\nname: orders release\nchecks:\n  - id: health\n    type: httpHealth\n"
                + (check + "json: [{pointer: /status, equals: UP}]\nthresholds: {latency: {warn: 20s, fail: 30s}}\n")
                        .indent(4);
        GateResult result = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> new GateRunner().run(Definitions.load(yaml), environment, GateListener.none()));
        return result.getChecks().get(0).result();
    }

    private static void redirect(final HttpExchange exchange, final String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        respond(exchange, 302, "moved");
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
