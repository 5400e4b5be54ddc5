package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Sentences;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param confirmed the ids of the checklist items the person confirmed with an approval, empty otherwise
 */
public record LedgerEntry(
        Kind kind,
        String userId,
        String displayName,
        Set<String> groups,
        Instant at,
        String comment,
        @CheckForNull String digest,
        String channel,
        List<String> confirmed)
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
        CANCEL;

        /**
         * Returns what happened in words.
         *
         * @param locale the reader's language
         * @return the sentence, such as "Approved, overriding failed checks"
         */
        public String displayName(final Locale locale) {
            return Sentences.format(LedgerEntry.class, locale, "LedgerEntry.Kind." + name());
        }
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
        confirmed = List.copyOf(confirmed);
    }

    /**
     * Returns the approvals that count in a record: those given since the approvals were last voided.
     *
     * @param entries the record, oldest first
     * @return the approvals, oldest first
     */
    public static List<LedgerEntry> validApprovals(final List<LedgerEntry> entries) {
        List<LedgerEntry> valid = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            if (entry.kind() == Kind.VOID) {
                valid.clear();
            } else if (entry.isApproval()) {
                valid.add(entry);
            }
        }
        return valid;
    }

    /**
     * Returns the ids of the people whose approvals count in a record.
     *
     * @param entries the record, oldest first
     * @return the user ids, in order of approval
     */
    public static List<String> approvers(final List<LedgerEntry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        validApprovals(entries).forEach(entry -> ids.add(entry.userId()));
        return List.copyOf(ids);
    }

    /**
     * Returns the entry as it may be shown to anyone who may read the build: everything but the person's
     * groups, which are kept for audits only.
     *
     * @return {@code kind}, {@code userId}, {@code displayName}, {@code timestamp} (milliseconds since the
     *     epoch), {@code comment}, {@code digest} (or {@code null}), {@code channel} and {@code confirmed}, in
     *     this order
     */
    public Map<String, Object> toPublicMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind.name());
        map.put("userId", userId);
        map.put("displayName", displayName);
        map.put("timestamp", at.toEpochMilli());
        map.put("comment", comment);
        map.put("digest", digest);
        map.put("channel", channel);
        map.put("confirmed", new ArrayList<>(confirmed));
        return map;
    }

    /**
     * Returns when, as a date for views.
     *
     * @return the time
     */
    public Date time() {
        return Date.from(at);
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
