package io.jenkins.plugins.releasegate.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A webhook endpoint on loopback, a real JDK {@link HttpServer}: it answers each request with the next programmed
 * status (then the last one again), and keeps every request it received.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** A request as received: its headers (first value of each, lower-case names) and its exact body. */
    public record Received(Map<String, String> headers, byte[] body) {}

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private Answer last = new Answer(200, null);

    private record Answer(int status, String retryAfter) {}

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                Map<String, String> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
                received.add(new Received(headers, body.readAllBytes()));
            }
            Answer answer = next();
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers the next requests with these statuses, in order; the last one stays. */
    public synchronized WebhookReceiver answering(final int... statuses) {
        for (int status : statuses) {
            answers.add(new Answer(status, null));
        }
        return this;
    }

    /** Answers the next request with this status and a {@code Retry-After} header. */
    public synchronized WebhookReceiver answeringWithRetryAfter(final int status, final String retryAfter) {
        answers.add(new Answer(status, retryAfter));
        return this;
    }

    private synchronized Answer next() {
        Answer answer = answers.poll();
        if (answer != null) {
            last = answer;
        }
        return last;
    }

    public URI url(final String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + path);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
