package io.jenkins.plugins.releasegate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs one gate with every built-in check type that runs against local servers (httpHealth against a
 * healthy, a slow and a refusing server, dbLoad and batchHealth against an embedded PostgreSQL,
 * rollbackPlan against a plan in a temporary workspace) many times in this JVM, and then asserts that
 * threads, open file descriptors and the heap after garbage collection are back near where they started:
 * no check leaks. A leak test, not a benchmark: nothing is timed but the whole test's safety net.
 *
 * <p>The number of runs is the system property {@value #ITERATIONS_PROPERTY} (default
 * {@value #DEFAULT_ITERATIONS}, about two and a half minutes on two cores, as each run waits for the slow
 * check's timeout of 200ms; {@code -Dreleasegate.soak.iterations=2000} for a long soak). Tolerances: {@value #THREAD_TOLERANCE} threads,
 * {@value #DESCRIPTOR_TOLERANCE} file descriptors, 48 MiB of heap.
 */
class GateSoakTest {
    /** The system property that sets the number of gate runs. */
    static final String ITERATIONS_PROPERTY = "releasegate.soak.iterations";
    /** The number of gate runs in an ordinary build. */
    static final int DEFAULT_ITERATIONS = 500;

    private static final int WARM_UP = 20;
    private static final int THREAD_TOLERANCE = 5;
    private static final int DESCRIPTOR_TOLERANCE = 20;
    private static final long HEAP_TOLERANCE = 48L * 1024 * 1024;
    private static final long SETTLE_MILLIS = TimeUnit.SECONDS.toMillis(60);
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path directory;

    private static EmbeddedPostgres postgres;
    private static HttpServer server;
    private static ExecutorService serverThreads;
    private static int refusingPort;

    @BeforeAll
    static void startServers() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                .start();
        serverThreads = Executors.newFixedThreadPool(8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/health", exchange -> respond(exchange, "{\"status\": \"UP\"}"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(400); // longer than the slow check's timeout
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, "{\"status\": \"UP\"}");
        });
        server.start();
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusingPort = closed.getLocalPort();
        }
        Path plan = directory.resolve("workspace/.release/rollback.yaml");
        Files.createDirectories(plan.getParent());
        try (InputStream corpus = Objects.requireNonNull(GateSoakTest.class.getResourceAsStream(
                "/io/jenkins/plugins/releasegate/checks/rollback/plans/01-valid.yaml"))) {
            Files.writeString(
                    plan,
                    new String(corpus.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("tool: flyway, strategy: undo", "tool: none, strategy: none"));
        }
    }

    @AfterAll
    static void stopServers() throws IOException {
        server.stop(0);
        serverThreads.shutdownNow();
        postgres.close();
    }

    private static void respond(final HttpExchange exchange, final String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    private static GateDefinition gate() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        String yaml = """
                version: 1
                name: soak
                checks:
                  - id: health
                    type: httpHealth
                    url: %1$s/health
                    timeout: 5s
                  - id: slow
                    type: httpHealth
                    url: %1$s/slow
                    timeout: 200ms
                  - id: refused
                    type: httpHealth
                    url: http://127.0.0.1:%2$d/health
                    timeout: 5s
                  - id: load
                    type: dbLoad
                    url: %3$s
                    credentials: db
                    sampleInterval: 0
                    timeout: 10s
                  - id: batch
                    type: batchHealth
                    source: sql
                    url: %3$s
                    credentials: db
                    timeZone: UTC
                    query: SELECT 'nightly' AS job, 'OK' AS status, now() AS started_at, now() AS ended_at
                    statuses: {success: [OK], failure: [ERROR]}
                    timeout: 10s
                  - id: rollback
                    type: rollbackPlan
                    timeout: 10s
                """.formatted(base, refusingPort, jdbc);
        return new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "soak.yaml");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldLeakNoThreadsDescriptorsOrHeapOverManyRuns() throws Exception {
        // Given the gate, run a few times so that classes, pools and caches are in place
        int iterations = Integer.getInteger(ITERATIONS_PROPERTY, DEFAULT_ITERATIONS);
        GateDefinition gate = gate();
        GateEnvironment environment = GateEnvironment.builder()
                .clock(TODAY)
                .release("2.8.0")
                .workspace(new LocalWorkspaceFiles(directory.resolve("workspace")))
                .credentials(id -> Credentials.usernamePassword(id, "postgres", Secret.of("unused")))
                .build();
        Map<String, Status> firstRun = runOnce(gate, environment);
        assertThat(firstRun)
                .containsEntry("slow", Status.ERROR)
                .containsEntry("refused", Status.FAIL)
                .containsKeys("health", "load", "batch", "rollback");
        assertThat(firstRun.get("health")).isIn(Status.PASS, Status.WARN);
        for (int run = 1; run < WARM_UP; run++) {
            runOnce(gate, environment);
        }
        long threads = settled(GateSoakTest::threads, Long.MAX_VALUE);
        long descriptors = settled(GateSoakTest::descriptors, Long.MAX_VALUE);
        long heap = settled(GateSoakTest::heap, Long.MAX_VALUE);

        // When it runs many times more
        for (int run = 0; run < iterations; run++) {
            Map<String, Status> statuses = runOnce(gate, environment);
            assertThat(statuses).as("run %d", run).containsEntry("refused", Status.FAIL);
        }

        // Then threads, descriptors and the heap come back to where they were, within the tolerances
        System.out.printf(
                "soak: %d runs; at the start %d threads, %d file descriptors, %d MiB heap; after them %d, %d, %d MiB%n",
                iterations,
                threads,
                descriptors,
                heap / 1024 / 1024,
                settled(GateSoakTest::threads, threads),
                settled(GateSoakTest::descriptors, descriptors),
                settled(GateSoakTest::heap, heap) / 1024 / 1024);
        assertThat(settled(GateSoakTest::threads, threads + THREAD_TOLERANCE))
                .as("live threads after %d runs (%s)", iterations, threadNames())
                .isLessThanOrEqualTo(threads + THREAD_TOLERANCE);
        assertThat(settled(GateSoakTest::descriptors, descriptors + DESCRIPTOR_TOLERANCE))
                .as("open file descriptors after %d runs", iterations)
                .isLessThanOrEqualTo(descriptors + DESCRIPTOR_TOLERANCE);
        assertThat(settled(GateSoakTest::heap, heap + HEAP_TOLERANCE))
                .as("heap used after garbage collection after %d runs", iterations)
                .isLessThanOrEqualTo(heap + HEAP_TOLERANCE);
    }

    private static Map<String, Status> runOnce(final GateDefinition gate, final GateEnvironment environment)
            throws InterruptedException {
        Map<String, Status> statuses = new TreeMap<>();
        for (CheckOutcome outcome :
                new GateRunner().run(gate, environment, GateListener.none()).getChecks()) {
            statuses.put(outcome.id(), outcome.status());
        }
        return statuses;
    }

    /**
     * Collects garbage and measures until the value is at most the target or the time is up (client threads
     * and connections of finished checks end a little after them); returns the last value.
     */
    private static long settled(final LongSupplier measure, final long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        long value;
        do {
            System.gc();
            Thread.sleep(target == Long.MAX_VALUE ? 3500 : 500);
            value = measure.getAsLong();
        } while (value > target && System.nanoTime() < deadline);
        return value;
    }

    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .count();
    }

    private static String threadNames() {
        return String.join(
                ", ",
                Thread.getAllStackTraces().keySet().stream()
                        .map(Thread::getName)
                        .sorted()
                        .toList());
    }

    private static long descriptors() {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        } catch (IOException exception) {
            throw new IllegalStateException("cannot list /proc/self/fd", exception);
        }
    }

    private static long heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
