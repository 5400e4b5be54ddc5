package io.jenkins.plugins.releasegate.runner;

import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome of running a gate's checks: one outcome per check and the verdict.
 */
public final class GateResult implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String gate;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final ErrorPolicy onError;
    private final List<CheckOutcome> checks;
    private final List<String> notes;
    private final Status verdict;

    /**
     * Creates a result and computes its verdict.
     *
     * @param gate the gate name
     * @param startedAt when the run started
     * @param finishedAt when it finished
     * @param onError how ERROR counts toward the verdict
     * @param checks one outcome per check, in definition order
     * @param notes notes of the definition and the run
     */
    public GateResult(
            final String gate,
            final Instant startedAt,
            final Instant finishedAt,
            final ErrorPolicy onError,
            final List<CheckOutcome> checks,
            final List<String> notes) {
        this.gate = Objects.requireNonNull(gate);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.finishedAt = Objects.requireNonNull(finishedAt);
        this.onError = Objects.requireNonNull(onError);
        this.checks = List.copyOf(checks);
        this.notes = List.copyOf(notes);
        this.verdict = computeVerdict(this.checks, onError);
    }

    /**
     * Returns the verdict of outcomes: the worst status among required checks, where ERROR counts as WARN
     * if the policy says so. Advisory checks never block. A gate of advisory checks only passes when all
     * of them pass, and is WARN otherwise: without a required check, a PASS would claim what nobody
     * measured. With nothing run the verdict is ERROR.
     *
     * @param outcomes the outcomes
     * @param onError how ERROR counts
     * @return the verdict
     */
    static Status computeVerdict(final List<CheckOutcome> outcomes, final ErrorPolicy onError) {
        if (outcomes.isEmpty()) {
            return Status.ERROR;
        }
        Status verdict = Status.PASS;
        boolean anyRequired = false;
        boolean advisoryAllPass = true;
        for (CheckOutcome outcome : outcomes) {
            if (outcome.required()) {
                anyRequired = true;
                Status status = outcome.status();
                if (status == Status.ERROR && onError == ErrorPolicy.WARN) {
                    status = Status.WARN;
                }
                verdict = Status.worst(verdict, status);
            } else {
                advisoryAllPass &= outcome.status() == Status.PASS;
            }
        }
        if (!anyRequired && !advisoryAllPass) {
            return Status.WARN;
        }
        return verdict;
    }

    public String getGate() {
        return gate;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public ErrorPolicy getOnError() {
        return onError;
    }

    public List<CheckOutcome> getChecks() {
        return checks;
    }

    public List<String> getNotes() {
        return notes;
    }

    public Status getVerdict() {
        return verdict;
    }

    /**
     * Counts the checks of each status.
     *
     * @return the count per status, every status present
     */
    public Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        checks.forEach(outcome -> counts.merge(outcome.status(), 1L, Long::sum));
        return counts;
    }

    /**
     * Returns how many checks ended in each status, by the status's name, for JSON and views.
     *
     * @return PASS, WARN, FAIL and ERROR in this order, each with its count
     */
    public Map<String, Long> countByStatusName() {
        Map<String, Long> counts = new LinkedHashMap<>();
        countByStatus().forEach((status, count) -> counts.put(status.name(), count));
        return counts;
    }

    /**
     * Returns the counts of a gate whose checks have not finished: 0 for every status.
     *
     * @return PASS, WARN, FAIL and ERROR in this order, each with 0
     */
    public static Map<String, Long> noCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            counts.put(status.name(), 0L);
        }
        return counts;
    }

    /**
     * Returns the required checks that block the release (FAIL, or ERROR when ERROR counts as FAIL).
     *
     * @return the blocking outcomes
     */
    public List<CheckOutcome> blockingChecks() {
        return checks.stream().filter(outcome -> blocks(outcome, onError)).toList();
    }

    /**
     * Returns a digest of the evidence: the gate, the verdict, and every check's id, status, summary and
     * measurements (name, value, status), but no times. An approval records the digest of the results the
     * approver saw.
     *
     * @return the SHA-256 digest, in hex
     */
    public String digest() {
        StringBuilder canonical =
                new StringBuilder(gate).append('\n').append(verdict).append('\n');
        for (CheckOutcome outcome : checks) {
            canonical
                    .append(outcome.id())
                    .append('|')
                    .append(outcome.status())
                    .append('|')
                    .append(outcome.result().getSummary());
            for (Measurement measurement : outcome.result().getMeasurements()) {
                canonical
                        .append('|')
                        .append(measurement.name())
                        .append('=')
                        .append(measurement.value())
                        .append(':')
                        .append(measurement.status());
            }
            canonical.append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException exception) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", exception);
        }
    }

    /**
     * Lists the checks that are worse evidence than in an earlier run, such as the run the approvers saw. A
     * check is worse when:
     * <ul>
     *     <li>its earlier outcome is missing;</li>
     *     <li>its status is more severe: PASS, then WARN, then FAIL and ERROR alike. For evidence, ERROR is
     *     at least as bad as FAIL: it means the check could not measure, so nothing says the failure is over
     *     (fail closed). The verdict's own order, where FAIL outranks ERROR, does not apply here;</li>
     *     <li>it blocked for one reason and now blocks for another (FAIL then ERROR, or ERROR then FAIL): the
     *     approvers, who may have overridden it, accepted a different failure;</li>
     *     <li>it blocks the release now and did not before, such as an advisory check that now counts.</li>
     * </ul>
     *
     * @param earlier the run the approvers saw
     * @return a sentence per worse check, empty if nothing got worse
     */
    public List<String> worsenedSince(final GateResult earlier) {
        Map<String, CheckOutcome> before = earlier.checks.stream()
                .collect(Collectors.toMap(CheckOutcome::id, Function.identity(), (first, second) -> first));
        List<String> worse = new ArrayList<>();
        for (CheckOutcome outcome : checks) {
            CheckOutcome previous = before.get(outcome.id());
            String summary = " (" + outcome.result().getSummary() + ")";
            if (previous == null) {
                worse.add(outcome.id() + ": not in the evidence the approvers saw, now " + outcome.status());
            } else if (evidenceSeverity(outcome.status()) > evidenceSeverity(previous.status())
                    || outcome.status().isBlocking()
                            && previous.status().isBlocking()
                            && outcome.status() != previous.status()) {
                worse.add(outcome.id() + ": " + previous.status() + " → " + outcome.status() + summary);
            } else if (blocks(outcome, onError) && !blocks(previous, earlier.onError)) {
                worse.add(outcome.id() + ": " + outcome.status() + ", did not block the release before, blocks it now"
                        + summary);
            }
        }
        return worse;
    }

    /**
     * Ranks a status as evidence for an approval: FAIL and ERROR alike at the top, since an ERROR could not
     * measure whether the failure is over.
     */
    private static int evidenceSeverity(final Status status) {
        return switch (status) {
            case PASS -> 0;
            case WARN -> 1;
            case FAIL, ERROR -> 2;
        };
    }

    private static boolean blocks(final CheckOutcome outcome, final ErrorPolicy onError) {
        return outcome.required()
                && (outcome.status() == Status.FAIL || outcome.status() == Status.ERROR && onError == ErrorPolicy.FAIL);
    }

    /**
     * Returns a copy with some outcomes replaced by a newer run of the same checks, such as the re-run of
     * the checks that need no workspace after approval.
     *
     * @param newer outcomes of a later run
     * @param finished when the later run finished
     * @return the combined result
     */
    public GateResult updatedWith(final List<CheckOutcome> newer, final Instant finished) {
        Map<String, CheckOutcome> byId = newer.stream()
                .collect(Collectors.toMap(CheckOutcome::id, Function.identity(), (first, second) -> second));
        List<CheckOutcome> merged = checks.stream()
                .map(outcome -> byId.getOrDefault(outcome.id(), outcome))
                .toList();
        return new GateResult(gate, startedAt, finished, onError, merged, notes);
    }
}
