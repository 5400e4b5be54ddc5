package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.approval.Refusal;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.TextReportWriter;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import io.jenkins.plugins.releasegate.spi.Sentences;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole life of one gate: its checks, the wait for decisions, the confirming run after the last
 * approval, voiding, timeout, cancellation and the end. Every rule of that life is here; a {@link GateHost}
 * only gives it threads, a timer, persistence and a way to end.
 *
 * <p>All changes happen under the session's lock and are persisted through the host before the lock is
 * released, so records follow the order of the changes. The checks run outside the lock. The host's
 * {@link GateHost#end} is called exactly once, outside the lock.</p>
 *
 * <p>A session is serializable: a host that restarts restores it and calls {@link #resume} with the
 * definition loaded again, and the gate carries on where it stood.</p>
 */
public final class GateSession implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String gateName;
    private final String source;
    private final ApprovalPolicy policy;
    private final boolean approvalRequested;

    @CheckForNull
    private final String release;

    private final IdentityMatcher matcher;
    /** The initiators of a session saved before {@link #involvements} was kept; empty otherwise. */
    private final Set<String> initiators;

    /** The change authors of a session saved before {@link #involvements} was kept; empty otherwise. */
    private final Set<String> changeAuthors;

    /** How people took part in the build; {@code null} in a session saved before it was kept. */
    @CheckForNull
    private final List<Involvement> involvements;

    private GatePhase phase = GatePhase.CHECKING;

    @CheckForNull
    private GateResult evidence;

    @CheckForNull
    private ApprovalLedger ledger;

    @CheckForNull
    private GateEnding ending;

    private boolean ended;

    @CheckForNull
    private transient GateDefinition definition;

    @CheckForNull
    private transient volatile GateHost host;

    @CheckForNull
    private transient GateHost.Scheduled timer;

    /**
     * The reminders sent, each as the deadline of its approval window and its fraction, so that a restart sends
     * none twice; {@code null} in a session saved before reminders existed.
     */
    @CheckForNull
    private HashSet<String> remindersSent;

    @CheckForNull
    private transient List<GateHost.Scheduled> reminderTimers;

    /**
     * Creates the session of a gate whose checks are about to run.
     *
     * @param id the gate's id within its build or run
     * @param definition the gate's definition, merged onto its profile
     * @param approvalRequested whether the gate waits for approval, {@code false} for checks only
     * @param release the release being deployed, or {@code null}
     * @param matcher how the host compares user ids and groups
     * @param initiators the users who started the build; they may not approve unless the policy allows it
     * @param changeAuthors the authors of the changes in the release
     * @param gateHost the host
     */
    public GateSession(
            final String id,
            final GateDefinition definition,
            final boolean approvalRequested,
            @CheckForNull final String release,
            final IdentityMatcher matcher,
            final Set<String> initiators,
            final Set<String> changeAuthors,
            final GateHost gateHost) {
        this(id, definition, approvalRequested, release, matcher, Involvement.of(initiators, changeAuthors), gateHost);
    }

    /**
     * Creates the session of a gate whose checks are about to run, knowing how people took part in the build;
     * its ledger decides under the policy which of them may not approve.
     *
     * @param id the gate's id within its build or run
     * @param definition the gate's definition, merged onto its profile
     * @param approvalRequested whether the gate waits for approval, {@code false} for checks only
     * @param release the release being deployed, or {@code null}
     * @param matcher how the host compares user ids and groups
     * @param involvements who started the build or a build upstream, contributed its change request, or
     *     authored its changes
     * @param gateHost the host
     */
    public GateSession(
            final String id,
            final GateDefinition definition,
            final boolean approvalRequested,
            @CheckForNull final String release,
            final IdentityMatcher matcher,
            final List<Involvement> involvements,
            final GateHost gateHost) {
        this.id = Objects.requireNonNull(id);
        this.host = Objects.requireNonNull(gateHost);
        this.definition = Objects.requireNonNull(definition);
        this.gateName = definition.getName();
        this.source = definition.getSource();
        this.policy = definition.getApproval();
        this.approvalRequested = approvalRequested;
        this.release = release;
        this.matcher = Objects.requireNonNull(matcher);
        this.involvements = List.copyOf(involvements);
        this.initiators = Set.of();
        this.changeAuthors = Set.of();
    }

    /**
     * Creates the session of a gate that runs its checks and ends on their verdict, without approval, such
     * as on the command line.
     *
     * @param definition the gate's definition
     * @param release the release being deployed, or {@code null}
     * @param gateHost the host
     * @return the session
     */
    public static GateSession checksOnly(
            final GateDefinition definition, @CheckForNull final String release, final GateHost gateHost) {
        return new GateSession(
                definition.getName(),
                definition,
                false,
                release,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of(),
                Set.of(),
                gateHost);
    }

    // ------------------------------------------------------------------ what the session is

    /**
     * Returns the gate's id.
     *
     * @return the id
     */
    public String getId() {
        return id;
    }

    /**
     * Returns the gate's name.
     *
     * @return the name
     */
    public String getGateName() {
        return gateName;
    }

    /**
     * Returns where the definition came from.
     *
     * @return the source, such as {@code release-gate.yaml}
     */
    public String getSource() {
        return source;
    }

    /**
     * Returns the release being deployed.
     *
     * @return the release, if named
     */
    public Optional<String> getRelease() {
        return Optional.ofNullable(release);
    }

    /**
     * Returns whether the gate waits for approval.
     *
     * @return {@code false} for checks only
     */
    public boolean isApprovalRequested() {
        return approvalRequested;
    }

    /**
     * Returns where the gate stands.
     *
     * @return the phase
     */
    public synchronized GatePhase getPhase() {
        return phase;
    }

    /**
     * Returns the evidence under decision.
     *
     * @return the result of the checks, empty while they first run
     */
    public synchronized Optional<GateResult> getEvidence() {
        return Optional.ofNullable(evidence);
    }

    /**
     * Returns the approval record.
     *
     * @return the ledger, empty without approval or while the checks first run
     */
    public synchronized Optional<ApprovalLedger> getLedger() {
        return Optional.ofNullable(ledger);
    }

    /**
     * Returns the checklist approvers confirm when they approve.
     *
     * @return the items, empty without a checklist or while the checks first run
     */
    public synchronized List<ChecklistItem> getChecklist() {
        ApprovalLedger current = ledger;
        return current == null ? List.of() : current.getChecklist();
    }

    /**
     * Returns how the gate ended.
     *
     * @return the ending, empty while the gate is open
     */
    public synchronized Optional<GateEnding> getEnding() {
        return Optional.ofNullable(ending);
    }

    /**
     * Returns the report as it stands.
     *
     * @return the report, empty while the checks first run or when they never ran
     */
    public synchronized Optional<GateReport> report() {
        GateResult measured = evidence;
        if (measured == null) {
            return Optional.empty();
        }
        ApprovalLedger current = ledger;
        return Optional.of(
                current == null
                        ? GateReport.withoutApproval(measured, policy, release, source)
                        : GateReport.withApproval(measured, current, release, source));
    }

    /**
     * Describes where the gate stands in one line, for a host's status display.
     *
     * @return such as {@code release gate orders: WAITING, 1 approval(s) remaining}
     */
    public synchronized String status() {
        ApprovalLedger current = ledger;
        return "release gate " + id + ": " + phase
                + (current == null ? "" : ", " + current.getRemainingApprovals() + " approval(s) remaining");
    }

    /**
     * Returns what the gate hands back to the build that ran it: {@code verdict} (the checks' verdict, or
     * {@code null} if they never finished), {@code approved} (whether the gate ended approved) and
     * {@code approvers} (the people whose approvals count).
     *
     * @return the values, in this order
     */
    public synchronized Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        GateResult measured = evidence;
        ApprovalLedger current = ledger;
        result.put("verdict", measured == null ? null : measured.getVerdict().name());
        result.put("approved", phase == GatePhase.APPROVED);
        result.put("approvers", current == null ? new ArrayList<String>() : new ArrayList<>(current.getApprovers()));
        return result;
    }

    // ------------------------------------------------------------------ running the checks

    /**
     * Runs the gate's checks on the calling thread, then waits for decisions, proceeds or fails as the
     * verdict and the policy say. Returns once the gate waits or has ended; does nothing once it ended.
     */
    public void runChecks() {
        GateDefinition gate;
        synchronized (this) {
            gate = requireDefinition();
            if (phase != GatePhase.CHECKING) {
                return;
            }
        }
        GateResult result = run(gate, gate.getChecks(), true);
        if (result != null) {
            afterChecks(result);
        }
    }

    /**
     * Runs checks of the gate on the calling thread, outside the lock.
     *
     * @return their result; {@code null} when the run was interrupted, which only a cancellation does and
     *     which ended the gate already, or when the host failed and the gate ended for it
     */
    @CheckForNull
    private GateResult run(final GateDefinition gate, final List<CheckDefinition> checks, final boolean withWorkspace) {
        GateHost gateHost = requireHost();
        try {
            GateEnvironment environment = gateHost.environment(withWorkspace);
            ApprovalLedger current = getLedger().orElse(null);
            if (current != null) {
                // the confirming run shows who confirmed the checklist with the approvals that count
                environment = environment.withConfirmations(current.getConfirmations());
            }
            List<JobHistoryRequest> requests = JobHistoryRequest.combine(checks.stream()
                    .flatMap(check -> check.getJobHistoryRequests().stream())
                    .toList());
            if (!requests.isEmpty()) {
                // read now, for this run: the confirming run judges the builds as they are then
                Optional<JobHistories> histories = gateHost.jobHistories(requests);
                if (histories.isPresent()) {
                    environment = environment.withJobHistories(histories.get());
                }
            }
            return gateHost.runChecks(gate, checks, environment);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException exception) {
            fail(text("unexpected", describe(exception)));
            return null;
        }
    }

    private void afterChecks(final GateResult result) {
        GateEnding end = null;
        synchronized (this) {
            if (phase != GatePhase.CHECKING) {
                return;
            }
            evidence = result;
            new TextReportWriter().write(result).forEach(this::log);
            GateFlow.Next next = GateFlow.afterChecks(result, policy, approvalRequested);
            if (next.kind() == GateFlow.Kind.WAIT) {
                ledger = new ApprovalLedger(
                        policy,
                        matcher,
                        involvements == null ? Involvement.of(initiators, changeAuthors) : involvements,
                        result.getVerdict(),
                        result.digest(),
                        now(),
                        requireDefinition().getChecklist());
                phase = GatePhase.WAITING;
                log(next.message());
                persist();
                armTimer();
                armReminders();
                emit(event(GateEvent.Kind.WAITING));
            } else {
                end = settle(next.kind() == GateFlow.Kind.PROCEED ? GatePhase.PASSED : GatePhase.BLOCKED, ending(next));
            }
        }
        finish(end);
    }

    /**
     * Ends the gate because its host could not run it, such as for an invalid definition or an unexpected
     * error. Does nothing once the gate has ended.
     *
     * @param message the sentence that says what went wrong and what to do
     */
    public void fail(final String message) {
        GateEnding end;
        synchronized (this) {
            end = settle(GatePhase.FAILED, new GateEnding(GateEnding.Kind.FAIL, message));
        }
        finish(end);
    }

    // ------------------------------------------------------------------ decisions

    /**
     * Says why a person may not approve now.
     *
     * @param person the person
     * @param locale the language of the sentence
     * @return the sentence, empty if they may
     */
    public synchronized Optional<String> whyMayNotApprove(final Person person, final Locale locale) {
        return whyNoDecision(locale).or(() -> requireLedger().whyMayNotApprove(person, now(), locale));
    }

    /**
     * Says why a person may not reject now.
     *
     * @param person the person
     * @param locale the language of the sentence
     * @return the sentence, empty if they may
     */
    public synchronized Optional<String> whyMayNotReject(final Person person, final Locale locale) {
        return whyNoDecision(locale).or(() -> requireLedger().whyMayNotReject(person, now(), locale));
    }

    /**
     * Says why someone may not approve or reject now, for showing or hiding a page's buttons.
     *
     * @param approval {@code true} for approving, {@code false} for rejecting
     * @param person who asks, empty if they are not logged in
     * @param locale the language of the sentence
     * @return the sentence, empty if they may
     */
    public Optional<String> whyMayNot(final boolean approval, final Optional<Person> person, final Locale locale) {
        if (person.isEmpty()) {
            return Optional.of(DecisionAnswer.anonymous(locale).message());
        }
        return approval ? whyMayNotApprove(person.get(), locale) : whyMayNotReject(person.get(), locale);
    }

    /**
     * Takes a decision as a host received it, and answers it: who decided, what they sent, and the state
     * after, or why it was refused. Anonymous people may not decide: decisions are recorded by name.
     *
     * @param person who decides, empty for an anonymous request
     * @param request the decision as sent
     * @param channel how it arrived, such as {@code web} or {@code api}
     * @param locale the language of the answer
     * @return the answer
     */
    public DecisionAnswer decide(
            final Optional<Person> person, final DecisionRequest request, final String channel, final Locale locale) {
        if (person.isEmpty()) {
            return DecisionAnswer.anonymous(locale);
        }
        Person who = person.get();
        try {
            GateState state = request.approval()
                    ? approve(who, request.comment(), request.digest(), request.confirmed(), channel)
                    : reject(who, request.comment(), channel);
            String message = request.approval()
                    ? text(locale, "decisionApproved", who, state.name())
                    : text(locale, "decisionRejected", who);
            synchronized (this) {
                ApprovalLedger current = requireLedger();
                return new DecisionAnswer(
                        DecisionAnswer.TAKEN,
                        message,
                        state,
                        phase,
                        current.getRemainingApprovals(),
                        current.getApprovers());
            }
        } catch (DecisionRefusedException exception) {
            return DecisionAnswer.refused(exception.getLocalizedMessage(locale));
        }
    }

    /**
     * Records an approval. The last required approval starts the confirming run of the checks on the
     * host's background thread; the gate proceeds once it confirms the evidence.
     *
     * @param person who approves
     * @param comment the comment or justification
     * @param digestSeen the digest of the evidence the person saw, {@code null} for the current evidence
     * @param channel how the decision arrived, such as {@code web} or {@code api}
     * @return the approval state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the approval is not taken
     */
    public GateState approve(
            final Person person, final String comment, @CheckForNull final String digestSeen, final String channel)
            throws DecisionRefusedException {
        return approve(person, comment, digestSeen, List.of(), channel);
    }

    /**
     * Records an approval that confirms checklist items; with the approvals that count so far it must confirm
     * every required item. The last required approval starts the confirming run, as for {@link #approve(Person,
     * String, String, String)}.
     *
     * @param person who approves
     * @param comment the comment or justification
     * @param digestSeen the digest of the evidence the person saw, {@code null} for the current evidence
     * @param confirmed the ids of the checklist items the person confirms
     * @param channel how the decision arrived, such as {@code web} or {@code api}
     * @return the approval state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the approval is not taken
     */
    public GateState approve(
            final Person person,
            final String comment,
            @CheckForNull final String digestSeen,
            final List<String> confirmed,
            final String channel)
            throws DecisionRefusedException {
        GateState state;
        synchronized (this) {
            refuseUnlessWaiting();
            ApprovalLedger current = requireLedger();
            state = current.approve(person, comment, digestSeen, confirmed, channel, now());
            log(text("approvedBy", person, channel, printable(comment)));
            if (state == GateState.APPROVED) {
                phase = GatePhase.CONFIRMING;
                cancelTimer();
                cancelReminders();
            }
            persist();
            LedgerEntry approval = lastEntry(current);
            if (approval != null) {
                emit(event(
                                approval.kind() == LedgerEntry.Kind.OVERRIDE
                                        ? GateEvent.Kind.OVERRIDDEN
                                        : GateEvent.Kind.APPROVED)
                        .decision(decision(approval)));
            }
        }
        if (state == GateState.APPROVED) {
            requireHost().execute(this::confirm);
        }
        return state;
    }

    /**
     * Records a rejection, which ends the gate without a release.
     *
     * @param person who rejects
     * @param comment the reason
     * @param channel how the decision arrived
     * @return the approval state after the decision
     * @throws DecisionRefusedException with the sentence saying why, if the rejection is not taken
     */
    public GateState reject(final Person person, final String comment, final String channel)
            throws DecisionRefusedException {
        GateState state;
        GateEnding end;
        synchronized (this) {
            refuseUnlessWaiting();
            ApprovalLedger current = requireLedger();
            state = current.reject(person, comment, channel, now());
            log(text("rejectedBy", person, channel, printable(comment)));
            end = settleFromLedger(current);
        }
        finish(end);
        return state;
    }

    /**
     * Ends the gate because its build was stopped, whatever it was doing. Does nothing once the gate ended.
     *
     * @param reason why, such as "Aborted by alice"
     * @return {@code true} if this call ended the gate
     */
    public boolean cancel(final String reason) {
        GateEnding end;
        synchronized (this) {
            if (phase.isSettled()) {
                return false;
            }
            ApprovalLedger current = ledger;
            if (current != null) {
                current.cancelBeforeRelease(reason, now());
            }
            end = settle(GatePhase.CANCELLED, new GateEnding(GateEnding.Kind.ABORT, reason));
        }
        finish(end);
        return true;
    }

    /**
     * Ends the wait if the approval window has closed; the host's timer calls it at the deadline. Early
     * calls and calls after the wait ended change nothing.
     */
    public void expireIfDue() {
        GateEnding end = null;
        synchronized (this) {
            if (phase != GatePhase.WAITING) {
                return;
            }
            ApprovalLedger current = requireLedger();
            if (current.expireIfDue(now())) {
                end = settleFromLedger(current);
            } else {
                armTimer();
                armReminders();
            }
        }
        finish(end);
    }

    // ------------------------------------------------------------------ confirming the evidence

    private void confirm() {
        GateDefinition gate;
        synchronized (this) {
            if (phase != GatePhase.CONFIRMING) {
                return;
            }
            gate = requireDefinition();
        }
        List<CheckDefinition> checks = GateFlow.checksToConfirm(gate);
        if (checks.isEmpty()) {
            afterConfirmingRun(null);
            return;
        }
        log(text("confirming", checks.size()));
        GateResult rerun = run(gate, checks, false);
        if (rerun != null) {
            afterConfirmingRun(rerun);
        }
    }

    private void afterConfirmingRun(@CheckForNull final GateResult rerun) {
        GateEnding end;
        synchronized (this) {
            if (phase != GatePhase.CONFIRMING) {
                return; // cancelled while the checks ran again
            }
            ApprovalLedger current = requireLedger();
            List<String> worsened = List.of();
            if (rerun != null) {
                GateFlow.Confirmation confirmation =
                        GateFlow.confirm(current, requireEvidence(), rerun.getChecks(), now());
                evidence = confirmation.evidence();
                worsened = confirmation.worsened();
                confirmation.worsened().forEach(line -> log(text("worse", line)));
                if (confirmation.isConfirmed()) {
                    log(text("confirmed"));
                }
            }
            if (current.getState() != GateState.PENDING) {
                boolean failed = current.getState() == GateState.EVIDENCE_WORSENED;
                end = settleFromLedger(current);
                if (failed && end != null) {
                    emit(event(GateEvent.Kind.VOIDED).outcome("failed").worsened(worsened));
                }
            } else {
                phase = GatePhase.WAITING;
                persist();
                armTimer();
                armReminders();
                log(text("waitingAgain")); // after the record, so that whoever reads the line finds the gate waiting
                emit(event(GateEvent.Kind.VOIDED).outcome("waiting").worsened(worsened));
                emit(event(GateEvent.Kind.WAITING));
                end = null;
            }
        }
        finish(end);
    }

    // ------------------------------------------------------------------ restarts

    /**
     * Carries on after the host restored this session from its saved state: a waiting gate waits again
     * (and times out at once if its window closed meanwhile), a confirming gate runs its checks again, and a
     * gate whose first checks were interrupted fails, since nothing was decided. An ended gate ends again
     * for the host, which ignores a second end.
     *
     * @param gateHost the host
     * @param gate the gate's definition, loaded again
     */
    public void resume(final GateHost gateHost, final GateDefinition gate) {
        GatePhase current;
        GateEnding end = null;
        synchronized (this) {
            host = Objects.requireNonNull(gateHost);
            definition = Objects.requireNonNull(gate);
            current = phase;
            if (current == GatePhase.CHECKING) {
                end = settle(
                        GatePhase.FAILED, new GateEnding(GateEnding.Kind.FAIL, text("restartedWhileChecking", id)));
            } else if (current.isSettled()) {
                end = ending;
            }
        }
        if (current == GatePhase.WAITING) {
            expireIfDue();
        } else if (current == GatePhase.CONFIRMING) {
            gateHost.execute(this::confirm);
        } else if (end != null) {
            finishAgain(end);
        }
    }

    // ------------------------------------------------------------------ helpers, under the lock

    private Optional<String> whyNoDecision(final Locale locale) {
        return noDecisionKey().map(key -> text(locale, key));
    }

    private Optional<String> noDecisionKey() {
        return switch (phase) {
            case WAITING -> Optional.empty();
            case CHECKING -> Optional.of("stillChecking");
            case CONFIRMING -> Optional.of("confirmingNoDecision");
            default -> Optional.of("notWaiting");
        };
    }

    private void refuseUnlessWaiting() throws DecisionRefusedException {
        Optional<String> key = noDecisionKey();
        if (key.isPresent()) {
            throw new DecisionRefusedException(Refusal.of(GateSession.class, key.get()));
        }
    }

    @CheckForNull
    private GateEnding settleFromLedger(final ApprovalLedger current) {
        GateFlow.Next next = GateFlow.afterDecision(current, gateName);
        GatePhase settled =
                switch (current.getState()) {
                    case APPROVED -> GatePhase.APPROVED;
                    case REJECTED -> GatePhase.REJECTED;
                    case TIMED_OUT -> GatePhase.TIMED_OUT;
                    case EVIDENCE_WORSENED -> GatePhase.EVIDENCE_WORSENED;
                    case CANCELLED -> GatePhase.CANCELLED;
                    case PENDING -> throw new IllegalStateException("a pending gate does not end");
                };
        GateEnding end = settle(settled, ending(next));
        if (end != null) {
            LedgerEntry last = lastEntry(current);
            switch (current.getState()) {
                case APPROVED -> emit(event(GateEvent.Kind.DECIDED).outcome("approved"));
                case REJECTED ->
                    emit(event(GateEvent.Kind.DECIDED)
                            .outcome("rejected")
                            .decision(last == null ? null : decision(last)));
                case TIMED_OUT ->
                    emit(event(GateEvent.Kind.TIMED_OUT).outcome(Settings.yamlName(policy.getOnTimeout())));
                default -> {
                    // voided approvals are told by the confirming run; a cancellation is the build's own stop
                }
            }
        }
        return end;
    }

    /** Settles the gate; returns the ending for {@link #finish}, or {@code null} if it had ended already. */
    @CheckForNull
    private GateEnding settle(final GatePhase settled, final GateEnding end) {
        if (phase.isSettled()) {
            return null;
        }
        phase = settled;
        ending = end;
        cancelTimer();
        cancelReminders();
        persist();
        return end;
    }

    private void armTimer() {
        cancelTimer();
        Duration delay = Duration.between(now(), requireLedger().getDeadline());
        timer = requireHost().schedule(delay.isNegative() ? Duration.ZERO : delay, this::expireIfDue);
    }

    private void cancelTimer() {
        GateHost.Scheduled scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel();
            timer = null;
        }
    }

    /**
     * Schedules the reminders of the current approval window that were not sent yet, at their fractions of the
     * window; one whose time passed while the host was down is due at once.
     */
    private void armReminders() {
        cancelReminders();
        List<Double> fractions = requireDefinition().getNotifications().getReminders();
        if (fractions.isEmpty()) {
            return;
        }
        Instant deadline = requireLedger().getDeadline();
        List<GateHost.Scheduled> scheduled = new ArrayList<>();
        for (Double fraction : fractions) {
            if (wasReminded(deadline, fraction)) {
                continue;
            }
            Duration delay = Duration.between(now(), reminderTime(deadline, fraction));
            scheduled.add(requireHost()
                    .schedule(delay.isNegative() ? Duration.ZERO : delay, () -> remind(deadline, fraction)));
        }
        reminderTimers = scheduled;
    }

    /**
     * Sends a reminder unless the window it belongs to is over, it was sent already, or a later reminder is due
     * too (after a restart): then only the later one is sent.
     */
    private synchronized void remind(final Instant deadline, final double fraction) {
        if (phase != GatePhase.WAITING) {
            return;
        }
        ApprovalLedger current = requireLedger();
        Instant now = now();
        if (!current.getDeadline().equals(deadline) || !now.isBefore(deadline) || wasReminded(deadline, fraction)) {
            return;
        }
        HashSet<String> sent = remindersSent == null ? new HashSet<>() : remindersSent;
        sent.add(reminderKey(deadline, fraction));
        remindersSent = sent;
        persist();
        boolean laterDue = requireDefinition().getNotifications().getReminders().stream()
                .anyMatch(later ->
                        later > fraction && !reminderTime(deadline, later).isAfter(now));
        if (!laterDue) {
            emit(event(GateEvent.Kind.REMINDER).reminderFraction(fraction));
        }
    }

    private Instant reminderTime(final Instant deadline, final double fraction) {
        Duration window = policy.getTimeout();
        return deadline.minus(window).plusMillis(Math.round(window.toMillis() * fraction));
    }

    private boolean wasReminded(final Instant deadline, final double fraction) {
        HashSet<String> sent = remindersSent;
        return sent != null && sent.contains(reminderKey(deadline, fraction));
    }

    private static String reminderKey(final Instant deadline, final double fraction) {
        return deadline + "@" + fraction;
    }

    private void cancelReminders() {
        List<GateHost.Scheduled> scheduled = reminderTimers;
        if (scheduled != null) {
            scheduled.forEach(GateHost.Scheduled::cancel);
            reminderTimers = null;
        }
    }

    /** Describes the gate as it stands for an event; called under the lock. */
    private GateEvent.Builder event(final GateEvent.Kind kind) {
        GateHost gateHost = requireHost();
        GateResult measured = evidence;
        ApprovalLedger current = ledger;
        List<GateEvent.BlockingCheck> blocking = measured == null
                ? List.of()
                : measured.blockingChecks().stream()
                        .map(outcome -> new GateEvent.BlockingCheck(
                                outcome.id(),
                                outcome.status().name(),
                                outcome.result().getSummary()))
                        .toList();
        return GateEvent.builder(kind, id, gateName, now())
                .source(source)
                .release(release)
                .links(gateHost.buildUrl().orElse(null), gateHost.gateUrl().orElse(null))
                .phase(phase.name())
                .verdict(measured == null ? "ERROR" : measured.getVerdict().name(), blocking)
                .approval(
                        policy.describe(),
                        current == null || phase.isSettled() ? null : current.getDeadline(),
                        current == null ? 0 : current.getRemainingApprovals(),
                        current == null ? List.of() : current.getApprovers());
    }

    /** Hands an event to the host; a host that fails to hear it never stops the gate. */
    private void emit(final GateEvent.Builder builder) {
        try {
            requireHost().onEvent(builder.build());
        } catch (RuntimeException exception) {
            log(text("notificationFailed", describe(exception)));
        }
    }

    @CheckForNull
    private static LedgerEntry lastEntry(final ApprovalLedger current) {
        List<LedgerEntry> entries = current.getEntries();
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    private static GateEvent.Decision decision(final LedgerEntry entry) {
        return new GateEvent.Decision(entry.userId(), entry.displayName(), entry.comment(), entry.channel());
    }

    private void persist() {
        requireHost().persist(this);
    }

    private Instant now() {
        return requireHost().clock().instant();
    }

    private GateHost requireHost() {
        GateHost gateHost = host;
        if (gateHost == null) {
            throw new IllegalStateException("gate " + id + " was restored without its host: call resume");
        }
        return gateHost;
    }

    private GateDefinition requireDefinition() {
        GateDefinition gate = definition;
        if (gate == null) {
            throw new IllegalStateException("gate " + id + " was restored without its definition: call resume");
        }
        return gate;
    }

    private ApprovalLedger requireLedger() {
        ApprovalLedger current = ledger;
        if (current == null) {
            throw new IllegalStateException("gate " + id + " has no approval record in phase " + phase);
        }
        return current;
    }

    private GateResult requireEvidence() {
        GateResult measured = evidence;
        if (measured == null) {
            throw new IllegalStateException("gate " + id + " has no evidence in phase " + phase);
        }
        return measured;
    }

    // ------------------------------------------------------------------ helpers, outside the lock

    private void finish(@CheckForNull final GateEnding end) {
        if (end == null) {
            return;
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        finishAgain(end);
    }

    private void finishAgain(final GateEnding end) {
        GateHost gateHost = requireHost();
        gateHost.log(end.message());
        gateHost.end(end);
    }

    private void log(final String line) {
        requireHost().log(line);
    }

    private static GateEnding ending(final GateFlow.Next next) {
        GateEnding.Kind kind =
                switch (next.kind()) {
                    case PROCEED -> GateEnding.Kind.PROCEED;
                    case FAIL -> GateEnding.Kind.FAIL;
                    case ABORT -> GateEnding.Kind.ABORT;
                    case WAIT -> throw new IllegalArgumentException("waiting is no ending: " + next.message());
                };
        return new GateEnding(kind, next.message());
    }

    private static String describe(final Throwable throwable) {
        String message = throwable.getMessage();
        return message == null || message.isBlank() ? throwable.getClass().getSimpleName() : message;
    }

    /** Removes control characters, so that a comment cannot forge lines or console notes in a log. */
    private static String printable(@CheckForNull final String comment) {
        return comment == null ? "" : comment.replaceAll("\\p{Cntrl}", " ");
    }

    /**
     * Returns a sentence of this package's resource bundle for the log, in the machine's language.
     *
     * @param key the sentence's key
     * @param arguments its arguments
     * @return the sentence
     */
    static String text(final String key, final Object... arguments) {
        return text(Locale.getDefault(), key, arguments);
    }

    /**
     * Returns a sentence of this package's resource bundle for a reader; English where the reader's
     * language has no translation, whatever the machine's language.
     *
     * @param locale the reader's language
     * @param key the sentence's key
     * @param arguments its arguments
     * @return the sentence
     */
    static String text(final Locale locale, final String key, final Object... arguments) {
        return Sentences.format(GateSession.class, locale, key, arguments);
    }
}
