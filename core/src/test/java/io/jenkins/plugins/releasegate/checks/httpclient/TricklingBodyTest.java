package io.jenkins.plugins.releasegate.checks.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every check that reads an HTTP body (httpHealth, batchHealth from an HTTP source, rollbackPlan's
 * previous artifact with a checksum, alerts) against a server that sends its headers and then trickles the body:
 * the check ends with ERROR, and shortly after its timeout no thread of the check is left reading.
 */
class TricklingBodyTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
    private static final long SETTLE_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private static TricklingServer server;

    @TempDir
    static Path workspace;

    @BeforeAll
    static void startServer() throws IOException {
        server = new TricklingServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    private static String check(final String type) throws IOException {
        return switch (type) {
            case "httpHealth" -> "type: httpHealth\nurl: " + server.base() + "/health\n";
            case "batchHealth" ->
                "type: batchHealth\nsource: http\nurl: " + server.base()
                        + "/status\njobs: {nightly: {status: /0, expected: [OK]}}\n";
            case "rollbackPlan" -> {
                writePlan();
                yield "type: rollbackPlan\npreviousArtifact: {url: \"" + server.base()
                        + "/app-{rollbackTo}.jar\", sha256: \"" + "a".repeat(64) + "\"}\n";
            }
            case "alerts" -> "type: alerts\nurl: " + server.base() + "\nmatchers: [service=orders]\n";
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static void writePlan() throws IOException {
        try (InputStream plan = Objects.requireNonNull(TricklingBodyTest.class.getResourceAsStream(
                "/io/jenkins/plugins/releasegate/checks/rollback/plans/01-valid.yaml"))) {
            Path file = workspace.resolve(".release/rollback.yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    new String(plan.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("tool: flyway, strategy: undo", "tool: none, strategy: none"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"httpHealth", "batchHealth", "rollbackPlan", "alerts"})
    @Timeout(120)
    void shouldLeaveNoThreadReadingATricklingBodyAfterTheTimeout(final String type) throws Exception {
        // Given a check of 2 seconds against a server that trickles its body
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        String gate = "version: 1\nname: trickle\nchecks:\n  - id: trickled\n    timeout: 2s\n"
                + check(type).indent(4);

        // When
        CheckOutcome outcome = new GateRunner()
                .run(
                        new GateDefinitionLoader(CheckTypes.discover()).load(gate, "gate.yaml"),
                        GateEnvironment.builder()
                                .clock(TODAY)
                                .release("2.8.0")
                                .workspace(new LocalWorkspaceFiles(workspace))
                                .build(),
                        GateListener.none())
                .getChecks()
                .get(0);

        // Then the check is ERROR, and its threads end soon after its timeout
        assertThat(outcome.status()).as(outcome.result().getSummary()).isEqualTo(Status.ERROR);
        List<String> lingering = lingering(before);
        for (long waited = 0; !lingering.isEmpty() && waited < SETTLE_MILLIS; waited += 200) {
            System.gc();
            Thread.sleep(200);
            lingering = lingering(before);
        }
        assertThat(lingering).as("threads of the check still alive").isEmpty();
    }

    /** The threads started since {@code before} that belong to a check or read an HTTP body, with their stacks. */
    static List<String> lingering(final Set<Thread> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> !before.contains(entry.getKey()))
                .filter(entry -> entry.getKey().isAlive())
                .filter(entry -> !entry.getKey().getName().startsWith(TricklingServer.THREAD_PREFIX))
                .filter(entry -> belongsToACheck(entry.getKey(), entry.getValue()))
                .map(entry -> entry.getKey().getName() + " "
                        + Arrays.stream(entry.getValue())
                                .limit(12)
                                .map(String::valueOf)
                                .collect(Collectors.joining(" < ")))
                .toList();
    }

    private static boolean belongsToACheck(final Thread thread, final StackTraceElement[] stack) {
        String name = thread.getName();
        return name.startsWith("release-gate-")
                || name.startsWith("HttpClient-")
                || Arrays.stream(stack)
                        .anyMatch(frame ->
                                frame.getClassName().startsWith("jdk.internal.net.http.HttpResponseInputStream"));
    }
}
