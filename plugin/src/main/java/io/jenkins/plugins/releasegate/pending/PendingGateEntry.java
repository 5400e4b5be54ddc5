package io.jenkins.plugins.releasegate.pending;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.PendingGateRow;
import io.jenkins.plugins.releasegate.gate.PendingGateView;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One gate of the pending gates' page and of its remote API, as the current user sees it: the gate's view from the
 * index, and what that user may decide on it (from core's {@link PendingGateRow}).
 */
@ExportedBean(defaultVisibility = 2)
public final class PendingGateEntry {
    private final PendingGateRow row;
    private final ReleaseGateAction action;
    private final Locale locale;

    PendingGateEntry(final PendingGateRow row, final ReleaseGateAction action, final Locale locale) {
        this.row = row;
        this.action = action;
        this.locale = locale;
    }

    /** Returns the row as core judged it, for the page. */
    public PendingGateRow getRow() {
        return row;
    }

    private PendingGateView view() {
        return row.getGate();
    }

    /** Returns the job's full name, such as {@code team/orders}. */
    @Exported
    public String getJob() {
        return view().getPlace().jobFullName();
    }

    /** Returns the job's name as people read it. */
    @Exported
    public String getJobDisplayName() {
        return view().getPlace().jobDisplayName();
    }

    /** Returns the build's number. */
    @Exported
    public int getBuild() {
        return view().getPlace().buildNumber();
    }

    /** Returns the build's URL relative to the Jenkins root. */
    public String getBuildUrl() {
        return view().getPlace().buildUrl();
    }

    /** Returns the gate's id in its build. */
    @Exported
    public String getGateId() {
        return view().getGateId();
    }

    /** Returns the gate's name. */
    @Exported
    public String getGateName() {
        return view().getGateName();
    }

    /** Returns the ops profile the gate runs under, {@code null} if none applied. */
    @CheckForNull
    @Exported
    public String getProfile() {
        return view().getProfile().orElse(null);
    }

    /** Returns the release being deployed, {@code null} if not named. */
    @CheckForNull
    @Exported
    public String getRelease() {
        return view().getRelease().orElse(null);
    }

    /** Returns the gate's phase. */
    @Exported
    public GatePhase getPhase() {
        return view().getPhase();
    }

    /** Returns the phase in the reader's language, for the page. */
    public String getPhaseDisplayName() {
        return view().getPhase().displayName(locale);
    }

    /** Returns the verdict of the evidence under decision, {@code null} while the checks first run. */
    @CheckForNull
    @Exported
    public String getVerdict() {
        return view().getVerdict().map(Enum::name).orElse(null);
    }

    /** Returns the required checks that block the release: {@code id}, {@code status}, {@code summary}. */
    @Exported
    public List<Map<String, Object>> getBlockingChecks() {
        return checks(view().getBlockingChecks());
    }

    /** Returns the required checks that warned or otherwise did not pass without blocking. */
    @Exported
    public List<Map<String, Object>> getWarningChecks() {
        return checks(view().getWarningChecks());
    }

    private static List<Map<String, Object>> checks(final List<PendingGateView.CheckSummary> summaries) {
        return summaries.stream()
                .map(check -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", check.id());
                    json.put("status", check.status().name());
                    json.put("summary", check.summary());
                    return json;
                })
                .toList();
    }

    /** Returns when the gate started waiting; milliseconds since the epoch in the API. */
    @CheckForNull
    @Exported
    public Date getWaitingSince() {
        return view().getWaitingSince().map(Date::from).orElse(null);
    }

    /** Returns when the approval window closes; milliseconds since the epoch in the API. */
    @CheckForNull
    @Exported
    public Date getDeadline() {
        return view().getDeadline().map(Date::from).orElse(null);
    }

    /** Returns when the gate settled, {@code null} while it is open; milliseconds since the epoch in the API. */
    @CheckForNull
    @Exported
    public Date getSettledAt() {
        return view().isOpen() ? null : Date.from(view().getUpdatedAt());
    }

    /** Returns the ids of the people whose approvals count so far. */
    @Exported
    public List<String> getApprovers() {
        return view().getApprovers();
    }

    /** Returns the ids of the people whose approvals count, joined by commas, or a dash for none; for the page. */
    public String getApproverNames() {
        return view().getApprovers().isEmpty() ? "—" : String.join(", ", view().getApprovers());
    }

    /** Returns how many more distinct approvals are needed. */
    @Exported
    public int getRemainingApprovals() {
        return view().getRemainingApprovals();
    }

    /** Returns whether an approval must confirm a required checklist item, on the gate page only. */
    @Exported
    public boolean isChecklistRequired() {
        return view().hasRequiredChecklist();
    }

    /** Returns the digest of the evidence under decision, to send back with an approval. */
    @CheckForNull
    @Exported
    public String getDigest() {
        return view().getDigest().orElse(null);
    }

    /** Returns the sentence that ended the gate, {@code null} while it is open. */
    @CheckForNull
    @Exported
    public String getOutcome() {
        return view().getOutcome().orElse(null);
    }

    /** Returns whether the current user may approve now (on the gate page when a checklist item is required). */
    @Exported
    public boolean isMayApprove() {
        return row.isMayApprove();
    }

    /** Returns whether the current user may reject now. */
    @Exported
    public boolean isMayReject() {
        return row.isMayReject();
    }

    /** Returns why the current user may not approve, {@code null} if they may. */
    @CheckForNull
    @Exported
    public String getApprovalRefusal() {
        return row.getApprovalRefusal().orElse(null);
    }

    /** Returns the gate page's URL relative to the Jenkins root, such as {@code job/orders/42/release-gate-x/}. */
    public String getGateUrl() {
        return action.getRelativeUrl();
    }

    /** Returns the absolute URL of the gate page (relative to the root when Jenkins' URL is not configured). */
    @Exported
    public String getReportUrl() {
        return action.getReportUrl();
    }

    /** Returns the absolute URL of the JSON decision endpoint, {@code null} once the gate settled. */
    @CheckForNull
    @Exported
    public String getDecisionUrl() {
        if (!view().isOpen()) {
            return null;
        }
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "/" : root) + action.getRelativeUrl() + "decide";
    }
}
