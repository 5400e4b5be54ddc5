package io.jenkins.plugins.releasegate.spi;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials resolved by id: a user name and password, or a secret text (token) without user name.
 */
public final class Credentials {
    private final String id;

    @CheckForNull
    private final String username;

    private final Secret secret;

    private Credentials(final String id, @CheckForNull final String username, final Secret secret) {
        this.id = Objects.requireNonNull(id);
        this.username = username;
        this.secret = Objects.requireNonNull(secret);
    }

    /**
     * Creates user name and password credentials.
     *
     * @param id the credentials id
     * @param username the user name
     * @param password the password
     * @return the credentials
     */
    public static Credentials usernamePassword(final String id, final String username, final Secret password) {
        return new Credentials(id, Objects.requireNonNull(username), password);
    }

    /**
     * Creates secret-text credentials, such as a bearer token.
     *
     * @param id the credentials id
     * @param secret the secret
     * @return the credentials
     */
    public static Credentials secretText(final String id, final Secret secret) {
        return new Credentials(id, null, secret);
    }

    public String getId() {
        return id;
    }

    /**
     * Returns the user name, empty for secret-text credentials.
     *
     * @return the user name
     */
    public Optional<String> getUsername() {
        return Optional.ofNullable(username);
    }

    /**
     * Returns the password or secret text.
     *
     * @return the secret
     */
    public Secret getSecret() {
        return secret;
    }

    @Override
    public String toString() {
        return "Credentials[" + id + (username == null ? "" : ", user " + username) + "]";
    }
}
