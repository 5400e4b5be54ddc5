package io.jenkins.plugins.releasegate.checks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The previous release's artifact on a real HTTP server (JDK HttpServer on 127.0.0.1).
 */
class PreviousArtifactTest {
    private static final String PASSWORD = "Artifact-Pa55word-not-for-reports";
    private static final byte[] JAR = "the jar of release 2.7.3".getBytes(StandardCharsets.UTF_8);
    private static final CountDownLatch RELEASE_SLOW_HANDLER = new CountDownLatch(1);

    private static HttpServer server;
    private static HttpServer otherServer;
    private static ExecutorService executor;
    private static final List<String> AUTHORIZATION_SEEN_BY_OTHER_SERVER = new CopyOnWriteArrayList<>();

    @TempDir
    private Path workspace;

    @BeforeAll
    static void startServers() throws IOException {
        executor = Executors.newCachedThreadPool();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        otherServer = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        otherServer.createContext("/", exchange -> {
            AUTHORIZATION_SEEN_BY_OTHER_SERVER.add(
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, 200, JAR);
        });
        otherServer.setExecutor(executor);
        otherServer.start();
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        server.createContext(
                "/releases/",
                exchange -> answer(
                        exchange, exchange.getRequestURI().getPath().endsWith("app-2.7.3.jar") ? 200 : 404, JAR));
        server.createContext("/private/", exchange -> {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString(("deployer:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            answer(exchange, expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, JAR);
        });
        server.createContext(
                "/token/",
                exchange -> answer(
                        exchange,
                        ("Bearer " + PASSWORD)
                                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))
                                ? 200
                                : 403,
                        JAR));
        server.createContext("/moved/", exchange -> redirect(exchange, "/releases/app-2.7.3.jar"));
        server.createContext(
                "/elsewhere/",
                exchange -> redirect(
                        exchange, "http://127.0.0.1:" + otherServer.getAddress().getPort() + "/app.jar"));
        server.createContext("/loop/", exchange -> redirect(exchange, "/loop/again"));
        server.createContext(
                "/get-only/",
                exchange -> answer(exchange, "HEAD".equals(exchange.getRequestMethod()) ? 405 : 200, JAR));
        server.createContext("/slow/", exchange -> {
            try {
                RELEASE_SLOW_HANDLER.await();
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, JAR);
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterAll
    static void stopServers() {
        RELEASE_SLOW_HANDLER.countDown();
        server.stop(0);
        otherServer.stop(0);
        executor.shutdownNow();
    }

    private static void answer(final HttpExchange exchange, final int status, final byte[] body) throws IOException {
        boolean isHead = "HEAD".equals(exchange.getRequestMethod());
        exchange.getResponseHeaders().add("Content-Type", "application/java-archive");
        exchange.sendResponseHeaders(status, isHead || status != 200 ? -1 : body.length);
        if (!isHead && status == 200) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
        exchange.close();
    }

    private static void redirect(final HttpExchange exchange, final String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String sha256(final byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private CheckContext context(final Duration timeout) throws IOException {
        return new CheckContext(
                GateEnvironment.builder()
                        .workspace(new LocalWorkspaceFiles(workspace))
                        .credentials(id -> "token".equals(id)
                                ? Credentials.secretText(id, Secret.of(PASSWORD))
                                : Credentials.usernamePassword(id, "deployer", Secret.of(PASSWORD)))
                        .build(),
                "rollback",
                timeout,
                Thresholds.defaults(RollbackPlanCheckType.THRESHOLDS));
    }

    private PlanFinding check(final String url, final String sha256, final String credentials)
            throws CheckException, InterruptedException, IOException {
        return PreviousArtifact.check(
                new PreviousArtifact.Options(url, null, sha256, credentials), "2.7.3", context(Duration.ofSeconds(20)));
    }

    @Test
    void shouldPassWhenTheArtifactAnswersHeadAndItsChecksumMatches() throws Exception {
        // When
        PlanFinding head = check(base() + "/releases/app-{rollbackTo}.jar", null, null);
        PlanFinding checksum =
                check(base() + "/releases/app-{rollbackTo}.jar", sha256(JAR).toUpperCase(Locale.ROOT), null);
        PlanFinding redirected = check(base() + "/moved/app.jar", sha256(JAR), null);

        // Then
        assertThat(head.status()).isEqualTo(Status.PASS);
        assertThat(head.message())
                .isEqualTo(
                        "The artifact of 2.7.3 is there: " + base() + "/releases/app-2.7.3.jar answers HEAD with 200");
        assertThat(checksum.status()).isEqualTo(Status.PASS);
        assertThat(checksum.message()).endsWith("answers HEAD with 200 and its SHA-256 matches");
        assertThat(redirected.status()).isEqualTo(Status.PASS);
    }

    @Test
    void shouldFailWhenTheArtifactIsMissingOrDifferent() throws Exception {
        // When
        PlanFinding missing = check(base() + "/releases/app-2.7.2.jar", null, null);
        PlanFinding different =
                check(base() + "/releases/app-2.7.3.jar", sha256("another jar".getBytes(StandardCharsets.UTF_8)), null);
        PlanFinding noHead = check(base() + "/get-only/app.jar", null, null);
        PlanFinding loop = check(base() + "/loop/start", null, null);

        // Then
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(missing.message())
                .isEqualTo(
                        "The artifact of 2.7.3 at " + base() + "/releases/app-2.7.2.jar answers HEAD with HTTP 404, "
                                + "not 200: the artifact is missing, so the rollback would have nothing to deploy; publish it again or correct previousArtifact.url");
        assertThat(different.status()).isEqualTo(Status.FAIL);
        assertThat(different.message())
                .contains("has SHA-256 " + sha256(JAR) + ", not ")
                .contains("it is not the artifact that was released");
        assertThat(noHead.status()).isEqualTo(Status.FAIL);
        assertThat(noHead.message()).contains("HTTP 405").contains("does not answer HEAD");
        assertThat(loop.status()).isEqualTo(Status.ERROR);
        assertThat(loop.message()).contains("more than 5 redirects");
    }

    @Test
    void shouldSendCredentialsOnlyToTheServerNamedAndNeverReportThem() throws Exception {
        // When
        PlanFinding withoutCredentials = check(base() + "/private/app.jar", null, null);
        PlanFinding basic = check(base() + "/private/app.jar", sha256(JAR), "artifact-reader");
        PlanFinding bearer = check(base() + "/token/app.jar", null, "token");
        PlanFinding elsewhere = check(base() + "/elsewhere/app.jar", null, "artifact-reader");

        // Then
        assertThat(withoutCredentials.status()).isEqualTo(Status.FAIL);
        assertThat(withoutCredentials.message()).contains("HTTP 401").contains("previousArtifact.credentials");
        assertThat(basic.status()).isEqualTo(Status.PASS);
        assertThat(bearer.status()).isEqualTo(Status.PASS);
        assertThat(elsewhere.status()).isEqualTo(Status.PASS);
        assertThat(AUTHORIZATION_SEEN_BY_OTHER_SERVER).isNotEmpty().containsOnly("null");
        assertThat(List.of(withoutCredentials, basic, bearer, elsewhere))
                .noneSatisfy(finding -> assertThat(finding.message()).contains(PASSWORD));
    }

    @Test
    void shouldReportAnUnreachableOrSilentServerAsError() throws Exception {
        // Given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // When
        PlanFinding unreachable = check("http://127.0.0.1:" + closedPort + "/app.jar", null, null);
        PlanFinding silent = PreviousArtifact.check(
                new PreviousArtifact.Options(base() + "/slow/app.jar", null, null, null),
                "2.7.3",
                context(Duration.ofSeconds(2)));

        // Then
        assertThat(unreachable.status()).isEqualTo(Status.ERROR);
        assertThat(unreachable.message())
                .startsWith("Cannot reach the artifact server at http://127.0.0.1:" + closedPort + "/app.jar");
        assertThat(silent.status()).isEqualTo(Status.ERROR);
        assertThat(silent.message())
                .isEqualTo("The artifact server at " + base() + "/slow/app.jar did not answer within 1s: "
                        + "check previousArtifact.url and the network");
    }

    @Test
    void shouldLookForAPathInTheWorkspace() throws Exception {
        // Given
        Files.createDirectories(workspace.resolve("dist"));
        Files.write(workspace.resolve("dist/app-2.7.3.jar"), JAR);
        CheckContext context = context(Duration.ofSeconds(5));

        // When
        PlanFinding found = PreviousArtifact.check(
                new PreviousArtifact.Options(null, "dist/app-{rollbackTo}.jar", null, null), "2.7.3", context);
        PlanFinding missing = PreviousArtifact.check(
                new PreviousArtifact.Options(null, "dist/app-{rollbackTo}.jar", null, null), "2.7.2", context);

        // Then
        assertThat(found.status()).isEqualTo(Status.PASS);
        assertThat(found.message()).isEqualTo("The artifact of 2.7.3 is in the workspace: dist/app-2.7.3.jar");
        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(missing.message())
                .startsWith("The artifact of 2.7.2 is missing: no file dist/app-2.7.2.jar in the workspace");
    }
}
