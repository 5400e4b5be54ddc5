package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Tells the targets of a gate's {@link NotificationSettings} about its events: each webhook that wants an event gets
 * it through its own {@link WebhookSender}, the e-mail recipients through the host's {@link EmailTransport}. {@link
 * #accept} returns at once; everything that may block runs on the host's threads, and every outcome goes to a
 * listener (the gate's log and page), so a notification never blocks or fails the gate. Settings without targets
 * send nothing.
 */
public final class Notifier {
    /** The most e-mails of one gate waiting to be sent; further ones are dropped and reported. */
    public static final int MAX_QUEUED_EMAILS = 10;

    private final NotificationSettings settings;
    private final List<WebhookSender> webhooks;
    private final NotificationPayloads payloads;
    private final NotificationScheduler scheduler;
    private final Clock clock;
    private final Consumer<DeliveryOutcome> listener;

    @CheckForNull
    private final EmailTransport email;

    private int queuedEmails;
    private boolean reportedNoEmail;

    /**
     * Creates the notifier of a gate.
     *
     * @param settings who hears about which events
     * @param secrets where the secrets that sign webhook payloads are read, in the gate's context
     * @param scheduler the host's threads
     * @param clock the clock of outcomes
     * @param locale the language of Slack messages and e-mails
     * @param email how the host sends e-mail, or {@code null} if it cannot
     * @param listener what hears about each outcome
     */
    public Notifier(
            final NotificationSettings settings,
            final CredentialsResolver secrets,
            final NotificationScheduler scheduler,
            final Clock clock,
            final Locale locale,
            @CheckForNull final EmailTransport email,
            final Consumer<DeliveryOutcome> listener) {
        this.settings = Objects.requireNonNull(settings);
        this.payloads = new NotificationPayloads(locale);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.clock = Objects.requireNonNull(clock);
        this.listener = Objects.requireNonNull(listener);
        this.email = email;
        this.webhooks = settings.getWebhooks().stream()
                .map(target -> new WebhookSender(target, payloads, secrets, scheduler, clock, listener))
                .toList();
    }

    /**
     * Queues an event for every target that wants it, and returns at once.
     *
     * @param event the event
     */
    public void accept(final GateEvent event) {
        for (int index = 0; index < webhooks.size(); index++) {
            if (settings.getWebhooks().get(index).wants(event.kind())) {
                webhooks.get(index).offer(event);
            }
        }
        settings.getEmail().filter(target -> target.wants(event.kind())).ifPresent(target -> mail(target, event));
    }

    private void mail(final EmailTarget target, final GateEvent event) {
        EmailTransport transport = email;
        if (transport == null) {
            boolean first;
            synchronized (this) {
                first = !reportedNoEmail;
                reportedNoEmail = true;
            }
            if (first) {
                report(target, event, DeliveryOutcome.Status.DROPPED, 0, "this host cannot send e-mail");
            }
            return;
        }
        synchronized (this) {
            if (queuedEmails >= MAX_QUEUED_EMAILS) {
                report(target, event, DeliveryOutcome.Status.DROPPED, 0, MAX_QUEUED_EMAILS + " e-mails wait already");
                return;
            }
            queuedEmails++;
        }
        scheduler.schedule(Duration.ZERO, () -> {
            try {
                NotificationPayloads.Email message = payloads.email(event);
                transport.send(target.getRecipients(), message.subject(), message.body());
                report(target, event, DeliveryOutcome.Status.DELIVERED, 1, "sent");
            } catch (IOException | RuntimeException exception) {
                String detail = exception.getMessage();
                report(
                        target,
                        event,
                        DeliveryOutcome.Status.FAILED,
                        1,
                        detail == null || detail.isBlank()
                                ? exception.getClass().getSimpleName()
                                : detail);
            } finally {
                synchronized (this) {
                    queuedEmails--;
                }
            }
        });
    }

    private void report(
            final EmailTarget target,
            final GateEvent event,
            final DeliveryOutcome.Status status,
            final int attempts,
            final String detail) {
        try {
            listener.accept(
                    new DeliveryOutcome(clock.instant(), event.kind(), target.describe(), status, attempts, detail));
        } catch (RuntimeException ignored) {
            // a listener that fails must not stop the deliveries
        }
    }
}
