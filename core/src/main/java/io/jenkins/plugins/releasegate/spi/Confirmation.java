package io.jenkins.plugins.releasegate.spi;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A person's confirmation of a checklist item: who, when, through which channel, and their note.
 *
 * @param itemId the item's id
 * @param userId who confirmed it
 * @param displayName the name shown to people
 * @param at when
 * @param note the person's comment, empty if none
 * @param channel how it arrived: {@code web}, {@code api}, {@code cli}
 */
public record Confirmation(String itemId, String userId, String displayName, Instant at, String note, String channel)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates a confirmation.
     */
    public Confirmation {
        Objects.requireNonNull(itemId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(at);
        Objects.requireNonNull(note);
        Objects.requireNonNull(channel);
    }
}
