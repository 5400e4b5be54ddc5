package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Delivers the notifications of one gate to one webhook: one delivery at a time, in the order of the events, each
 * with bounded retries and exponential backoff, from a bounded queue, on the host's threads. It never blocks or
 * fails the gate: every outcome, delivered or not, goes to a listener.
 *
 * <p>A delivery is retried when the webhook answers 5xx or 429 (after its {@code Retry-After}, at most
 * {@link #MAX_BACKOFF}) and when it cannot be reached, at most {@link #MAX_ATTEMPTS} attempts in all; never when it
 * answers 1xx, 3xx or 4xx other than 429, which a retry would not change. After a delivery failed every attempt, the
 * webhook is taken for down: the next deliveries get one attempt each until one succeeds, and at most
 * {@link #MAX_QUEUED} wait at once, so a dead endpoint never causes a storm of retries.</p>
 */
public final class WebhookSender {
    /** The most attempts of one delivery. */
    public static final int MAX_ATTEMPTS = 4;

    /** The most deliveries waiting for one webhook; further ones are dropped and reported. */
    public static final int MAX_QUEUED = 20;

    /** The wait before the second attempt; it doubles before each further one. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    /** The longest wait between attempts, also for a {@code Retry-After} the webhook asks for. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** How long an attempt may take, to connect and to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final int TOO_MANY_REQUESTS = 429;

    private final WebhookTarget target;
    private final NotificationPayloads payloads;
    private final CredentialsResolver secrets;
    private final NotificationScheduler scheduler;
    private final Clock clock;
    private final Consumer<DeliveryOutcome> listener;

    private final Deque<GateEvent> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean down;

    /**
     * Creates the sender of one webhook.
     *
     * @param target the webhook
     * @param payloads how payloads are written
     * @param secrets where the secret that signs the payload is read, in the gate's context
     * @param scheduler the host's threads
     * @param clock the clock of outcomes and of {@code Retry-After} dates
     * @param listener what hears about each outcome
     */
    public WebhookSender(
            final WebhookTarget target,
            final NotificationPayloads payloads,
            final CredentialsResolver secrets,
            final NotificationScheduler scheduler,
            final Clock clock,
            final Consumer<DeliveryOutcome> listener) {
        this.target = Objects.requireNonNull(target);
        this.payloads = Objects.requireNonNull(payloads);
        this.secrets = Objects.requireNonNull(secrets);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.clock = Objects.requireNonNull(clock);
        this.listener = Objects.requireNonNull(listener);
    }

    /**
     * Queues an event for delivery and returns at once.
     *
     * @param event the event
     */
    public void offer(final GateEvent event) {
        boolean start = false;
        boolean dropped = false;
        synchronized (this) {
            if (queue.size() >= MAX_QUEUED) {
                dropped = true;
            } else {
                queue.add(event);
                if (!busy) {
                    busy = true;
                    start = true;
                }
            }
        }
        if (dropped) {
            report(
                    event.kind(),
                    DeliveryOutcome.Status.DROPPED,
                    0,
                    MAX_QUEUED + " notifications wait for this webhook already");
        } else if (start) {
            scheduler.schedule(Duration.ZERO, this::next);
        }
    }

    private void next() {
        GateEvent event;
        synchronized (this) {
            event = queue.poll();
            if (event == null) {
                busy = false;
                return;
            }
        }
        Prepared prepared;
        try {
            prepared = prepare(event);
        } catch (CheckException | RuntimeException exception) {
            report(event.kind(), DeliveryOutcome.Status.DROPPED, 0, describe(exception));
            scheduler.schedule(Duration.ZERO, this::next);
            return;
        }
        attempt(prepared, 1);
    }

    private void attempt(final Prepared prepared, final int attempt) {
        Answer answer = post(prepared);
        int allowed;
        synchronized (this) {
            allowed = down ? 1 : MAX_ATTEMPTS;
        }
        if (answer.delivered()) {
            synchronized (this) {
                down = false;
            }
            report(prepared.kind(), DeliveryOutcome.Status.DELIVERED, attempt, answer.detail());
        } else if (answer.retryable() && attempt < allowed) {
            Duration wait = backoff(attempt, answer.retryAfter());
            scheduler.schedule(wait, () -> attempt(prepared, attempt + 1));
            return;
        } else {
            if (answer.retryable()) {
                synchronized (this) {
                    down = true;
                }
            }
            report(
                    prepared.kind(),
                    DeliveryOutcome.Status.FAILED,
                    attempt,
                    answer.detail() + (attempt > 1 ? " after " + attempt + " attempts" : ""));
        }
        scheduler.schedule(Duration.ZERO, this::next);
    }

    /**
     * Returns the wait before an attempt after a failed one: {@link #FIRST_BACKOFF}, doubled for each further
     * attempt, at most {@link #MAX_BACKOFF}; at least what the webhook asked for with {@code Retry-After}, bounded
     * the same way.
     *
     * @param failedAttempt the attempt that failed, 1 for the first
     * @param retryAfter what the webhook asked for, or {@code null}
     * @return the wait
     */
    static Duration backoff(final int failedAttempt, @CheckForNull final Duration retryAfter) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(failedAttempt - 1, 20));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private Prepared prepare(final GateEvent event) throws CheckException {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = target.getFormat() == WebhookTarget.Format.SLACK
                ? payloads.slack(event)
                : payloads.generic(event, deliveryId);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("X-Release-Gate-Event", event.kind().yamlName());
        headers.put("X-Release-Gate-Delivery", deliveryId);
        if (target.getSecretCredentialsId().isPresent()) {
            String id = target.getSecretCredentialsId().get();
            Credentials credentials = secrets.resolve(id);
            if (credentials.getUsername().isPresent()) {
                throw new CheckException(
                        "the credentials '" + id
                                + "' that sign this webhook's payload hold a user name and password: use a secret text credential");
            }
            if (credentials.getSecret().isEmpty()) {
                throw new CheckException("the secret text '" + id + "' that signs this webhook's payload is empty");
            }
            headers.put(Signature.HEADER, Signature.sign(body, credentials.getSecret()));
        }
        return new Prepared(event.kind(), body, headers);
    }

    private Answer post(final Prepared prepared) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.getUrl())
                .timeout(TIMEOUT)
                .header("User-Agent", "Release-Gate")
                .POST(HttpRequest.BodyPublishers.ofByteArray(prepared.body()));
        prepared.headers().forEach(request::header);
        try {
            HttpResponse<Void> response = Client.INSTANCE.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            String detail = "HTTP " + status;
            if (status >= 200 && status < 300) {
                return new Answer(true, false, null, detail);
            }
            if (status >= 500 || status == TOO_MANY_REQUESTS) {
                return new Answer(
                        false,
                        true,
                        response.headers()
                                .firstValue("Retry-After")
                                .map(this::retryAfter)
                                .orElse(null),
                        detail);
            }
            if (status >= 300 && status < 400) {
                return new Answer(
                        false, false, null, detail + ": webhooks are not redirected, configure the final URL");
            }
            return new Answer(false, false, null, detail);
        } catch (IOException exception) {
            return new Answer(false, true, null, describe(exception));
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return new Answer(false, false, null, "interrupted");
        }
    }

    /** Reads {@code Retry-After}: seconds, or an HTTP date; {@code null} if unreadable. */
    @CheckForNull
    private Duration retryAfter(final String value) {
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private String describe(final Exception exception) {
        String message = exception.getMessage();
        String text =
                exception.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        // the URL may carry a token in its path or query: never quote it
        return text.replace(target.getUrl().toString(), target.describe());
    }

    private void report(
            final GateEvent.Kind kind, final DeliveryOutcome.Status status, final int attempts, final String detail) {
        try {
            listener.accept(new DeliveryOutcome(
                    clock.instant(), kind, "webhook " + target.describe(), status, attempts, detail));
        } catch (RuntimeException ignored) {
            // a listener that fails must not stop the deliveries
        }
    }

    /** The one HTTP client of every webhook, created when the first is sent: it follows no redirect. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private record Prepared(GateEvent.Kind kind, byte[] body, Map<String, String> headers) {}

    private record Answer(
            boolean delivered,
            boolean retryable,
            @CheckForNull Duration retryAfter,
            String detail) {}
}
