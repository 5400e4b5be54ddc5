package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.GateState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a host answers to a decision request: the decision was taken, with the gate's state after it, or it
 * was refused, with the sentence saying why. A host that speaks HTTP answers with {@link #status()} and, for
 * a JSON client, the body {@link #toJson()}.
 *
 * @param status the HTTP status: 200 taken, 400 an unreadable request, 403 a refused decision
 * @param message the sentence for the person, in their language
 * @param state the approval state after the decision, {@code null} if refused
 * @param phase the gate's phase after the decision, {@code null} if refused
 * @param remainingApprovals how many more distinct approvals are needed, 0 if refused
 * @param approvers the people whose approvals count, empty if refused
 */
public record DecisionAnswer(
        int status,
        String message,
        @CheckForNull GateState state,
        @CheckForNull GatePhase phase,
        int remainingApprovals,
        List<String> approvers) {
    /** The status of a decision taken. */
    public static final int TAKEN = 200;
    /** The status of a request that cannot be read. */
    public static final int INVALID = 400;
    /** The status of a refused decision. */
    public static final int REFUSED = 403;

    /**
     * Creates an answer.
     */
    public DecisionAnswer {
        Objects.requireNonNull(message);
        approvers = List.copyOf(approvers);
    }

    /**
     * Answers a request that cannot be read.
     *
     * @param message what to send instead
     * @return the answer
     */
    public static DecisionAnswer invalid(final String message) {
        return new DecisionAnswer(INVALID, message, null, null, 0, List.of());
    }

    /**
     * Answers a refused decision.
     *
     * @param message why
     * @return the answer
     */
    public static DecisionAnswer refused(final String message) {
        return new DecisionAnswer(REFUSED, message, null, null, 0, List.of());
    }

    /**
     * Answers a decision by someone who is not logged in: decisions are recorded by name.
     *
     * @param locale the reader's language
     * @return the refusal
     */
    public static DecisionAnswer anonymous(final Locale locale) {
        return refused(GateSession.text(locale, "anonymous"));
    }

    /**
     * Answers a decision on a gate that is not open in this host, such as one that ended.
     *
     * @param gateName the gate's name
     * @param locale the reader's language
     * @return the refusal
     */
    public static DecisionAnswer notOpen(final String gateName, final Locale locale) {
        return refused(GateSession.text(locale, "notOpen", gateName));
    }

    /**
     * Returns whether the decision was taken.
     *
     * @return {@code true} if taken
     */
    public boolean taken() {
        return state != null;
    }

    /**
     * Returns the answer as a JSON object: {@code {"status": "ok", "state", "phase", "remainingApprovals",
     * "approvers", "message"}}, or {@code {"status": "error", "message"}} for a refusal.
     *
     * @return the fields, in this order
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        GateState taken = state;
        GatePhase after = phase;
        if (taken == null || after == null) {
            json.put("status", "error");
        } else {
            json.put("status", "ok");
            json.put("state", taken.name());
            json.put("phase", after.name());
            json.put("remainingApprovals", remainingApprovals);
            json.put("approvers", approvers);
        }
        json.put("message", message);
        return json;
    }
}
