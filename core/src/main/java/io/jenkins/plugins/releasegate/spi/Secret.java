package io.jenkins.plugins.releasegate.spi;

import java.util.Objects;

/**
 * A secret value that never shows itself: {@link #toString()} is a mask, and only {@link #reveal()}
 * gives the plain text, to hand to a driver or an HTTP header.
 */
public final class Secret {
    private final String value;

    private Secret(final String value) {
        this.value = Objects.requireNonNull(value);
    }

    /**
     * Wraps a plain-text secret.
     *
     * @param plainText the secret
     * @return the wrapper
     */
    public static Secret of(final String plainText) {
        return new Secret(plainText);
    }

    /**
     * Returns the plain text. Never log it, never put it in a message or a report.
     *
     * @return the secret
     */
    public String reveal() {
        return value;
    }

    /**
     * Returns whether the secret is empty.
     *
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return Redaction.MASK;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
