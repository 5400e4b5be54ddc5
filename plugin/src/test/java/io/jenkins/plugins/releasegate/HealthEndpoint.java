package io.jenkins.plugins.releasegate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP health endpoint on 127.0.0.1 for the {@code httpHealth} check, whose answer a test changes.
 * Registered as an extension, it serves during each test; {@link #started()} serves until closed.
 */
final class HealthEndpoint implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("{\"status\": \"UP\"}");
    private final AtomicReference<Boolean> echoPassword = new AtomicReference<>(false);

    /**
     * Returns an endpoint that serves until it is closed.
     *
     * @return the endpoint
     * @throws IOException if no loopback port is free
     */
    static HealthEndpoint started() throws IOException {
        HealthEndpoint endpoint = new HealthEndpoint();
        endpoint.start();
        return endpoint;
    }

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        close();
    }

    private void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            String answer = body.get();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (echoPassword.get() && authorization != null && authorization.startsWith("Basic ")) {
                // a careless server that shows the credentials it received
                answer = "denied for "
                        + new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(final int newStatus, final String newBody) {
        status.set(newStatus);
        body.set(newBody);
    }

    void echoPassword() {
        status.set(500);
        echoPassword.set(true);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
