package io.jenkins.plugins.releasegate.checks.httpclient;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP client for one run of a check. Every exchange, the response body included, must end by the
 * deadline the client was opened with: a server that sends its headers and then trickles the body is
 * given up on at the deadline, its connection closed, and an interrupt of the calling thread ends the
 * wait at once. Bodies go to a {@link BodySink}, which bounds what is kept. Closing the client stops its
 * threads.
 *
 * <p>Every request, and every redirect the client follows, goes only where the check's {@link HostGuard}
 * allows: the client follows redirects itself, as its redirect policy says, and asks the guard before each
 * one. A redirect to another origin does not carry the request's {@code Authorization} header.</p>
 */
public final class BoundedHttpClient implements AutoCloseable {
    /** The prefix of the names of the client's threads. */
    public static final String THREAD_PREFIX = "release-gate-http-";

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** The redirects the client follows for one request at most, as many as Java's own client. */
    static final int MAX_REDIRECTS = 5;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    @CheckForNull
    private static final Method SHUTDOWN_NOW = shutdownNow();

    private final HttpClient client;
    private final ExecutorService executor;
    private final long deadline;
    private final Duration budget;
    private final HttpClient.Redirect redirects;
    private final HostGuard guard;

    private BoundedHttpClient(
            final HttpClient.Builder builder,
            final HttpClient.Redirect redirects,
            final Duration budget,
            final HostGuard guard) {
        int number = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, THREAD_PREFIX + number + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = builder.executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.budget = budget;
        this.redirects = redirects;
        this.guard = guard;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /**
     * Returns how long a check's requests may take: three quarters of the check's timeout, so that the check
     * reports what happened (no connection, no response) before the runner gives up on the check itself.
     *
     * @param checkTimeout the check's timeout
     * @return the budget of its requests; the whole timeout if a quarter of it rounds to nothing
     */
    public static Duration requestBudget(final Duration checkTimeout) {
        Duration budget = checkTimeout.minus(checkTimeout.dividedBy(4));
        return budget.isZero() || budget.isNegative() ? checkTimeout : budget;
    }

    /**
     * Opens a client whose exchanges must all end within a time budget, counted from now.
     *
     * @param builder the client's settings, such as its connect timeout; its executor and redirect policy are
     *     replaced
     * @param redirects which redirects the client follows: {@link HttpClient.Redirect#NEVER}, {@code NORMAL}
     *     (all but from HTTPS to HTTP) or {@code ALWAYS}
     * @param budget the time all exchanges together may take, bodies included
     * @param guard the hosts the check may connect to, asked before every request and every redirect
     * @return the client, to be closed after use
     */
    public static BoundedHttpClient open(
            final HttpClient.Builder builder,
            final HttpClient.Redirect redirects,
            final Duration budget,
            final HostGuard guard) {
        return new BoundedHttpClient(builder, redirects, budget, guard);
    }

    /**
     * Returns the time left until the deadline.
     *
     * @return the time left, zero once it passed
     */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Sends a request, follows its redirects as the client's policy says, and reads the last response's body
     * into the sink chosen for it. The host of the request and of every redirect is first checked with the
     * client's guard.
     *
     * @param request the request
     * @param sinks chooses the sink from the response's status and headers
     * @param <T> the value made of the body
     * @return the response with that value
     * @throws CheckException ERROR if the guard refuses the request's host or a redirect's
     * @throws HttpTimeoutException if the exchange did not end by the deadline ({@link IncompleteBodyException}
     *     if the headers came but the body did not end); the exchange is cancelled and its connection closed
     * @throws IOException if the exchange failed, such as {@link java.net.ConnectException}, or a redirect
     *     could not be followed
     * @throws InterruptedException if the calling thread was interrupted; the exchange is cancelled
     */
    public <T> HttpResponse<T> send(
            final HttpRequest request, final Function<HttpResponse.ResponseInfo, BodySink<T>> sinks)
            throws CheckException, IOException, InterruptedException {
        HttpRequest current = request;
        for (int followed = 0; ; followed++) {
            try {
                checkHost(current.uri());
            } catch (CheckException exception) {
                if (followed == 0) {
                    throw exception;
                }
                throw new CheckException(
                        exception.getStatus(),
                        "Redirected to " + display(current.uri()) + ". " + exception.getMessage(),
                        exception);
            }
            HttpResponse<T> response = exchange(current, sinks);
            Optional<URI> target = redirectTarget(response);
            if (target.isEmpty()) {
                return response;
            }
            if (followed == MAX_REDIRECTS) {
                throw new IOException(
                        "more than " + MAX_REDIRECTS + " redirects, the last to " + display(target.get()));
            }
            current = redirected(current, response.statusCode(), target.get());
        }
    }

    private void checkHost(final URI uri) throws CheckException {
        String host = uri.getHost();
        guard.checkHost(host == null ? "" : host, port(uri));
    }

    private Optional<URI> redirectTarget(final HttpResponse<?> response) throws IOException {
        if (redirects == HttpClient.Redirect.NEVER || !REDIRECTS.contains(response.statusCode())) {
            return Optional.empty();
        }
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            return Optional.empty();
        }
        URI target;
        try {
            target = response.uri().resolve(location.get().trim());
        } catch (IllegalArgumentException exception) {
            throw new IOException("the redirect's Location header is not a URL", exception);
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("a redirect leads to a URL that is not HTTP or HTTPS");
        }
        if (redirects == HttpClient.Redirect.NORMAL
                && scheme.equals("http")
                && "https".equalsIgnoreCase(response.uri().getScheme())) {
            return Optional.empty(); // as Java's own client: never from HTTPS down to HTTP
        }
        return Optional.of(target);
    }

