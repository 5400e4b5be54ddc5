package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who hears about a gate, and when: the {@code notifications:} section of an ops profile. Webhooks (a generic
 * signed JSON payload or a Slack-compatible one), e-mail, and reminders at fractions of the approval window.
 * Only an ops profile's section applies; a repository's is not applied (see the definition's merging).
 */
public final class NotificationSettings {
    /** The reminders when the section names none: at half and at nine tenths of the approval window. */
    public static final List<Double> DEFAULT_REMINDERS = List.of(0.5, 0.9);

    /** The most webhooks a profile may name. */
    public static final int MAX_WEBHOOKS = 10;

    /** The most e-mail recipients a profile may name. */
    public static final int MAX_RECIPIENTS = 50;

    private static final NotificationSettings NONE = new NotificationSettings(List.of(), null, List.of());

    private final List<WebhookTarget> webhooks;

    @CheckForNull
    private final EmailTarget email;

    private final List<Double> reminders;

    private NotificationSettings(
            final List<WebhookTarget> webhooks, @CheckForNull final EmailTarget email, final List<Double> reminders) {
        this.webhooks = List.copyOf(webhooks);
        this.email = email;
        this.reminders = List.copyOf(reminders);
    }

    /**
     * Returns settings that notify nobody.
     *
     * @return the settings
     */
    public static NotificationSettings none() {
        return NONE;
    }

    /**
     * Creates settings, such as for a test or a host that configures them itself.
     *
     * @param webhooks the webhooks
     * @param email the e-mail recipients, or {@code null}
     * @param reminders the fractions of the approval window at which to remind, each in (0, 1)
     * @return the settings
     */
    public static NotificationSettings of(
            final List<WebhookTarget> webhooks, @CheckForNull final EmailTarget email, final List<Double> reminders) {
        for (Double fraction : reminders) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("a reminder is a fraction between 0 and 1, not " + fraction);
            }
        }
        return new NotificationSettings(webhooks, email, new ArrayList<>(new TreeSet<>(reminders)));
    }

    /**
     * Reads the {@code notifications:} section, recording every problem with its location.
     *
     * @param settings the section
     * @return the settings, as far as they could be read
     */
    public static NotificationSettings read(final Settings settings) {
        List<WebhookTarget> webhooks = new ArrayList<>();
        List<Settings> hooks = settings.sectionList("webhooks");
        if (hooks.size() > MAX_WEBHOOKS) {
            settings.problem(
                    "webhooks", "lists " + hooks.size() + " webhooks; at most " + MAX_WEBHOOKS + " are allowed");
        }
        for (Settings hook : hooks) {
            WebhookTarget.read(hook).ifPresent(webhooks::add);
        }
        EmailTarget email = settings.section("email").flatMap(EmailTarget::read).orElse(null);
        List<Double> reminders = settings.keys().contains("reminders") ? readReminders(settings) : DEFAULT_REMINDERS;
        if (!settings.keys().contains("webhooks") && !settings.keys().contains("email")) {
            settings.problem("give 'webhooks:' or 'email:' (or both), or remove 'notifications'");
        }
        return new NotificationSettings(webhooks, email, reminders);
    }

    private static List<Double> readReminders(final Settings settings) {
        Set<Double> fractions = new TreeSet<>();
        for (String text : settings.stringList("reminders")) {
            Optional<Double> fraction = fraction(text);
            if (fraction.isEmpty()) {
                settings.itemProblem(
                        "reminders",
                        text,
                        "'" + text + "' is not a fraction of the approval window: write a percentage such as 50% or a"
                                + " fraction such as 0.5, greater than 0 and less than 1");
            } else if (!fractions.add(fraction.get())) {
                settings.itemProblem("reminders", text, "'" + text + "' is listed twice: list each reminder once");
            }
        }
        return List.copyOf(fractions);
    }

    /** Reads {@code 50%} or {@code 0.5}; empty unless strictly between 0 and 1. */
    private static Optional<Double> fraction(final String text) {
        String trimmed = text.trim();
        try {
            BigDecimal value = trimmed.endsWith("%")
                    ? new BigDecimal(trimmed.substring(0, trimmed.length() - 1).trim()).movePointLeft(2)
                    : new BigDecimal(trimmed);
            if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0) {
                return Optional.empty();
            }
            return Optional.of(value.doubleValue());
        } catch (NumberFormatException exception) {
            return Optional.empty();
        }
    }

    /**
     * Reads an events filter: the events a target hears about, every event if absent.
     *
     * @param settings the target's settings
     * @return the events
     */
    static Set<GateEvent.Kind> readEvents(final Settings settings) {
        settings.markKnown("events");
        if (!settings.keys().contains("events")) {
            return EnumSet.allOf(GateEvent.Kind.class);
        }
        Set<GateEvent.Kind> events = EnumSet.noneOf(GateEvent.Kind.class);
        for (String name : settings.stringList("events")) {
            Optional<GateEvent.Kind> kind = Arrays.stream(GateEvent.Kind.values())
                    .filter(candidate -> normalize(candidate.yamlName()).equals(normalize(name)))
                    .findFirst();
            if (kind.isEmpty()) {
                settings.itemProblem(
                        "events",
                        name,
                        "unknown event '" + name + "': use "
                                + Arrays.stream(GateEvent.Kind.values())
                                        .map(GateEvent.Kind::yamlName)
                                        .collect(Collectors.joining(", ")));
            } else {
                events.add(kind.get());
            }
        }
        if (events.isEmpty()) {
            settings.problem(
                    "events", "lists no event: list the events to send, or remove 'events' to send every event");
        }
        return events;
    }

    private static String normalize(final String text) {
        return text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the webhooks.
     *
     * @return the webhooks, in order
     */
    public List<WebhookTarget> getWebhooks() {
        return webhooks;
    }

    /**
     * Returns the e-mail recipients.
     *
     * @return the recipients, empty if none
     */
    public Optional<EmailTarget> getEmail() {
        return Optional.ofNullable(email);
    }

    /**
     * Returns the fractions of the approval window at which a waiting gate reminds.
     *
     * @return the fractions, ascending, each in (0, 1); empty when no reminder is wanted or nobody is notified
     */
    public List<Double> getReminders() {
        return isEmpty() ? List.of() : reminders;
    }

    /**
     * Returns whether nobody is notified.
     *
     * @return {@code true} without webhooks and e-mail
     */
    public boolean isEmpty() {
        return webhooks.isEmpty() && email == null;
    }

    /**
     * Returns whether any target wants an event of this kind.
     *
     * @param kind the kind
     * @return {@code true} if some webhook or the e-mail wants it
     */
    public boolean wants(final GateEvent.Kind kind) {
        return webhooks.stream().anyMatch(hook -> hook.wants(kind)) || (email != null && email.wants(kind));
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof NotificationSettings settings
                && settings.webhooks.equals(webhooks)
                && Objects.equals(settings.email, email)
                && settings.reminders.equals(reminders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(webhooks, email, reminders);
    }
}
