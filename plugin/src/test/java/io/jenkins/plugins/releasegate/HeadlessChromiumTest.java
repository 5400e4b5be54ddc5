package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shows that {@link HeadlessChromium} reports what a broken page says on its console, and stays quiet otherwise. */
class HeadlessChromiumTest {
    private static final String POLICY = "default-src 'self'";

    /** A file the test site serves. */
    private record Resource(int status, String contentType, String body) {}

    private static final Map<String, Resource> SITE = Map.of(
            "/clean.html",
            new Resource(
                    200,
                    "text/html",
                    "<html><body><h1>Clean</h1><p id=\"filled\"></p><script src=\"fill.js\"></script>"),
            "/fill.js",
            new Resource(
                    200, "text/javascript", "document.getElementById('filled').textContent = 'filled by a script';"),
            "/broken.html",
            new Resource(
                    200,
                    "text/html",
                    "<html><body><h1>Broken</h1><p style=\"color: red\">inline style</p>"
                            + "<script>document.title = 'inline script';</script>"
                            + "<img src=\"missing.png\" alt=\"missing\"><script src=\"fail.js\"></script>"),
            "/fail.js",
            new Resource(
                    200,
                    "text/javascript",
                    "console.error('a deliberate console error'); throw new Error('a deliberate exception');"),
            "/favicon.ico",
            new Resource(204, "image/x-icon", ""));

    private HttpServer server;

    @TempDir
    private Path work;

    @BeforeEach
    void startSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Resource resource =
                    SITE.getOrDefault(exchange.getRequestURI().getPath(), new Resource(404, "text/plain", "not here"));
            byte[] body = resource.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", resource.contentType());
            exchange.getResponseHeaders().add("Content-Security-Policy", POLICY);
            exchange.sendResponseHeaders(resource.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopSite() {
        server.stop(0);
    }

    @Test
    void shouldReportNoErrorForAPageThatRendersCleanly() throws Exception {
        // Given a page whose script respects the Content-Security-Policy
        try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
            // When Chromium opens it and takes a screenshot
            HeadlessChromium.PageView page = chromium.open(url("/clean.html"));
            Path png = work.resolve("clean.png");
            chromium.screenshot(png);

            // Then the script ran, nothing went wrong, and the screenshot is a PNG
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).contains(POLICY);
            assertThat(page.text()).contains("Clean").contains("filled by a script");
            assertThat(page.dom()).contains("<p id=\"filled\">filled by a script</p>");
            assertThat(page.errors()).as("all messages: %s", page.console()).isEmpty();
            assertThat(Arrays.copyOf(Files.readAllBytes(png), 4)).containsExactly(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void shouldReportPolicyViolationsScriptErrorsExceptionsAndFailedLoads() throws Exception {
        // Given a page with an inline script and style that the policy blocks, a failing script and a missing image
        try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
            // When Chromium opens it
            HeadlessChromium.PageView page = chromium.open(url("/broken.html"));

            // Then each problem is reported as an error, and the blocked inline script did not run
            assertThat(page.errors())
                    .as("all messages: %s", page.console())
                    .anySatisfy(error -> assertThat(error.source()).isEqualTo("security"))
                    .anySatisfy(error -> assertThat(error.text()).contains("Executing inline script violates"))
                    .anySatisfy(error -> assertThat(error.text()).contains("Applying inline style violates"))
                    .anySatisfy(error -> assertThat(error.text()).isEqualTo("a deliberate console error"))
                    .anySatisfy(error -> assertThat(error.text()).contains("Error: a deliberate exception"))
                    .anySatisfy(
                            error -> assertThat(error.text()).contains("404").contains("missing.png"));
            assertThat(chromium.evaluate("document.title")).isNotEqualTo("inline script");
        }
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
