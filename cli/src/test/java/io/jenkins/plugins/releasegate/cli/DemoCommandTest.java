package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.cli.demo.Demo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the demo end to end in both scenarios, once each, and checks what it printed, wrote and left behind.
 */
class DemoCommandTest {
    private static final Pattern DATABASE_PORT = Pattern.compile("PostgreSQL \\S+ on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern API_PORT = Pattern.compile("health endpoint: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final int FAIL_RED = 0xcf222e;
    private static final int PASS_GREEN = 0x1a7f37;

    @TempDir
    private static Path directory;

    private static DemoRun incident;
    private static DemoRun healthy;

    /**
     * One run of the demo.
     *
     * @param exitCode the exit code
     * @param out standard output
     * @param err standard error
     * @param output the output directory
     * @param environment the credentials' variables the demo set
     */
    record DemoRun(int exitCode, String out, String err, Path output, Map<String, String> environment) {
        int port(final Pattern pattern) {
            Matcher matcher = pattern.matcher(out);
            assertThat(matcher.find()).as("port in %s", out).isTrue();
            return Integer.parseInt(matcher.group(1));
        }

        JsonNode report() throws IOException {
            return new ObjectMapper().readTree(output.resolve("report.json").toFile());
        }
    }

    @BeforeAll
    static void runBothScenarios() {
        incident = demo("incident", directory.resolve("incident"));
        healthy = demo("healthy", directory.resolve("healthy"));
    }

    private static DemoRun demo(final String scenario, final Path output) {
        AtomicReference<Demo> started = new AtomicReference<>();
        CommandLine commandLine = new CommandLine(new DemoCommand(() -> false, started::set));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute("--scenario", scenario, "-o", output.toString());
        return new DemoRun(
                exitCode,
                out.toString(),
                err.toString(),
                output,
                started.get() == null ? Map.of() : started.get().environment());
    }

    @Test
    void shouldPassTheHealthyScenario() throws IOException {
        assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).contains("scenario 'healthy'").contains("Verdict: PASS");
        assertThat(healthy.report().get("verdict").asText()).isEqualTo("PASS");
        for (JsonNode check : healthy.report().get("checks")) {
            assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("PASS");
        }
    }

    @Test
    void shouldFailTheIncidentForTheReasonsOfItsScenario() throws IOException {
        assertThat(incident.exitCode()).as(incident.out() + incident.err()).isEqualTo(2);
        assertThat(incident.out())
                .contains("scenario 'incident'")
                .contains("Verdict: FAIL (blocked by orders-db, nightly-batch, rollback-plan)");
        assertThat(incident.report().get("verdict").asText()).isEqualTo("FAIL");
    }

    @Test
    void shouldConfirmTheChecklistAsTheUserOnlyWhereTheScenarioSaysItIsDone() throws IOException {
        // the healthy release has its checklist done; in the incident nobody owns the rollback
        assertThat(healthy.out())
                .contains("Confirming checklist items as " + System.getProperty("user.name") + ": comms, rollback-owner"
                        + " (as 'release-gate check --confirm comms --confirm rollback-owner' does).");
        assertThat(check(healthy, "release-checklist").get("summary").asText())
                .isEqualTo("All 2 required item(s) confirmed; 2 of 2 item(s) confirmed in all");
        JsonNode incidentChecklist = check(incident, "release-checklist");
        assertThat(incidentChecklist.get("status").asText()).isEqualTo("WARN");
        assertThat(incidentChecklist.get("summary").asText())
                .isEqualTo("1 of 2 required item(s) to confirm when approving");
        assertThat(details(incidentChecklist))
                .contains("[ ] rollback-owner (required): The rollback owner is on call until the release is verified"
                        + " — not confirmed");
    }

    @Test
    void shouldFindTheLockPileUpAndTheIdleTransactionsInTheIncident() throws IOException {
        JsonNode database = check(incident, "orders-db");

        assertThat(database.get("status").asText()).isEqualTo("FAIL");
        assertThat(measurement(database, "lockWaiters")).isEqualTo("6 FAIL");
        assertThat(measurement(database, "idleInTransactionSessions")).isEqualTo("5 FAIL");
        assertThat(measurement(database, "connectionsUsed")).endsWith("PASS");
        assertThat(details(database))
                .anySatisfy(line -> assertThat(line)
                        .contains("application stock-import")
                        .contains("idle in transaction")
                        .contains("blocking pid")
                        .contains("UPDATE orders SET status = ?, updated_at = now() WHERE id = "))
                .anySatisfy(line -> assertThat(line)
                        .contains("application orders-api")
                        .contains("waiting for a lock")
                        .contains("UPDATE orders SET status = ?, updated_at = now() WHERE id = "));
        assertThat(measurement(check(healthy, "orders-db"), "lockWaiters")).isEqualTo("0 PASS");
    }