    private static HttpRequest redirected(final HttpRequest request, final int status, final URI target) {
        boolean sameOrigin = sameOrigin(request.uri(), target);
        HttpRequest.Builder next = HttpRequest.newBuilder(
                        request, (name, value) -> sameOrigin || !name.equalsIgnoreCase("Authorization"))
                .uri(target);
        if (status == 303
                || (status == 301 || status == 302) && request.method().equals("POST")) {
            next.method("GET", HttpRequest.BodyPublishers.noBody());
        }
        return next.build();
    }

    private static boolean sameOrigin(final URI first, final URI second) {
        return first.getScheme().equalsIgnoreCase(second.getScheme())
                && String.valueOf(first.getHost()).equalsIgnoreCase(String.valueOf(second.getHost()))
                && port(first) == port(second);
    }

    private static int port(final URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String display(final URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return uri.getScheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port(uri);
    }

    private <T> HttpResponse<T> exchange(
            final HttpRequest request, final Function<HttpResponse.ResponseInfo, BodySink<T>> sinks)
            throws IOException, InterruptedException {
        Subscribers<T> subscribers = new Subscribers<>(sinks);
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, subscribers);
        try {
            return exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException exception) {
            subscribers.cancel();
            exchange.cancel(true);
            Integer status = subscribers.status();
            if (status != null) {
                throw new IncompleteBodyException(status, budget);
            }
            throw new HttpTimeoutException("no response within " + Quantity.format(budget));
        } catch (InterruptedException exception) {
            subscribers.cancel();
            exchange.cancel(true);
            throw exception;
        } catch (ExecutionException exception) {
            Throwable cause = exception.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Stops the client's threads and, on Java 21 and later, closes its connections at once; on Java 17
     * they are closed when the client is collected.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        if (SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(client);
            } catch (IllegalAccessException | InvocationTargetException exception) {
                // the client is left to be collected, which closes it too
            }
        }
    }

    @CheckForNull
    private static Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException exception) {
            return null; // Java 17 has no way to close a client
        }
    }

    /**
     * The body handler of one exchange: hands each response's body to a sink, and can cancel the body
     * being read.
     */
    private static final class Subscribers<T> implements HttpResponse.BodyHandler<T> {
        private final Function<HttpResponse.ResponseInfo, BodySink<T>> sinks;
        private final List<SinkSubscriber<T>> started = new CopyOnWriteArrayList<>();
        private volatile boolean isCancelled;

        @CheckForNull
        private volatile Integer status;

        Subscribers(final Function<HttpResponse.ResponseInfo, BodySink<T>> sinks) {
            this.sinks = sinks;
        }

        @Override
        public HttpResponse.BodySubscriber<T> apply(final HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            SinkSubscriber<T> subscriber = new SinkSubscriber<>(sinks.apply(info));
            started.add(subscriber);
            if (isCancelled) {
                subscriber.cancel();
            }
            return subscriber;
        }

        @CheckForNull
        Integer status() {
            return status;
        }

        void cancel() {
            isCancelled = true;
            started.forEach(SinkSubscriber::cancel);
        }
    }

    /** Reads one body into a sink, one buffer list at a time. */
    private static final class SinkSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final BodySink<T> sink;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

        SinkSubscriber(final BodySink<T> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<T> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(final Flow.Subscription value) {
            if (!subscription.complete(value)) {
                value.cancel();
                return;
            }
            value.request(1);
        }

        @Override
        public void onNext(final List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (!sink.accept(item)) {
                    result.complete(sink.result());
                    subscription.thenAccept(Flow.Subscription::cancel);
                    return;
                }
            }
            subscription.thenAccept(value -> value.request(1));
        }

        @Override
        public void onError(final Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (!result.isDone()) {
                result.complete(sink.result());
            }
        }

        void cancel() {
            result.completeExceptionally(new HttpTimeoutException("the body was not read to its end"));
            subscription.thenAccept(Flow.Subscription::cancel);
            subscription.complete(new Flow.Subscription() {
                @Override
                public void request(final long count) {}

                @Override
                public void cancel() {}
            });
        }
    }
}
