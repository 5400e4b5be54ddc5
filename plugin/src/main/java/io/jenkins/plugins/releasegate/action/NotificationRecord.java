package io.jenkins.plugins.releasegate.action;

import io.jenkins.plugins.releasegate.notify.DeliveryOutcome;
import java.util.Date;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * How one notification of a gate went, as kept in {@code build.xml} for the gate page and the remote API: the event,
 * the target as it may be shown (a webhook's origin only, never its path), whether it was delivered, and why not. It
 * holds no secret.
 */
@ExportedBean(defaultVisibility = 3)
public final class NotificationRecord {
    private final long timestamp;
    private final String event;
    private final String target;
    private final String status;
    private final int attempts;
    private final String detail;

    /**
     * Records an outcome.
     *
     * @param outcome the outcome
     */
    public NotificationRecord(final DeliveryOutcome outcome) {
        this.timestamp = outcome.at().toEpochMilli();
        this.event = outcome.event().yamlName();
        this.target = outcome.target();
        this.status = outcome.status().name();
        this.attempts = outcome.attempts();
        this.detail = outcome.detail();
    }

    /** Returns when the delivery ended, in milliseconds since the epoch. */
    @Exported
    public long getTimestamp() {
        return timestamp;
    }

    /** Returns when the delivery ended, for views. */
    public Date getTime() {
        return new Date(timestamp);
    }

    /** Returns the event, such as {@code waiting}. */
    @Exported
    public String getEvent() {
        return event;
    }

    /** Returns the target as it may be shown, such as {@code webhook https://hooks.example.com}. */
    @Exported
    public String getTarget() {
        return target;
    }

    /** Returns {@code DELIVERED}, {@code FAILED} or {@code DROPPED}. */
    @Exported
    public String getStatus() {
        return status;
    }

    /** Returns whether the notification was delivered. */
    public boolean isDelivered() {
        return DeliveryOutcome.Status.DELIVERED.name().equals(status);
    }

    /** Returns how many attempts were made. */
    @Exported
    public int getAttempts() {
        return attempts;
    }

    /** Returns what happened, such as {@code HTTP 200} or {@code HTTP 500 after 4 attempts}. */
    @Exported
    public String getDetail() {
        return detail;
    }
}
