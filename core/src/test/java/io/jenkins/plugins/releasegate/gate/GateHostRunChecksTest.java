package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host that runs the checks elsewhere through {@link GateHost#runChecks}: here, as a build agent would, by
 * carrying a {@link PortableCheckRun} as bytes, loading the definition again and bringing the result back as
 * bytes. The checks are real httpHealth checks against a JDK HTTP server on 127.0.0.1; the session keeps every
 * rule.
 */
class GateHostRunChecksTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final String TOKEN = "t0k3n-carried-to-the-agent";
    private static Locale previous;

    private volatile int healthStatus = 200;
    private HttpServer server;
    private String base;

    @BeforeAll
    static void english() {
        previous = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterAll
    static void restoreLocale() {
        Locale.setDefault(previous);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> respond(exchange, healthStatus));
        server.createContext(
                "/secured",
                exchange -> respond(
                        exchange,
                        ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                                ? 200
                                : 401));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldRunTheFirstAndTheConfirmingRunThroughTheHostAndJudgeTheirResults() throws Exception {
        // Given a gate that waits for one approval, hosted by a host that runs its checks elsewhere
        DefinitionText text = definition("url: " + base + "/health\n", "approval:\n  approvers: [ops]\n");
        RemoteHost host = new RemoteHost(text);
        GateSession session = session(text, host);

        // When the checks run, alice approves, and the endpoint fails before the confirming run
        session.runChecks();
        assertThat(session.getPhase()).isEqualTo(GatePhase.WAITING);
        session.approve(ALICE, "calm", null, "web");
        healthStatus = 503;
        host.local.runBackground();

        // Then both runs went through the host, their lines reached the gate's log, and the session judged the
        // worse evidence: a FAIL nobody may override ends the gate
        assertThat(host.runs).containsExactly(List.of("health"), List.of("health"));
        assertThat(host.remoteLines).anyMatch(line -> line.startsWith("health: PASS"));
        assertThat(host.remoteLines).anyMatch(line -> line.startsWith("health: FAIL"));
        assertThat(session.getPhase()).isEqualTo(GatePhase.EVIDENCE_WORSENED);
        assertThat(session.getEvidence().orElseThrow().getVerdict()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldCarryOnlyTheCredentialsTheChecksNameAsResolvedValues() throws Exception {
        // Given a check that names a token and another that names credentials nobody has
        DefinitionText text = definition(
                "url: " + base + "/secured\ncredentials: token\nauthentication: bearer\n",
                "  - id: other\n    type: httpHealth\n    url: " + base + "/secured\n    credentials: missing\n"
                        + "    authentication: bearer\n");
        GateDefinition gate = load(text);
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        GateEnvironment here = GateEnvironment.builder()
                .credentials(id -> {
                    asked.add(id);
                    if (id.equals("token")) {
                        return Credentials.secretText(id, Secret.of(TOKEN));
                    }
                    throw new CheckException("No credentials '" + id + "' in this build's folder");
                })
                .build();

        // When the run is carried as bytes and run there
        PortableCheckRun prepared = PortableCheckRun.of(null, text, gate.getChecks(), here);
        PortableCheckRun carried = PortableCheckRun.fromBytes(prepared.toBytes());
        GateResult result = PortableCheckRun.resultFromBytes(
                PortableCheckRun.resultToBytes(carried.run(getClass().getClassLoader(), null, line -> {})));

        // Then only the named ids were resolved, here; the token worked there; the missing one says why
        assertThat(asked).containsExactly("token", "missing");
        assertThat(carried.getCredentialIds()).containsExactly("token", "missing");
        assertThat(carried.toString()).doesNotContain(TOKEN);
        assertThat(result.getChecks().get(0).status()).isEqualTo(Status.PASS);
        assertThat(result.getChecks().get(1).result().getSummary())
                .isEqualTo("No credentials 'missing' in this build's folder");
    }

    @Test
    void shouldSayWhenTheDefinitionDoesNotLoadWhereTheChecksWereToRun() throws Exception {
        // Given a run carried to a place whose class loader finds no check types
        DefinitionText text = definition("url: " + base + "/health\n", "");
        PortableCheckRun run = PortableCheckRun.fromBytes(PortableCheckRun.of(
                        null,
                        text,
                        load(text).getChecks(),
                        GateEnvironment.builder().build())
                .toBytes());

        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            // When it runs there, then it says so and what to do
            assertThatThrownBy(() -> run.run(nothing, null, line -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("The gate's definition does not load here, where its checks were to run:")
                    .hasMessageEndingWith("install the same check types here as where the gate is hosted");
        }
    }

    @Test
    void shouldFailTheGateWithTheHostsSentenceWhenTheChecksCannotRunWhereTheHostSends() {
        // Given a host whose machine for the checks went away
        DefinitionText text = definition("url: " + base + "/health\n", "");
        RemoteHost host = new RemoteHost(text);
        host.gone = true;
        GateSession session = session(text, host);

        // When the checks run
        session.runChecks();

        // Then the gate fails with the host's sentence
        assertThat(session.getPhase()).isEqualTo(GatePhase.FAILED);
        assertThat(session.getEnding().orElseThrow().message())
                .isEqualTo("The release gate could not run: the agent went away");
    }

    private GateSession session(final DefinitionText text, final GateHost host) {
        return new GateSession(
                "orders", load(text), true, "2.8.0", IdentityMatcher.CASE_INSENSITIVE, Set.of("bob"), Set.of(), host);
    }

    private static DefinitionText definition(final String check, final String rest) {
        return new DefinitionText(
                "version: 1\nname: orders\nchecks:\n  - id: health\n    type: httpHealth\n"
                        + (check + "thresholds: {latency: {warn: 20s, fail: 30s}}\n").indent(4) + rest,
                "release-gate.yaml");
    }

    private static GateDefinition load(final DefinitionText text) {
        try {
            return new GateDefinitionLoader(CheckTypes.discover()).load(text.yaml(), text.source());
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static void respond(final HttpExchange exchange, final int status) throws IOException {
        byte[] bytes = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    /** Runs the checks as on another machine: the run and its result cross as bytes. */
    private static final class RemoteHost implements GateHost {
        private final TestHost local = new TestHost(START);
        private final DefinitionText text;
        private final List<List<String>> runs = Collections.synchronizedList(new ArrayList<>());
        private final List<String> remoteLines = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean gone;

        RemoteHost(final DefinitionText text) {
            this.text = text;
        }

        @Override
        public GateResult runChecks(
                final GateDefinition gate, final List<CheckDefinition> checks, final GateEnvironment environment)
                throws InterruptedException {
            if (gone) {
                throw new IllegalStateException("the agent went away");
            }
            try {
                byte[] carried =
                        PortableCheckRun.of(null, text, checks, environment).toBytes();
                PortableCheckRun there = PortableCheckRun.fromBytes(carried);
                runs.add(there.getCheckIds());
                GateResult result = there.run(getClass().getClassLoader(), null, remoteLines::add);
                return PortableCheckRun.resultFromBytes(PortableCheckRun.resultToBytes(result));
            } catch (IOException exception) {
                throw new IllegalStateException(exception);
            }
        }

        @Override
        public GateEnvironment environment(final boolean withWorkspace) {
            return local.environment(withWorkspace);
        }

        @Override
        public void log(final String line) {
            local.log(line);
        }

        @Override
        public void persist(final GateSession session) {
            local.persist(session);
        }

        @Override
        public Scheduled schedule(final Duration delay, final Runnable task) {
            return local.schedule(delay, task);
        }

        @Override
        public void execute(final Runnable task) {
            local.execute(task);
        }

        @Override
        public void end(final GateEnding ending) {
            local.end(ending);
        }
    }
}