    @Test
    void shouldFindTheFailedAndTheStuckBatchJobInTheIncident() throws IOException {
        JsonNode batch = check(incident, "nightly-batch");

        assertThat(batch.get("status").asText()).isEqualTo("FAIL");
        assertThat(measurement(batch, "failedExecutions")).isEqualTo("1 FAIL");
        assertThat(measurement(batch, "stuckExecutions")).isEqualTo("1 FAIL");
        assertThat(details(batch))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("FAIL invoiceRun execution")
                        .contains("status FAILED")
                        .contains("Unable to acquire JDBC Connection")
                        .contains("has not completed successfully since"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("FAIL stockSync execution")
                        .contains("status STARTED")
                        .contains("stuck: no update of the execution or its steps for 4h"))
                .anySatisfy(
                        line -> assertThat(line).startsWith("OK required job orderExport last completed successfully"));
    }

    @Test
    void shouldFindTheMissingUndoScriptOfTheReleasesMigrationInTheIncident() throws IOException {
        JsonNode rollback = check(incident, "rollback-plan");

        assertThat(rollback.get("status").asText()).isEqualTo("FAIL");
        assertThat(details(rollback))
                .contains("FAIL [flyway] db/migration/V3__add_delivery_slot.sql has no undo script U3__*.sql")
                .contains("PASS [release] change.release 2.8.0 is the release being deployed")
                .anySatisfy(line ->
                        assertThat(line).startsWith("PASS [schemaHistory]").contains("current version 2"))
                .noneSatisfy(line -> assertThat(line).startsWith("WARN"));
        assertThat(details(check(healthy, "rollback-plan")))
                .noneSatisfy(line -> assertThat(line).doesNotStartWith("PASS"));
    }

    @Test
    void shouldReportTheIncidentsHealthEndpointAsUpSinceTheDatabaseStillAnswers() throws IOException {
        assertThat(incident.out()).containsPattern("PASS +orders-api +httpHealth");
        assertThat(status(incident, "orders-api")).isEqualTo("PASS");
    }

    @Test
    void shouldPrintAndWriteTheShippedDefinitionWithThePortsItStartedOn() throws IOException {
        String template =
                Files.readString(Path.of("..", "examples", "demo", "release-gate.yaml"), StandardCharsets.UTF_8);
        String expected = template.replace("${DB_PORT}", String.valueOf(incident.port(DATABASE_PORT)))
                .replace("${API_PORT}", String.valueOf(incident.port(API_PORT)));

        assertThat(Demo.template()).isEqualTo(template);
        assertThat(expected).doesNotContain("${");
        assertThat(incident.output().resolve("release-gate.yaml"))
                .content(StandardCharsets.UTF_8)
                .isEqualTo(expected);
        assertThat(incident.out()).contains(indented(expected));
    }

    @Test
    void shouldWriteTheThreeReportsAndSayWhereTheHtmlReportIs() {
        for (DemoRun run : List.of(incident, healthy)) {
            assertThat(run.output().resolve("report.json")).isRegularFile();
            assertThat(run.output().resolve("junit.xml")).content().contains("<testcase");
            assertThat(run.output().resolve("report.html")).content().contains("id=\"verdict\"");
            assertThat(run.out())
                    .contains("Open the HTML report: "
                            + run.output().resolve("report.html").toUri());
        }
    }

    @Test
    void shouldWriteTheRepositoryWithAMissingUndoScriptInTheIncidentOnly() {
        Path incidentMigrations = incident.output().resolve("workspace/db/migration");
        Path healthyMigrations = healthy.output().resolve("workspace/db/migration");

        assertThat(incident.output().resolve("workspace/.release/rollback.yaml"))
                .content()
                .contains("release: 2.8.0");
        assertThat(incidentMigrations.resolve("V3__add_delivery_slot.sql")).isRegularFile();
        assertThat(incidentMigrations.resolve("U3__add_delivery_slot.sql")).doesNotExist();
        assertThat(incidentMigrations.resolve("U2__index_orders_by_customer_and_status.sql"))
                .isRegularFile();
        assertThat(healthyMigrations.resolve("U3__add_delivery_slot.sql")).isRegularFile();
    }

