package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One recorded event of a gate's approval: a decision, a voiding of approvals, a timeout or a cancellation.
 *
 * @param kind what happened
 * @param userId who decided; {@code SYSTEM} for events without a person
 * @param displayName the name shown to people
 * @param groups the person's groups at the time
 * @param at when
 * @param comment the comment or justification, empty if none
 * @param digest the digest of the evidence the person saw, or {@code null}
 * @param channel how the decision arrived: {@code web}, {@code api}, {@code cli}, {@code system}
 */
public record LedgerEntry(
        Kind kind,
        String userId,
        String displayName,
        Set<String> groups,
        Instant at,
        String comment,
        @CheckForNull String digest,
        String channel)
        implements Serializable {
    /** The user id of events without a person. */
    public static final String SYSTEM = "SYSTEM";

    /** What an entry records. */
    public enum Kind {
        /** An approval of a gate whose verdict does not block. */
        APPROVE,
        /** An approval of a blocking verdict by someone allowed to override, with a justification. */
        OVERRIDE,
        /** A rejection. */
        REJECT,
        /** The approvals so far are void: the checks got worse after they were given. */
        VOID,
        /** Nobody decided in time. */
        TIMEOUT,
        /** The build was stopped while the gate waited. */
        CANCEL
    }

    /**
     * Creates an entry.
     */
    public LedgerEntry {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(displayName);
        groups = Set.copyOf(groups);
        Objects.requireNonNull(at);
        Objects.requireNonNull(comment);
        Objects.requireNonNull(channel);
    }

    /**
     * Returns whether this entry is an approval (plain or override).
     *
     * @return {@code true} if an approval
     */
    public boolean isApproval() {
        return kind == Kind.APPROVE || kind == Kind.OVERRIDE;
    }
}
