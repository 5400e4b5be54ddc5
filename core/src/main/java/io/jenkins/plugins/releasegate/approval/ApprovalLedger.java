package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Confirmation;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The record of a gate's approval, and the judge of every decision under its policy. It answers "may
 * this person decide now, and if not, why" with a sentence (English, or any language of the approval
 * package's message bundle, see {@link Refusal}), records decisions (who, their groups, when,
 * what, comment, the digest of the evidence they saw, the channel), and says whether the gate is pending,
 * approved, rejected, timed out, voided by worse evidence or cancelled.
 *
 * <p>Decisions on one ledger are serialized; a decision on a settled gate is refused. The ledger is
 * serializable so that a host can persist a pending gate across restarts.</p>
 */
public final class ApprovalLedger implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Letters that render as nothing: Hangul choseong and jungseong fillers, the Hangul filler and its halfwidth form. */
    private static final Set<Integer> HANGUL_FILLERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0);

    private final ApprovalPolicy policy;
    private final IdentityMatcher matcher;
    private final Set<String> initiators;
    private final Set<String> changeAuthors;

    /** How people took part in the build; {@code null} in a ledger saved before it was kept. */
    @CheckForNull
    private final List<Involvement> involvements;

    private final Instant openedAt;
    private Instant deadline;
    private Status verdict;
    private String digest;
    private GateState state = GateState.PENDING;
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<ChecklistItem> checklist;

    /**
     * Opens a ledger for a gate whose checks have run.
     *
     * @param policy the approval policy
     * @param matcher how user ids and group names are compared
     * @param initiators every user who started the build, directly or through the builds that triggered it;
     *         none of them may approve unless the policy allows self-approval
     * @param changeAuthors the user ids of the authors of the changes in the build
     * @param verdict the verdict of the checks
     * @param digest the digest of the evidence
     * @param openedAt when the gate started waiting
     */
    public ApprovalLedger(
            final ApprovalPolicy policy,
            final IdentityMatcher matcher,
            final Set<String> initiators,
            final Set<String> changeAuthors,
            final Status verdict,
            final String digest,
            final Instant openedAt) {
        this(policy, matcher, initiators, changeAuthors, verdict, digest, openedAt, List.of());
    }

    /**
     * Opens a ledger for a gate whose checks have run and whose approvers confirm a checklist.
     *
     * @param policy the approval policy
     * @param matcher how user ids and group names are compared
     * @param initiators every user who started the build, directly or through the builds that triggered it
     * @param changeAuthors the user ids of the authors of the changes in the build
     * @param verdict the verdict of the checks
     * @param digest the digest of the evidence
     * @param openedAt when the gate started waiting
     * @param checklist the items approvers confirm; an approval is refused while a required one is open
     */
    public ApprovalLedger(
            final ApprovalPolicy policy,
            final IdentityMatcher matcher,
            final Set<String> initiators,
            final Set<String> changeAuthors,
            final Status verdict,
            final String digest,
            final Instant openedAt,
            final List<ChecklistItem> checklist) {
        this(policy, matcher, Involvement.of(initiators, changeAuthors), verdict, digest, openedAt, checklist);
    }

    /**
     * Opens a ledger for a gate whose checks have run, knowing how people took part in the build: who started
     * it or a build upstream, contributed its change request, or authored its changes. The ledger decides under
     * its policy which of them may not approve.
     *
     * @param policy the approval policy
     * @param matcher how user ids and group names are compared
     * @param involvements how people took part in the build
     * @param verdict the verdict of the checks
     * @param digest the digest of the evidence
     * @param openedAt when the gate started waiting
     * @param checklist the items approvers confirm; an approval is refused while a required one is open
     */
    public ApprovalLedger(
            final ApprovalPolicy policy,
            final IdentityMatcher matcher,
            final List<Involvement> involvements,
            final Status verdict,
            final String digest,
            final Instant openedAt,
            final List<ChecklistItem> checklist) {
        this.policy = Objects.requireNonNull(policy);
        this.matcher = Objects.requireNonNull(matcher);
        this.involvements = List.copyOf(involvements);
        this.initiators = ids(involvements, true);
        this.changeAuthors = ids(involvements, false);
        this.verdict = Objects.requireNonNull(verdict);
        this.digest = Objects.requireNonNull(digest);
        this.openedAt = Objects.requireNonNull(openedAt);
        this.deadline = openedAt.plus(policy.getTimeout());
        this.checklist = List.copyOf(checklist);
    }

    /**
     * Returns the checklist approvers confirm.
     *
     * @return the items, empty without a checklist
     */
    public List<ChecklistItem> getChecklist() {
        return checklist;
    }

    /**
     * Returns the confirmations of checklist items given with the approvals that count, first confirmation of
     * each item first.
     *
     * @return the confirmations, one per confirmed item
     */
    public synchronized List<Confirmation> getConfirmations() {
        Map<String, Confirmation> first = new LinkedHashMap<>();
        for (LedgerEntry approval : getValidApprovals()) {
            for (String item : approval.confirmed()) {
                first.putIfAbsent(
                        item,
                        new Confirmation(
                                item,
                                approval.userId(),
                                approval.displayName(),
                                approval.at(),
                                approval.comment(),
                                approval.channel()));
            }
        }
        return List.copyOf(first.values());
    }

    public ApprovalPolicy getPolicy() {
        return policy;
    }

    /**
     * Returns the users who started the build, directly or through the builds that triggered it, or contributed
     * the change request it builds.
     *
     * @return the user ids, empty if no user started it
     */
    public Set<String> getInitiators() {
        return initiators;
    }

    /**
     * Returns how people took part in the build, as the host found it.
     *
     * @return the facts, in the host's order
     */
    public List<Involvement> getInvolvements() {
        return involvements == null ? Involvement.of(initiators, changeAuthors) : involvements;
    }

    /**
     * Returns the facts that bar people from approving under the policy: each names a person and why they may
     * not approve. A person may appear more than once, for each way they took part.
     *
     * @return the facts, in the host's order; empty if nobody is barred
     */
    public List<Involvement> getExclusions() {
        return getInvolvements().stream()
                .filter(involvement -> involvement.excludes(policy))
                .toList();
    }

    private static Set<String> ids(final List<Involvement> involvements, final boolean initiator) {
        Set<String> ids = new LinkedHashSet<>();
        involvements.stream()
                .filter(involvement -> involvement.kind().isInitiator() == initiator)
                .forEach(involvement -> ids.add(involvement.userId()));
        return Collections.unmodifiableSet(ids);
    }

    public Instant getOpenedAt() {
        return openedAt;
    }

    /**
     * Returns when the approval window closes: the policy's timeout after the gate started waiting, or
     * after the approvals were last voided.
     *
     * @return the deadline
     */
    public synchronized Instant getDeadline() {
        return deadline;
    }

    /**
     * Returns the verdict of the evidence currently under decision.
     *
     * @return the verdict
     */
    public synchronized Status getVerdict() {
        return verdict;
    }

    /**
     * Returns the digest of the evidence currently under decision.
     *
     * @return the digest
     */
    public synchronized String getDigest() {
        return digest;
    }

    /**
     * Returns where the approval stands.
     *
     * @return the state
     */
    public synchronized GateState getState() {
        return state;
    }

    /**
     * Returns every recorded entry, oldest first.
     *
     * @return the entries
     */
    public synchronized List<LedgerEntry> getEntries() {
        return List.copyOf(entries);
    }

    /**
     * Returns the approvals that count: those given since the approvals were last voided.
     *
     * @return the approvals, oldest first
     */
    public synchronized List<LedgerEntry> getValidApprovals() {
        return LedgerEntry.validApprovals(entries);
    }

    /**
     * Returns the ids of the people whose approvals count.
     *
     * @return the user ids, in order of approval
     */
    public synchronized List<String> getApprovers() {
        return LedgerEntry.approvers(entries);
    }

    /**
     * Returns how many more distinct approvals are needed.
     *
     * @return the number, 0 when approved
     */
    public synchronized int getRemainingApprovals() {
        return Math.max(0, policy.getMinApprovals() - getApprovers().size());
    }

    /**
     * Says why a person may not approve now, without looking at a comment; for showing or hiding the
     * Approve button.
     *
     * @param person the person
     * @param now the current time
     * @return the sentence in English, empty if the person may approve
     */
    public synchronized Optional<String> whyMayNotApprove(final Person person, final Instant now) {
        return whyMayNotApprove(person, now, Locale.ROOT);
    }

    /**
     * Says why a person may not approve now, without looking at a comment, in a language.
     *
     * @param person the person
     * @param now the current time
     * @param locale the language of the sentence; English where the message bundle has no translation
     * @return the sentence, empty if the person may approve
     */
    public synchronized Optional<String> whyMayNotApprove(final Person person, final Instant now, final Locale locale) {
        return approvalRefusal(person, null, null, now).map(refusal -> refusal.message(locale));
    }

    /**
     * Says why a person may not reject now, without looking at a comment.
     *
     * @param person the person
     * @param now the current time
     * @return the sentence in English, empty if the person may reject
     */
    public synchronized Optional<String> whyMayNotReject(final Person person, final Instant now) {
        return whyMayNotReject(person, now, Locale.ROOT);
    }

    /**
     * Says why a person may not reject now, without looking at a comment, in a language.
     *
     * @param person the person
     * @param now the current time
     * @param locale the language of the sentence; English where the message bundle has no translation
     * @return the sentence, empty if the person may reject
     */
    public synchronized Optional<String> whyMayNotReject(final Person person, final Instant now, final Locale locale) {
        return rejectionRefusal(person, null, now).map(refusal -> refusal.message(locale));
    }

    /**
     * Records an approval.
     *
     * @param person who approves
     * @param comment the comment or justification; empty or {@code null} for none. Where one is needed, it must
     *         hold a letter or digit (see {@link #isMeaningful})
     * @param digestSeen the digest of the evidence the person saw, {@code null} for the current evidence
     * @param channel how the decision arrived, such as {@code web} or {@code api}
     * @param now the current time
     * @return the state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the approval is not taken
     */
    public synchronized GateState approve(
            final Person person,
            @CheckForNull final String comment,
            @CheckForNull final String digestSeen,
            final String channel,
            final Instant now)
            throws DecisionRefusedException {
        return approve(person, comment, digestSeen, List.of(), channel, now);
    }

    /**
     * Records an approval that confirms checklist items. Together with the approvals that count so far, it
     * must confirm every required item.
     *
     * @param person who approves
     * @param comment the comment or justification, also the note of each confirmation
     * @param digestSeen the digest of the evidence the person saw, {@code null} for the current evidence
     * @param confirmed the ids of the checklist items the person confirms
     * @param channel how the decision arrived, such as {@code web} or {@code api}
     * @param now the current time
     * @return the state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the approval is not taken
     */
    public synchronized GateState approve(
            final Person person,
            @CheckForNull final String comment,
            @CheckForNull final String digestSeen,
            final List<String> confirmed,
            final String channel,
            final Instant now)
            throws DecisionRefusedException {
        String text = comment == null ? "" : comment;
        Optional<Refusal> refusal =
                approvalRefusal(person, text, digestSeen, now).or(() -> checklistRefusal(confirmed));
        if (refusal.isPresent()) {
            throw new DecisionRefusedException(refusal.get());
        }
        LedgerEntry.Kind kind = verdict.isBlocking() ? LedgerEntry.Kind.OVERRIDE : LedgerEntry.Kind.APPROVE;
        entries.add(entry(
                kind,
                person,
                text,
                digest,
                channel,
                now,
                confirmed.stream().distinct().toList()));
        if (getApprovers().size() >= policy.getMinApprovals()) {
            state = GateState.APPROVED;
        }
        return state;
    }

    /**
     * Records a rejection; one rejection settles the gate.
     *
     * @param person who rejects
     * @param comment the reason; unless the policy never requires comments, it must hold a letter or digit
     * @param channel how the decision arrived
     * @param now the current time
     * @return the state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the rejection is not taken
     */
    public synchronized GateState reject(
            final Person person, @CheckForNull final String comment, final String channel, final Instant now)
            throws DecisionRefusedException {
        String text = comment == null ? "" : comment;
        Optional<Refusal> refusal = rejectionRefusal(person, text, now);
        if (refusal.isPresent()) {
            throw new DecisionRefusedException(refusal.get());
        }
        entries.add(entry(LedgerEntry.Kind.REJECT, person, text, digest, channel, now, List.of()));
        state = GateState.REJECTED;
        return state;
    }

    /**
     * Ends the wait if the approval window has closed.
     *
     * @param now the current time
     * @return {@code true} if the gate timed out now or before
     */
    public synchronized boolean expireIfDue(final Instant now) {
        if (state == GateState.PENDING && !now.isBefore(getDeadline())) {
            entries.add(system(
                    LedgerEntry.Kind.TIMEOUT,
                    "Nobody decided within " + Quantity.format(policy.getTimeout()) + "; the policy says "
                            + Settings.yamlName(policy.getOnTimeout()),
                    now));
            state = GateState.TIMED_OUT;
        }
        return state == GateState.TIMED_OUT;
    }

    /**
     * Voids the approvals because the checks, run again after the last approval, got worse than what the
     * approvers saw. By policy the gate then waits again, with a new approval window of the policy's
     * timeout from now, or fails. It also fails when the new verdict blocks and the policy does not allow
     * overriding it, since nobody could approve the new evidence.
     *
     * @param worsened a sentence per check that got worse
     * @param newVerdict the verdict of the new evidence
     * @param newDigest the digest of the new evidence
     * @param now the current time
     * @return the state after voiding
     * @throws IllegalStateException if the gate is not approved
     */
    public synchronized GateState voidApprovals(
            final List<String> worsened, final Status newVerdict, final String newDigest, final Instant now) {
        if (state != GateState.APPROVED) {
            throw new IllegalStateException(
                    "only an approved gate can have its approvals voided; this one is " + state);
        }
        entries.add(system(
                LedgerEntry.Kind.VOID, "The checks got worse after approval: " + String.join("; ", worsened), now));
        verdict = newVerdict;
        digest = newDigest;
        boolean approvable = !newVerdict.isBlocking() || policy.getOnFail() == ApprovalPolicy.OnFail.OVERRIDE;
        state = policy.getOnWorseEvidence() == ApprovalPolicy.OnWorseEvidence.WAIT && approvable
                ? GateState.PENDING
                : GateState.EVIDENCE_WORSENED;
        if (state == GateState.PENDING) {
            deadline = now.plus(policy.getTimeout());
        }
        return state;
    }

    /**
     * Records that the build was stopped while the gate waited.
     *
     * @param reason why, such as "Aborted by alice"
     * @param now the current time
     * @return {@code true} if the gate was pending and is now cancelled
     */
    public synchronized boolean cancel(final String reason, final Instant now) {
        if (state.isSettled()) {
            return false;
        }
        entries.add(system(LedgerEntry.Kind.CANCEL, reason, now));
        state = GateState.CANCELLED;
        return true;
    }

    /**
     * Records that the build was stopped after the last required approval but before the release
     * proceeded, while the checks ran again to confirm the evidence: the approvals no longer lead anywhere.
     *
     * @param reason why, such as "Aborted by alice"
     * @param now the current time
     * @return {@code true} if the gate was pending or approved and is now cancelled
     */
    public synchronized boolean cancelBeforeRelease(final String reason, final Instant now) {
        if (state != GateState.APPROVED) {
            return cancel(reason, now);
        }
        entries.add(system(LedgerEntry.Kind.CANCEL, reason, now));
        state = GateState.CANCELLED;
        return true;
    }

    private Optional<Refusal> approvalRefusal(
            final Person person,
            @CheckForNull final String comment,
            @CheckForNull final String digestSeen,
            final Instant now) {
        Optional<Refusal> common = commonRefusal(person, now);
        if (common.isPresent()) {
            return common;
        }
        Optional<Involvement> barred = getExclusions().stream()
                .filter(involvement -> matcher.sameUser(person.getId(), involvement.userId()))
                .min(Comparator.comparing(Involvement::kind));
        if (barred.isPresent()) {
            return Optional.of(barred.get().refusal(person));
        }
        if (digestSeen != null && !digestSeen.equals(digest)) {
            return refuse("staleEvidence");
        }
        if (getApprovers().stream().anyMatch(id -> matcher.sameUser(id, person.getId()))) {
            return refuse("alreadyApproved", person, policy.getMinApprovals());
        }
        if (verdict.isBlocking()) {
            return overrideRefusal(person, comment);
        }
        if (comment != null && isCommentRequired() && !isMeaningful(comment)) {
            return verdict == Status.PASS ? refuse("commentRequiredByPolicy") : refuse("commentRequired", verdict);
        }
        return Optional.empty();
    }

    private Optional<Refusal> checklistRefusal(final List<String> confirmed) {
        List<String> ids = checklist.stream().map(ChecklistItem::id).toList();
        for (String item : confirmed) {
            if (!ids.contains(item)) {
                return ids.isEmpty()
                        ? refuse("noChecklist", item)
                        : refuse("unknownChecklistItem", item, String.join(", ", ids));
            }
        }
        Set<String> done = new LinkedHashSet<>(confirmed);
        getConfirmations().forEach(confirmation -> done.add(confirmation.itemId()));
        List<String> open = checklist.stream()
                .filter(item -> item.required() && !done.contains(item.id()))
                .map(item -> item.id() + " (" + item.text() + ")")
                .toList();
        return open.isEmpty() ? Optional.empty() : refuse("checklistOpen", String.join("; ", open));
    }

    private Optional<Refusal> overrideRefusal(final Person person, @CheckForNull final String comment) {
        if (policy.getOnFail() == ApprovalPolicy.OnFail.BLOCK) {
            return refuse("overrideBlocked", verdict);
        }
        if (!person.canOverride()) {
            return refuse("noOverridePermission", verdict, person);
        }
        if (!policy.getOverriders().isEmpty() && !matchesAny(person, policy.getOverriders())) {
            return refuse("notOverrider", verdict, String.join(", ", policy.getOverriders()), person);
        }
        if (comment != null && !isMeaningful(comment)) {
            return refuse("justificationRequired", verdict);
        }
        return Optional.empty();
    }

    private Optional<Refusal> rejectionRefusal(
            final Person person, @CheckForNull final String comment, final Instant now) {
        Optional<Refusal> common = commonRefusal(person, now);
        if (common.isPresent()) {
            return common;
        }
        if (comment != null
                && policy.getRequireComment() != ApprovalPolicy.CommentRule.NEVER
                && !isMeaningful(comment)) {
            return refuse("reasonRequired");
        }
        return Optional.empty();
    }

    private Optional<Refusal> commonRefusal(final Person person, final Instant now) {
        expireIfDue(now);
        if (state.isSettled()) {
            return refuse("settled." + state.name());
        }
        if (!person.canApprove()) {
            return refuse("noApprovePermission", person);
        }
        if (!policy.getApprovers().isEmpty() && !matchesAny(person, policy.getApprovers())) {
            return refuse("notApprover", person, String.join(", ", policy.getApprovers()));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(final String key, final Object... values) {
        return Optional.of(new Refusal("ApprovalLedger." + key, values));
    }

    /**
     * Returns whether a comment says something: it holds at least one letter or digit, in any script. Blanks,
     * punctuation, symbols, invisible characters (such as a zero-width space) and the Hangul filler letters,
     * which are letters that show nothing, do not count.
     *
     * @param comment a comment
     * @return {@code true} if it holds a visible letter or digit
     */
    public static boolean isMeaningful(@CheckForNull final String comment) {
        return comment != null && comment.codePoints().anyMatch(ApprovalLedger::isVisibleLetterOrDigit);
    }

    private static boolean isVisibleLetterOrDigit(final int codePoint) {
        return Character.isLetterOrDigit(codePoint) && !HANGUL_FILLERS.contains(codePoint);
    }

    private boolean isCommentRequired() {
        return switch (policy.getRequireComment()) {
            case ALWAYS -> true;
            case UNLESS_PASS -> verdict != Status.PASS;
            case NEVER -> false;
        };
    }

    private boolean matchesAny(final Person person, final List<String> names) {
        for (String name : names) {
            Grantee grantee;
            try {
                grantee = Grantee.parse(name);
            } catch (IllegalArgumentException unreadable) {
                continue;
            }
            if (grantee.admits(person, matcher)) {
                return true;
            }
        }
        return false;
    }

    private static LedgerEntry entry(
            final LedgerEntry.Kind kind,
            final Person person,
            final String comment,
            final String digest,
            final String channel,
            final Instant now,
            final List<String> confirmed) {
        return new LedgerEntry(
                kind,
                person.getId(),
                person.getDisplayName(),
                person.getGroups(),
                now,
                comment.strip(),
                digest,
                channel,
                confirmed);
    }

    private static LedgerEntry system(final LedgerEntry.Kind kind, final String comment, final Instant now) {
        return new LedgerEntry(
                kind, LedgerEntry.SYSTEM, "Release Gate", Set.of(), now, comment, null, "system", List.of());
    }
}