    @Test
    void shouldNeverPrintOrWriteAPassword() throws IOException {
        for (DemoRun run : List.of(incident, healthy)) {
            List<String> passwords = run.environment().entrySet().stream()
                    .filter(variable -> variable.getKey().endsWith("_PASSWORD"))
                    .map(Map.Entry::getValue)
                    .toList();
            assertThat(passwords)
                    .hasSize(2)
                    .allSatisfy(password -> assertThat(password).hasSizeGreaterThan(16));
            assertThat(run.out()).contains("RELEASE_GATE_ORDERS_DB_MONITOR_PASSWORD");
            List<String> texts = new ArrayList<>(List.of(run.out(), run.err()));
            try (Stream<Path> files = Files.walk(run.output())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    texts.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
            for (String password : passwords) {
                assertThat(texts).noneSatisfy(text -> assertThat(text).contains(password));
            }
        }
    }

    @Test
    void shouldStopPostgresAndTheHealthEndpointWhenItEnds() {
        assertThat(incident.out()).contains("Stopped. The demo took");
        for (DemoRun run : List.of(incident, healthy)) {
            assertThat(PostgresProcesses.onPort(run.port(DATABASE_PORT))).isEmpty();
            for (int port : new int[] {run.port(DATABASE_PORT), run.port(API_PORT)}) {
                assertThatThrownBy(() -> {
                            try (Socket socket = new Socket()) {
                                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                            }
                        })
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void shouldRenderTheIncidentReportInHeadlessChromium() throws IOException, InterruptedException {
        assertRendersWithVerdict(incident, "FAIL", FAIL_RED);
    }

    @Test
    void shouldRenderTheHealthyReportInHeadlessChromium() throws IOException, InterruptedException {
        assertRendersWithVerdict(healthy, "PASS", PASS_GREEN);
    }

    private static void assertRendersWithVerdict(final DemoRun run, final String verdict, final int bannerColour)
            throws IOException, InterruptedException {
        HeadlessChromium chromium = new HeadlessChromium(Files.createTempDirectory(directory, "chromium"));
        Path report = run.output().resolve("report.html");
        Path screenshot = run.output().resolve("report.png");

        HeadlessChromium.Result rendered = chromium.screenshot(report, screenshot);
        HeadlessChromium.Result dom = chromium.dumpDom(report);

        assertThat(rendered.exitCode()).as(rendered.err()).isZero();
        assertThat(rendered.consoleMessages()).isEmpty();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG at " + screenshot).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(countPixels(image, bannerColour))
                .as("pixels of the verdict banner's colour")
                .isGreaterThan(20_000);
        assertThat(dom.exitCode()).as(dom.err()).isZero();
        assertThat(dom.consoleMessages()).isEmpty();
        assertThat(dom.out()).containsPattern("id=\"verdict\"[^>]*><span>Verdict: " + verdict + "</span>");
    }

    private static int countPixels(final BufferedImage image, final int colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs((rgb >> 16 & 0xff) - (colour >> 16 & 0xff)) <= 6
                        && Math.abs((rgb >> 8 & 0xff) - (colour >> 8 & 0xff)) <= 6
                        && Math.abs((rgb & 0xff) - (colour & 0xff)) <= 6) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void shouldRefuseToRunAsRootAndSayWhatToDoWithoutStartingAnything() {
        Path output = directory.resolve("as-root");
        CommandLine commandLine = new CommandLine(new DemoCommand(() -> true, demo -> {}));
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("-o", output.toString());

        assertThat(exitCode).isEqualTo(4);
        assertThat(err.toString())
                .contains("PostgreSQL refuses to run as root")
                .contains("Run the demo as an ordinary user");
        assertThat(output).doesNotExist();
    }

    @Test
    void shouldRefuseToReplaceADirectoryItDidNotWrite() throws IOException {
        Path output = directory.resolve("foreign");
        Files.createDirectories(output.resolve("workspace"));
        Files.writeString(output.resolve("workspace/notes.txt"), "mine");

        DemoRun run = demo("healthy", output);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err())
                .contains(
                        "workspace exists and was not written by the demo: remove it or choose another output directory with -o");
        assertThat(output.resolve("workspace/notes.txt")).hasContent("mine");
        assertThat(run.out()).doesNotContain("Starting PostgreSQL");
    }

    @Test
    void shouldBeASubcommandOfReleaseGate() {
        CliRun run = CliRun.run(Map.of(), "demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--scenario")
                .contains("healthy, incident")
                .contains("ordinary user");
    }

    private static String status(final DemoRun run, final String check) throws IOException {
        return check(run, check).get("status").asText();
    }

    private static JsonNode check(final DemoRun run, final String check) throws IOException {
        for (JsonNode node : run.report().get("checks")) {
            if (check.equals(node.get("id").asText())) {
                return node;
            }
        }
        throw new AssertionError("no check " + check + " in " + run.report());
    }

    /** Returns a measurement's value as displayed, and its status, such as {@code "6 FAIL"}. */
    private static String measurement(final JsonNode check, final String name) {
        for (JsonNode node : check.get("measurements")) {
            if (name.equals(node.get("name").asText())) {
                return node.get("display").asText() + " " + node.get("status").asText();
            }
        }
        throw new AssertionError("no measurement " + name + " in " + check);
    }

    private static List<String> details(final JsonNode check) {
        List<String> lines = new ArrayList<>();
        check.get("details").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static String indented(final String text) {
        StringBuilder result = new StringBuilder();
        text.lines().forEach(line -> result.append("    ").append(line).append(System.lineSeparator()));
        return result.toString();
    }
}
