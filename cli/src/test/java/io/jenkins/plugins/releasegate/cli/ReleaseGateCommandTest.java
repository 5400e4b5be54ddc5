package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseGateCommandTest {
    private static final String PASSWORD = "s3cr3t-Pa55word";
    private static final Map<String, String> CREDENTIALS =
            Map.of("RELEASE_GATE_ORDERS_API_USERNAME", "monitor", "RELEASE_GATE_ORDERS_API_PASSWORD", PASSWORD);

    /** Latency limits far above anything a loaded test machine shows, for tests about something else. */
    private static final String RELAXED = "    thresholds: {latency: {warn: 30s, fail: 60s}}\n";

    private static HttpServer server;
    private static final AtomicInteger DELAY_MILLIS = new AtomicInteger();

    @TempDir
    private Path directory;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/hostile", exchange -> {
            byte[] body = "{\"status\":\"\\u001b[8mha:AAAA\\u001b[0m\\u202eNWOD\\u009b2J\\u0007\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(DELAY_MILLIS.get());
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/private", exchange -> {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString(("monitor:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            boolean authorized = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(authorized ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldPassPrintTheTableAndWriteThreeReportsWhenTheEndpointIsHealthy() throws IOException {
        Path gate = write("""
                version: 1
                name: orders release
                checks:
                  - id: orders-api
                    type: httpHealth
                    url: %s/health
                    json:
                      - {pointer: /status, equals: UP}
                    thresholds: {latency: {warn: 30s, fail: 60s}}
                """.formatted(baseUrl()));
        Path output = directory.resolve("reports");

        CliRun run = CliRun.run(Map.of(), "check", "-c", gate.toString(), "-o", output.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Release gate 'orders release': running 1 checks")
                .contains("PASS    orders-api  httpHealth")
                .contains("Verdict: PASS")
                .contains("Approval (not requested by the CLI): 1 approval by anyone with the Approve permission")
                .contains(output.resolve("report.html").toString());
        assertThat(output.resolve("report.json")).exists();
        assertThat(output.resolve("report.html")).content().contains("Verdict: PASS");
        assertThat(output.resolve("junit.xml")).content().contains("<testcase");
    }

    @Test
    void shouldPrintNoControlOrFormatCharacterFromTheDefinitionOrTheServer() throws IOException {
        // Given a gate name and a JSON value carrying terminal escapes, a console note and a bidi override
        Path gate = write("""
                version: 1
                name: "orders \\e[31mrelease\\u202e"
                checks:
                  - id: orders-api
                    type: httpHealth
                    url: %s/hostile
                    json:
                      - {pointer: /status, equals: UP}
                    thresholds: {latency: {warn: 30s, fail: 60s}}
                """.formatted(baseUrl()));

        // When the check runs in the terminal
        CliRun run = CliRun.run(Map.of(), "check", "-c", gate.toString(), "-o", directory.toString());

        // Then neither the progress lines nor the results show them raw
        assertThat(run.out()).contains("orders \uFFFD[31mrelease\uFFFD").contains("\uFFFD[8mha:AAAA");
        for (String printed : new String[] {run.out(), run.err()}) {
            assertThat(printed)
                    .doesNotContain("\u001b")
                    .doesNotContain("\u202e")
                    .doesNotContain("\u009b")
                    .doesNotContain("\u0007");
        }
    }

    @Test
    void shouldExitWithTwoWhenTheEndpointIsUnreachable() throws IOException {
        Path gate = write(singleCheck("http://127.0.0.1:" + freePort() + "/health", ""));

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                directory.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("connection refused").contains("Verdict: FAIL (blocked by orders-api)");
    }

    @Test
    void shouldExitWithOneWhenTheEndpointIsSlowerThanTheWarnLimit() throws IOException {
        DELAY_MILLIS.set(300);
        Path gate = write(singleCheck(baseUrl() + "/slow", "    thresholds: {latency: {warn: 100ms, fail: 10s}}\n"));

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                directory.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("WARN orders-api.latency").contains("Verdict: WARN");
    }

    @Test
    void shouldExitWithThreeWhenNothingCouldBeMeasuredInTime() throws IOException {
        DELAY_MILLIS.set(3000);
        Path gate = write(singleCheck(baseUrl() + "/slow", "    timeout: 500ms\n"));

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                directory.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("ERROR").contains("Verdict: ERROR");
    }

    @Test
    void shouldPrintTheJsonReportOnStandardOutputAndProgressOnStandardError() throws IOException {
        Path gate = write(singleCheck(baseUrl() + "/health", RELAXED));

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "--format",
                "json",
                "-o",
                directory.resolve("out").toString());

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("verdict").asText()).isEqualTo("PASS");
        assertThat(report.get("checks").get(0).get("id").asText()).isEqualTo("orders-api");
        assertThat(run.err()).contains("PASS  orders-api");
    }

    @Test
    void shouldAuthenticateWithCredentialsFromTheEnvironmentWithoutEverPrintingThePassword() throws IOException {
        Path gate = write(singleCheck(baseUrl() + "/private", "    credentials: orders-api\n" + RELAXED));
        Path output = directory.resolve("out");

        CliRun run = CliRun.run(CREDENTIALS, "check", "-c", gate.toString(), "-o", output.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        for (String report : new String[] {"report.json", "report.html", "junit.xml"}) {
            assertThat(output.resolve(report)).content().doesNotContain(PASSWORD);
        }
    }

    @Test
    void shouldNameTheMissingVariablesWhenCredentialsAreNotSet() throws IOException {
        Path gate = write(singleCheck(baseUrl() + "/private", "    credentials: orders-api\n" + RELAXED));

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                directory.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("RELEASE_GATE_ORDERS_API_PASSWORD");
    }

    @Test
    void shouldListEveryProblemAndExitWithFourForAnInvalidDefinition() throws IOException {
        Path gate = write("""
                version: 1
                name: orders release
                timout: 5m
                checks:
                  - id: orders-api
                    type: httpHealt
                """);

        CliRun run = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                directory.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err())
                .contains("2 problems")
                .contains("gate.yaml:3:1: timout: unknown key; did you mean 'timeout'?")
                .contains("gate.yaml:6:11: checks[0].type: unknown check type 'httpHealt'; did you mean 'httpHealth'?");
        assertThat(directory.resolve("out")).doesNotExist();
    }

    @Test
    void shouldValidateTheKeysOfAChangeWindow() throws IOException {
        // Given a changeWindow check with a misspelt key, an unknown zone and a freeze that ends before it starts
        Path gate = write("""
                version: 1
                name: orders release
                checks:
                  - id: change-window
                    type: changeWindow
                    timeZone: Asia/Tokio
                    windows: [mon-thu 10:00-16:00]
                    warnBeforEnd: 30m
                    freezes:
                      - {from: 2027-01-05, to: 2026-12-20, reason: year-end freeze}
                """);

        // When it is validated
        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        // Then every problem is listed with its place, the typo with the key it resembles
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err())
                .contains("3 problems")
                .contains("gate.yaml:6:15: checks[0].timeZone: 'Asia/Tokio' is not a known time zone; did you mean "
                        + "'Asia/Tokyo'?")
                .contains("gate.yaml:8:5: checks[0].warnBeforEnd: unknown key; did you mean 'warnBeforeEnd'?")
                .contains("gate.yaml:10:32: checks[0].freezes[0].to: '2026-12-20' is before 'from' 2027-01-05");
    }

    @Test
    void shouldValidateWithoutRunningAnyCheck() throws IOException {
        Path gate = write(singleCheck("http://127.0.0.1:" + freePort() + "/health", ""));

        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("valid gate 'orders release' with 1 checks");
    }

    @Test
    void shouldSayWhatToDoWhenTheDefinitionFileIsMissing() {
        CliRun run = CliRun.run(
                Map.of(), "validate", "-c", directory.resolve("missing.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("missing.yaml: no such file");
    }

    @Test
    void shouldRejectUnknownOptionsWithExitCodeFour() {
        CliRun run = CliRun.run(Map.of(), "check", "-c", "gate.yaml", "--colour");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void shouldKeepTheStricterThresholdOfTheBaseDefinitionAndSaySo() throws IOException {
        Path base = Files.writeString(
                directory.resolve("base.yaml"),
                singleCheck(baseUrl() + "/health", "    thresholds: {latency: {warn: 500ms, fail: 1s}}\n"));
        Path gate = write(singleCheck(baseUrl() + "/health", "    thresholds: {latency: {warn: 5s, fail: 10s}}\n"));

        CliRun run = CliRun.run(Map.of(), "validate", "-c", gate.toString(), "--base", base.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Note: ")
                .contains("threshold latency")
                .contains("the stricter limits apply: warn ≥ 500ms, fail ≥ 1s");
    }

    @Test
    void shouldAskForASubcommandWithItsUsage() {
        CliRun run = CliRun.run(Map.of());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("Usage: release-gate");
        assertThat(run.err()).contains("a subcommand is required: check, validate, rollback-plan, demo or stats");
    }

    @Test
    void shouldSayWhatToDoWhenTheDefinitionIsADirectoryOrTheBaseIsInvalid() throws IOException {
        Path gate = write(singleCheck(baseUrl() + "/health", ""));
        Path base = Files.writeString(directory.resolve("base.yaml"), "version: 1\nname: base\nchecks: []\nbogus: 1\n");

        CliRun folder = CliRun.run(Map.of(), "validate", "-c", directory.toString());
        CliRun invalidBase = CliRun.run(Map.of(), "validate", "-c", gate.toString(), "--base", base.toString());

        assertThat(folder.exitCode()).isEqualTo(4);
        assertThat(folder.err()).contains(": is a directory; name the gate definition file");
        assertThat(invalidBase.exitCode()).isEqualTo(4);
        assertThat(invalidBase.err()).contains("base.yaml").contains("bogus");
    }

    @Test
    void shouldPrintItsVersion() {
        CliRun run = CliRun.run(Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("release-gate 1.");
    }

    @Test
    void shouldConfirmChecklistItemsAsTheUserRunningTheCommand() throws IOException {
        // Given a definition with a release checklist of two required items
        Path gate = write("""
                version: 1
                name: orders release
                checks:
                  - id: release-checklist
                    type: checklist
                    items:
                      - {id: comms, text: "Customer support informed of the maintenance window"}
                      - {id: backup-verified, text: "Last night's backup restored on staging"}
                """);
        Path output = directory.resolve("reports");

        // When it runs without confirmations, with one of them, and with both
        CliRun none = CliRun.run(Map.of(), "check", "-c", gate.toString(), "-o", output.toString());
        CliRun one =
                CliRun.run(Map.of(), "check", "-c", gate.toString(), "-o", output.toString(), "--confirm", "comms");
        CliRun both = CliRun.run(
                Map.of(),
                "check",
                "-c",
                gate.toString(),
                "-o",
                output.toString(),
                "--confirm",
                "comms",
                "--confirm",
                "backup-verified");

        // Then nothing confirmed is a warning, never a pass, and the report says who confirmed what
        assertThat(none.exitCode()).isOne();
        assertThat(none.out()).contains("2 of 2 required item(s) to confirm when approving");
        assertThat(one.exitCode()).isOne();
        assertThat(one.out()).contains("1 of 2 required item(s) to confirm when approving");
        assertThat(both.exitCode()).isZero();
        assertThat(output.resolve("report.json"))
                .content()
                .contains("[x] comms (required): Customer support informed of the maintenance window — confirmed by "
                        + System.getProperty("user.name"))
                .contains("via cli");
    }

    @Test
    void shouldRefuseToConfirmAnItemTheChecklistDoesNotHave() throws IOException {
        Path gate = write(singleCheck(baseUrl() + "/health", RELAXED));

        CliRun run = CliRun.run(Map.of(), "check", "-c", gate.toString(), "--confirm", "comms");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("--confirm comms: " + gate + " has no checklist; remove --confirm");
    }

    private Path write(final String yaml) throws IOException {
        return Files.writeString(directory.resolve("gate.yaml"), yaml);
    }

    private static String singleCheck(final String url, final String extra) {
        return """
                version: 1
                name: orders release
                checks:
                  - id: orders-api
                    type: httpHealth
                    url: %s
                %s""".formatted(url, extra);
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
