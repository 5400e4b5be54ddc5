package io.jenkins.plugins.releasegate.notify;

import io.jenkins.plugins.releasegate.spi.Settings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The people who hear about a gate by e-mail, and the events they want. A host sends the mail if it can (in
 * Jenkins, through the Mailer plugin when it is installed).
 */
public final class EmailTarget {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");

    private final List<String> recipients;
    private final Set<GateEvent.Kind> events;

    /**
     * Creates the e-mail target.
     *
     * @param recipients the addresses
     * @param events the events they want
     */
    public EmailTarget(final List<String> recipients, final Set<GateEvent.Kind> events) {
        this.recipients = List.copyOf(recipients);
        this.events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /**
     * Reads {@code email:}.
     *
     * @param settings the section
     * @return the target, empty if it names no valid address (the problem is recorded)
     */
    static Optional<EmailTarget> read(final Settings settings) {
        if (!settings.keys().contains("to")) {
            settings.problem("to", "is required: list the addresses, such as [ops@example.com]");
        }
        List<String> recipients = new ArrayList<>();
        for (String address : settings.stringList("to")) {
            String trimmed = address.trim();
            if (!ADDRESS.matcher(trimmed).matches()) {
                settings.itemProblem(
                        "to",
                        address,
                        "'" + address
                                + "' is not an e-mail address: write one address per item, such as ops@example.com");
            } else if (!recipients.contains(trimmed)) {
                recipients.add(trimmed);
            }
        }
        if (recipients.size() > NotificationSettings.MAX_RECIPIENTS) {
            settings.problem(
                    "to",
                    "lists " + recipients.size() + " addresses; at most " + NotificationSettings.MAX_RECIPIENTS
                            + " are allowed: use a mailing list");
        }
        Set<GateEvent.Kind> events = NotificationSettings.readEvents(settings);
        return recipients.isEmpty() ? Optional.empty() : Optional.of(new EmailTarget(recipients, events));
    }

    /**
     * Returns the addresses.
     *
     * @return the addresses, in order
     */
    public List<String> getRecipients() {
        return recipients;
    }

    /**
     * Returns whether the recipients want an event of this kind.
     *
     * @param kind the kind
     * @return {@code true} if they do
     */
    public boolean wants(final GateEvent.Kind kind) {
        return events.contains(kind);
    }

    /**
     * Returns the target as it may be shown: how many addresses.
     *
     * @return such as {@code e-mail to 2 address(es)}
     */
    public String describe() {
        return "e-mail to " + recipients.size() + " address(es)";
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof EmailTarget target
                && target.recipients.equals(recipients)
                && target.events.equals(events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipients, events);
    }
}
