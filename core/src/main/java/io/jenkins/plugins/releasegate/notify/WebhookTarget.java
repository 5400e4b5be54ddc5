package io.jenkins.plugins.releasegate.notify;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook that hears about a gate: its URL, the payload's format, the credentials of the secret that signs the
 * payload, and the events it wants.
 */
public final class WebhookTarget {
    /** The payload's format. */
    public enum Format {
        /** The generic JSON payload, documented with a JSON schema. */
        GENERIC,
        /** A Slack-compatible incoming-webhook payload: {@code text} and {@code blocks}. */
        SLACK
    }

    private final URI url;
    private final Format format;

    @CheckForNull
    private final String secretCredentialsId;

    private final Set<GateEvent.Kind> events;

    /**
     * Creates a webhook.
     *
     * @param url the URL, {@code http} or {@code https}, without user information
     * @param format the payload's format
     * @param secretCredentialsId the id of the secret text that signs the payload, or {@code null} to send it
     *     unsigned
     * @param events the events it wants
     */
    public WebhookTarget(
            final URI url,
            final Format format,
            @CheckForNull final String secretCredentialsId,
            final Set<GateEvent.Kind> events) {
        this.url = Objects.requireNonNull(url);
        this.format = Objects.requireNonNull(format);
        this.secretCredentialsId = secretCredentialsId;
        this.events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /**
     * Reads one entry of {@code webhooks:}.
     *
     * @param settings the entry
     * @return the webhook, empty if its URL cannot be used (the problem is recorded)
     */
    static Optional<WebhookTarget> read(final Settings settings) {
        String text =
                settings.requiredString("url", "the webhook's URL, such as https://hooks.example.com/release-gate");
        Format format = settings.choice("format", Format.class, Format.GENERIC);
        String secret = settings.optionalString("secret").map(String::trim).orElse(null);
        if (secret != null && secret.isEmpty()) {
            settings.problem("secret", "is empty: name the id of a secret text credential, or remove 'secret'");
            secret = null;
        }
        Set<GateEvent.Kind> events = NotificationSettings.readEvents(settings);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = urlProblem(text);
        if (problem.isPresent()) {
            settings.problem("url", problem.get());
            return Optional.empty();
        }
        return Optional.of(new WebhookTarget(URI.create(text.trim()), format, secret, events));
    }

    /** Says what is wrong with a webhook URL, empty if nothing is. */
    static Optional<String> urlProblem(final String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException exception) {
            return Optional.of("is not a URL: write it as https://host/path");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must start with https:// (or http://)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("names no host: write it as https://host/path");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("holds a user name or password: remove it, and sign the payload with 'secret' instead");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("has a fragment (#...): remove it, a webhook receives no fragment");
        }
        return Optional.empty();
    }

    /**
     * Returns the URL the payload is posted to. Some services carry a token in the path, so it is never shown:
     * show {@link #describe()}.
     *
     * @return the URL
     */
    public URI getUrl() {
        return url;
    }

    /**
     * Returns the webhook as it may be shown in a log or a page: the URL's scheme, host and port only, since some
     * services carry a token in the path or query.
     *
     * @return such as {@code https://hooks.example.com}
     */
    public String describe() {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    public Format getFormat() {
        return format;
    }

    /**
     * Returns the id of the secret text credential whose value signs the payload.
     *
     * @return the id, empty if the payload is sent unsigned
     */
    public Optional<String> getSecretCredentialsId() {
        return Optional.ofNullable(secretCredentialsId);
    }

    /**
     * Returns whether this webhook wants an event of this kind.
     *
     * @param kind the kind
     * @return {@code true} if it does
     */
    public boolean wants(final GateEvent.Kind kind) {
        return events.contains(kind);
    }

    /**
     * Returns the events this webhook wants.
     *
     * @return the events
     */
    public Set<GateEvent.Kind> getEvents() {
        return events;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof WebhookTarget target
                && target.url.equals(url)
                && target.format == format
                && Objects.equals(target.secretCredentialsId, secretCredentialsId)
                && target.events.equals(events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, format, secretCredentialsId, events);
    }

    @Override
    public String toString() {
        return "webhook " + describe() + " (" + Settings.yamlName(format) + ")";
    }
}
