package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a list of pending gates shows of one gate, taken from its session at one moment: where it runs, its
 * verdict, the checks that block or warn, since when it waits, its deadline, the approvals so far and still
 * needed, and whether an approval must confirm a required checklist item (which a list cannot offer). An
 * immutable value: a host keeps the latest view of every open gate and of the gates settled recently, so that
 * listing them reads no build.
 */
public final class PendingGateView {
    private final Place place;
    private final String gateId;
    private final String gateName;

    @CheckForNull
    private final String profile;

    @CheckForNull
    private final String release;

    private final GatePhase phase;

    @CheckForNull
    private final Status verdict;

    private final List<CheckSummary> blockingChecks;
    private final List<CheckSummary> warningChecks;

    @CheckForNull
    private final Instant waitingSince;

    @CheckForNull
    private final Instant deadline;

    private final List<String> approvers;
    private final int remainingApprovals;
    private final boolean requiredChecklist;

    @CheckForNull
    private final String digest;

    @CheckForNull
    private final String outcome;

    private final Instant updatedAt;

    /**
     * Where a gate runs in its host: the build, named so that the host finds it again, and the job it belongs to.
     *
     * @param jobFullName the job's full name, folders separated by {@code /}, such as {@code team/orders}
     * @param jobDisplayName the job's name as people read it
     * @param buildNumber the build's number
     * @param buildUrl the build's URL relative to the host's root, such as {@code job/team/job/orders/42/}
     */
    public record Place(String jobFullName, String jobDisplayName, int buildNumber, String buildUrl) {
        /** Creates a place. */
        public Place {
            Objects.requireNonNull(jobFullName);
            Objects.requireNonNull(jobDisplayName);
            Objects.requireNonNull(buildUrl);
        }

        /**
         * Returns the key of the build: its job's full name and its number, such as {@code team/orders#42}.
         *
         * @return the key
         */
        public String buildKey() {
            return jobFullName + "#" + buildNumber;
        }
    }

    /**
     * A check a list shows beside its gate: its id, status and one-line summary.
     *
     * @param id the check's id
     * @param status its status
     * @param summary its summary
     */
    public record CheckSummary(String id, Status status, String summary) {
        /** Creates a summary. */
        public CheckSummary {
            Objects.requireNonNull(id);
            Objects.requireNonNull(status);
            Objects.requireNonNull(summary);
        }
    }

    private PendingGateView(
            final GateSession session, final Place place, @CheckForNull final String profile, final Instant now) {
        this.place = Objects.requireNonNull(place);
        this.profile = profile == null || profile.isBlank() ? null : profile;
        this.updatedAt = Objects.requireNonNull(now);
        synchronized (session) {
            this.gateId = session.getId();
            this.gateName = session.getGateName();
            this.release = session.getRelease().orElse(null);
            this.phase = session.getPhase();
            Optional<GateResult> evidence = session.getEvidence();
            this.verdict = evidence.map(GateResult::getVerdict).orElse(null);
            List<CheckOutcome> blocking =
                    evidence.map(GateResult::blockingChecks).orElse(List.of());
            this.blockingChecks =
                    blocking.stream().map(PendingGateView::summary).toList();
            this.warningChecks = evidence.map(result -> result.getChecks().stream()
                            .filter(CheckOutcome::required)
                            .filter(outcome -> !blocking.contains(outcome) && outcome.status() != Status.PASS)
                            .map(PendingGateView::summary)
                            .toList())
                    .orElse(List.of());
            this.digest = evidence.map(GateResult::digest).orElse(null);
            Optional<ApprovalLedger> ledger = session.getLedger();
            this.waitingSince = ledger.map(ApprovalLedger::getOpenedAt).orElse(null);
            this.deadline = ledger.map(ApprovalLedger::getDeadline).orElse(null);
            this.approvers = ledger.map(ApprovalLedger::getApprovers).orElse(List.of());
            this.remainingApprovals =
                    ledger.map(ApprovalLedger::getRemainingApprovals).orElse(0);
            this.requiredChecklist = session.getChecklist().stream().anyMatch(ChecklistItem::required);
            this.outcome = session.getEnding().map(GateEnding::message).orElse(null);
        }
    }

