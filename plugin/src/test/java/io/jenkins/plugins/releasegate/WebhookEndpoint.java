package io.jenkins.plugins.releasegate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real webhook receiver on 127.0.0.1 that accepts every notification with 200 and keeps what it received: the
 * headers (lower-case names) and the exact body. Registered as an extension, it serves during each test.
 */
final class WebhookEndpoint implements BeforeEachCallback, AfterEachCallback {
    /** A request as received. */
    record Received(Map<String, String> headers, byte[] body) {}

    private HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                received.add(new Received(headers, body.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        server.stop(0);
    }

    /** Returns the URL of a path on this receiver, such as {@code http://127.0.0.1:4711/hooks/T0001/token}. */
    String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Returns the origin shown for this receiver in logs and pages. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least this many requests arrived; the test's own time limit bounds the wait. */
    List<Received> awaitRequests(final int count) throws InterruptedException {
        while (received.size() < count) {
            Thread.sleep(50);
        }
        return received();
    }
}
