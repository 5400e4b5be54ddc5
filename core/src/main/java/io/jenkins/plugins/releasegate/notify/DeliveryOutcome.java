package io.jenkins.plugins.releasegate.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * How one notification went, for the gate's log and page. It names the target as it may be shown (a webhook's
 * origin, never its path) and never holds a secret.
 *
 * @param at when the delivery ended
 * @param event the event's kind
 * @param target the target as it may be shown, such as {@code webhook https://hooks.example.com}
 * @param status whether it was delivered
 * @param attempts how many attempts were made
 * @param detail what happened, such as {@code HTTP 200} or {@code HTTP 500 after 4 attempts}
 */
public record DeliveryOutcome(
        Instant at, GateEvent.Kind event, String target, Status status, int attempts, String detail) {
    /** Whether a notification was delivered. */
    public enum Status {
        /** The target accepted it. */
        DELIVERED,
        /** Every attempt failed, or the target refused it. */
        FAILED,
        /** Not sent: too many notifications for this target were waiting already, or it could not be prepared. */
        DROPPED
    }

    /** Creates an outcome. */
    public DeliveryOutcome {
        Objects.requireNonNull(at);
        Objects.requireNonNull(event);
        Objects.requireNonNull(target);
        Objects.requireNonNull(status);
        Objects.requireNonNull(detail);
    }

    /**
     * Returns whether the notification was delivered.
     *
     * @return {@code true} if delivered
     */
    public boolean isDelivered() {
        return status == Status.DELIVERED;
    }

    /**
     * Describes the outcome in one line, for a log.
     *
     * @return such as {@code Notification 'waiting' to webhook https://hooks.example.com: DELIVERED (HTTP 200)}
     */
    public String describe() {
        return "Notification '" + event.yamlName() + "' to " + target + ": " + status + " (" + detail + ")";
    }
}
