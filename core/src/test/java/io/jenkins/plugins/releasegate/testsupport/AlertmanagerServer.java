package io.jenkins.plugins.releasegate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Alertmanager for tests: Debian's {@code prometheus-alertmanager}, started on a free port of 127.0.0.1
 * with clustering off, its own storage in a temporary folder, and a configuration with one receiver that
 * notifies nobody and one inhibition rule: an alert named {@value #INHIBITING_ALERT} inhibits the
 * {@code critical} alerts of the same {@code service}. The system service is never used.
 *
 * <p>Tests post alerts and silences through Alertmanager's API v2, as Prometheus and {@code amtool} do, and
 * wait with {@link #awaitAlerts} until Alertmanager shows them.</p>
 */
public final class AlertmanagerServer implements AutoCloseable {
    /** Where Debian's package installs Alertmanager. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    /** The name of the alert that inhibits the critical alerts of its service. */
    public static final String INHIBITING_ALERT = "MaintenanceWindow";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONFIGURATION = """
            route:
              receiver: nobody
              group_wait: 1s
            receivers:
              - name: nobody
            inhibit_rules:
              - source_matchers: ['alertname="%s"']
                target_matchers: ['severity="critical"']
                equal: [service]
            """.formatted(INHIBITING_ALERT);

    private final Path directory;
    private final int port;
    private final Process process;
    private final HttpClient client = HttpClient.newHttpClient();

    private AlertmanagerServer(final Path directory, final int port, final Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts Alertmanager and waits until it is ready.
     *
     * @return the running server; stop it with {@link #close()}
     * @throws IOException if it cannot be started; the message holds its log
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if Alertmanager is not installed, saying which package to install
     */
    public static AlertmanagerServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the Alertmanager tests start a real Alertmanager;"
                    + " install Debian's package with 'apt-get install prometheus-alertmanager' (.ci/run installs it)");
        }
        Path directory = Files.createTempDirectory("alertmanager-test-");
        Path configuration = directory.resolve("alertmanager.yml");
        Files.writeString(configuration, CONFIGURATION, StandardCharsets.UTF_8);
        int port = freePort();
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + configuration,
                        "--storage.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=",
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("alertmanager.log").toFile())
                .start();
        AlertmanagerServer server = new AlertmanagerServer(directory, port, process);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException exception) {
            server.close();
            throw exception;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("Alertmanager ended with exit code " + process.exitValue() + ": " + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException exception) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Alertmanager was not ready within " + STARTUP_TIMEOUT + ": " + log());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Returns the base URL of the server.
     *
     * @return the URL, such as {@code http://127.0.0.1:34567}
     */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Posts alerts, as Prometheus does.
     *
     * @param alerts the alerts as Alertmanager's API v2 takes them ({@code postableAlerts})
     * @throws IOException if Alertmanager refuses them
     * @throws InterruptedException if interrupted
     */
    public void postAlerts(final List<?> alerts) throws IOException, InterruptedException {
        post("/api/v2/alerts", MAPPER.writeValueAsString(alerts));
    }

    /**
     * Creates a silence, as {@code amtool silence add} does.
     *
     * @param silence the silence as Alertmanager's API v2 takes it ({@code postableSilence})
     * @return the silence's id
     * @throws IOException if Alertmanager refuses it
     * @throws InterruptedException if interrupted
     */
    public String postSilence(final Object silence) throws IOException, InterruptedException {
        return MAPPER.readTree(post("/api/v2/silences", MAPPER.writeValueAsString(silence)))
                .path("silenceID")
                .asText();
    }

    /**
     * Waits until the alerts Alertmanager lists for the given matchers meet a condition, polling; fails the
     * test if they never do. This bounds a wait, it asserts nothing about timing.
     *
     * @param description what is waited for, for the failure message
     * @param condition the condition on the list of alerts
     * @param filters the matchers, as Alertmanager's {@code filter} parameter takes them
     * @throws Exception if interrupted or Alertmanager cannot be read
     */
    public void awaitAlerts(final String description, final Predicate<JsonNode> condition, final String... filters)
            throws Exception {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        JsonNode alerts = alerts(filters);
        while (!condition.test(alerts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + description + "; Alertmanager lists " + alerts);
            }
            Thread.sleep(50);
            alerts = alerts(filters);
        }
    }

    /**
     * Lists the alerts for the given matchers, silenced and inhibited ones included.
     *
     * @param filters the matchers, as Alertmanager's {@code filter} parameter takes them
     * @return the alerts as Alertmanager gives them
     * @throws IOException if Alertmanager cannot be read
     * @throws InterruptedException if interrupted
     */
    public JsonNode alerts(final String... filters) throws IOException, InterruptedException {
        String query = Stream.of(filters)
                .map(filter -> "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = get("/api/v2/alerts?" + query);
        if (response.statusCode() != 200) {
            throw new IOException("Alertmanager answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String post(final String path, final String json) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Alertmanager refused POST " + path + " with " + response.statusCode() + ": "
                    + response.body() + " (sent " + json + ")");
        }
        return response.body();
    }

    /**
     * Returns what Alertmanager wrote to its log, for failure messages.
     *
     * @return the log, empty if there is none
     */
    public String log() {
        try {
            return Files.readString(directory.resolve("alertmanager.log"), StandardCharsets.UTF_8);
        } catch (IOException exception) {
            return "";
        }
    }

    /** Stops Alertmanager and removes its storage. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException exception) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException exception) {
            // a temporary folder left behind harms nobody
        }
    }
}