    /**
     * Takes the view of a gate as its session stands now.
     *
     * @param session the gate's session
     * @param place where the gate runs
     * @param profile the name of the ops profile the gate runs under, {@code null} if none applied
     * @param now the host's current time, recorded as when the view was taken
     * @return the view
     */
    public static PendingGateView of(
            final GateSession session, final Place place, @CheckForNull final String profile, final Instant now) {
        return new PendingGateView(session, place, profile, now);
    }

    private static CheckSummary summary(final CheckOutcome outcome) {
        return new CheckSummary(outcome.id(), outcome.status(), outcome.result().getSummary());
    }

    /**
     * Returns where the gate runs.
     *
     * @return the place
     */
    public Place getPlace() {
        return place;
    }

    /**
     * Returns the key of the gate in its host: the build's key and the gate's id, such as {@code team/orders#42
     * orders-release}.
     *
     * @return the key
     */
    public String getKey() {
        return place.buildKey() + " " + gateId;
    }

    /**
     * Returns the gate's id within its build.
     *
     * @return the id
     */
    public String getGateId() {
        return gateId;
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
     * Returns the name of the ops profile the gate runs under.
     *
     * @return the profile's name, empty if no profile applied
     */
    public Optional<String> getProfile() {
        return Optional.ofNullable(profile);
    }

    /**
     * Returns the release being deployed.
     *
     * @return the release, empty if not named
     */
    public Optional<String> getRelease() {
        return Optional.ofNullable(release);
    }

    /**
     * Returns the gate's phase when the view was taken.
     *
     * @return the phase
     */
    public GatePhase getPhase() {
        return phase;
    }

    /**
     * Returns whether the gate waits for decisions, or confirms its evidence after the last approval.
     *
     * @return {@code true} while the gate is open and its checks ran
     */
    public boolean isOpen() {
        return phase == GatePhase.WAITING || phase == GatePhase.CONFIRMING;
    }

    /**
     * Returns whether the gate waited for decisions at some point, so that people decided on it or could have.
     *
     * @return {@code true} if it has an approval record
     */
    public boolean hasWaited() {
        return waitingSince != null;
    }

    /**
     * Returns the verdict of the evidence under decision.
     *
     * @return the verdict, empty while the checks first run
     */
    public Optional<Status> getVerdict() {
        return Optional.ofNullable(verdict);
    }

    /**
     * Returns the required checks that block the release (FAIL, or ERROR unless ERROR counts as WARN).
     *
     * @return the checks, in the definition's order
     */
    public List<CheckSummary> getBlockingChecks() {
        return blockingChecks;
    }

    /**
     * Returns the required checks that did not pass but do not block, such as those that warned.
     *
     * @return the checks, in the definition's order
     */
    public List<CheckSummary> getWarningChecks() {
        return warningChecks;
    }

    /**
     * Returns when the gate started waiting for decisions.
     *
     * @return the instant, empty if the gate never waited
     */
    public Optional<Instant> getWaitingSince() {
        return Optional.ofNullable(waitingSince);
    }

    /**
     * Returns when the approval window closes.
     *
     * @return the deadline, empty if the gate never waited
     */
    public Optional<Instant> getDeadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * Returns the ids of the people whose approvals count so far.
     *
     * @return the user ids, in order of approval
     */
    public List<String> getApprovers() {
        return approvers;
    }

    /**
     * Returns how many more distinct approvals the policy asks for.
     *
     * @return the number, 0 once approved or when the gate never waited
     */
    public int getRemainingApprovals() {
        return remainingApprovals;
    }

    /**
     * Returns whether an approval must confirm a required checklist item: such a gate is approved on its own page,
     * where the items are shown, never from a list.
     *
     * @return {@code true} if the gate's checklist has a required item
     */
    public boolean hasRequiredChecklist() {
        return requiredChecklist;
    }

    /**
     * Returns the digest of the evidence under decision, which an approval from a list sends back.
     *
     * @return the digest, empty while the checks first run
     */
    public Optional<String> getDigest() {
        return Optional.ofNullable(digest);
    }

    /**
     * Returns the sentence that ended the gate.
     *
     * @return the sentence, empty while the gate is open
     */
    public Optional<String> getOutcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * Returns when the view was taken: for a settled gate, when it settled.
     *
     * @return the instant
     */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return getKey() + " " + phase;
    }
}
