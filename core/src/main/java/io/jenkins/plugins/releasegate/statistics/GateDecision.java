package io.jenkins.plugins.releasegate.statistics;

import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * A decision in a gate record: what was decided, by whom, when, and with which comment. The approver's groups
 * and the evidence digest of the full record are left out.
 *
 * @param kind what was decided
 * @param userId who decided; {@code SYSTEM} for voids, timeouts and cancellations
 * @param displayName the name shown to people
 * @param at when
 * @param comment the justification, reason or comment; empty when none was given
 */
public record GateDecision(LedgerEntry.Kind kind, String userId, String displayName, Instant at, String comment) {
    /**
     * Creates a decision.
     */
    public GateDecision {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(at);
        Objects.requireNonNull(comment);
    }

    /**
     * Returns the decision of a ledger entry.
     *
     * @param entry the entry of a report
     * @return the decision
     */
    public static GateDecision of(final LedgerEntry entry) {
        return new GateDecision(entry.kind(), entry.userId(), entry.displayName(), entry.at(), entry.comment());
    }

    /**
     * Returns whether a person took this decision (approve, override or reject), rather than the gate itself.
     *
     * @return {@code true} for a person's decision
     */
    public boolean isByPerson() {
        return kind == LedgerEntry.Kind.APPROVE || kind == LedgerEntry.Kind.OVERRIDE || kind == LedgerEntry.Kind.REJECT;
    }
}
