package io.jenkins.plugins.releasegate.testsupport;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server for tests: Debian's {@code /usr/bin/prometheus}, started on a free port of
 * 127.0.0.1 with its own configuration and data directory in a temporary folder, scraping the targets the
 * test names every second, and removed by {@link #stop()}. The system service is never used.
 *
 * <p>Needs the Debian package {@code prometheus}; without it {@link #start} fails saying so.</p>
 */
public final class PrometheusServer implements AutoCloseable {
    /** Where Debian installs the server. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    @CheckForNull
    private final String authorization;

    private final HttpClient client = HttpClient.newHttpClient();

    private PrometheusServer(
            final Path directory, final int port, final Process process, @CheckForNull final String authorization) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.authorization = authorization;
        this.shutdownHook = new Thread(this::kill, "prometheus-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server that scrapes the given targets every second, as job {@code orders}, and waits until it is
     * ready.
     *
     * @param targets the targets, such as {@code 127.0.0.1:34567} (path {@code /metrics}); none for a server
     *     that scrapes nothing
     * @return the running server
     * @throws IOException if the server cannot be started; the message holds its log
     * @throws InterruptedException if interrupted while waiting
     */
    public static PrometheusServer start(final List<String> targets) throws IOException, InterruptedException {
        return start(targets, null, null, null);
    }

    /**
     * Starts a server that asks for basic authentication (its web configuration's {@code basic_auth_users}).
     *
     * @param targets the targets to scrape
     * @param user the user name
     * @param bcryptHash the bcrypt hash of the user's password, as Prometheus wants it
     * @param password the password, for this class's own requests
     * @return the running server
     * @throws IOException if the server cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static PrometheusServer startWithBasicAuthentication(
            final List<String> targets, final String user, final String bcryptHash, final String password)
            throws IOException, InterruptedException {
        return start(targets, user, bcryptHash, password);
    }

    private static PrometheusServer start(
            final List<String> targets,
            @CheckForNull final String user,
            @CheckForNull final String bcryptHash,
            @CheckForNull final String password)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the Prometheus tests run a real Prometheus server."
                    + " Install the Debian package with 'apt-get install -y prometheus' (the system service is not used;"
                    + " CI installs it in .ci/run).");
        }
        Path directory = Files.createTempDirectory("prometheus-test-");
        StringBuilder configuration = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
        if (!targets.isEmpty()) {
            configuration
                    .append("scrape_configs:\n  - job_name: orders\n    scrape_interval: 1s\n    scrape_timeout: 1s\n")
                    .append("    static_configs:\n      - targets: [")
                    .append(String.join(
                            ", ",
                            targets.stream().map(target -> "'" + target + "'").toList()))
                    .append("]\n");
        }
        Files.writeString(directory.resolve("prometheus.yml"), configuration.toString(), StandardCharsets.UTF_8);
        int port = LocalPorts.unused();
        List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        String authorization = null;
        if (user != null && bcryptHash != null && password != null) {
            Files.writeString(
                    directory.resolve("web.yml"),
                    "basic_auth_users:\n  " + user + ": '" + bcryptHash + "'\n",
                    StandardCharsets.UTF_8);
            command.add("--web.config.file=" + directory.resolve("web.yml"));
            authorization = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(directory, port, process, authorization);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException exception) {
            server.stop();
            throw exception;
        }
        return server;
    }

    /**
     * Returns the server's base URL.
     *
     * @return the URL, such as {@code http://127.0.0.1:34567}
     */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Runs an instant query at the server's own time, as this test support's own probe (not through the check).
     *
     * @param promql the expression
     * @return the JSON answer
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    public String query(final String promql) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Returns the server's log, for assertion messages.
     *
     * @return the log
     */
    public String log() {
        try {
            Path log = directory.resolve("prometheus.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException exception) {
            return "(cannot read the log: " + exception.getMessage() + ")";
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory. Safe to call more than once. */
    public void stop() {
        try {
            process.destroy();
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException exception) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteDirectory();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exception) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void kill() {
        process.destroyForcibly();
        deleteDirectory();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "prometheus exited with code " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(5));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body().strip();
            } catch (IOException exception) {
                last = String.valueOf(exception.getMessage());
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus was not ready on " + url() + " within " + STARTUP_TIMEOUT.toSeconds()
                + "s (last answer: " + last + "):\n" + log());
    }

    private void deleteDirectory() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException exception) {
                    throw new UncheckedIOException(exception);
                }
            });
        } catch (IOException | UncheckedIOException exception) {
            System.err.println(
                    "Could not delete the Prometheus test directory " + directory + ": " + exception.getMessage());
        }
    }
}
