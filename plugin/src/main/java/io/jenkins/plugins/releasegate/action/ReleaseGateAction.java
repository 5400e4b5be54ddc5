package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.DecisionAnswer;
import io.jenkins.plugins.releasegate.gate.DecisionRequest;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.gate.PendingGateRow;
import io.jenkins.plugins.releasegate.gate.PendingGateView;
import io.jenkins.plugins.releasegate.integration.People;
import io.jenkins.plugins.releasegate.notify.DeliveryOutcome;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Status;
import jakarta.servlet.ServletException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.json.JsonHttpResponse;

/**
 * One gate of a build: the gate page with its decision form, the JSON decision endpoint, the remote API and
 * the three evidence files kept in {@code <build>/release-gate/<id>/}. {@code build.xml} keeps what the gate
 * is and its phase; everything measured and decided is read from the open gate's session, or from the
 * archived {@code report.json} once the gate ended, so it is kept in one place.
 */
@ExportedBean(defaultVisibility = 2)
public final class ReleaseGateAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(ReleaseGateAction.class.getName());
    private static final int LOAD_EXECUTIONS_TIMEOUT_SECONDS = 30;

    /** The URL of the pending gates' list, relative to the Jenkins root. */
    public static final String PENDING_GATES_URL = "release-gates";

    /** The value of the form field {@code from} with which the list asks to be shown again after a decision. */
    private static final String FROM_LIST = "list";

    private final String gateId;
    private final String gateName;
    private final String source;

    @CheckForNull
    private final String release;

    private final boolean approvalRequested;

    /** Whether no ops profile applied, so that the repository's approval policy was read without loosening. */
    private boolean withoutProfile;

    private GatePhase phase = GatePhase.CHECKING;

    @CheckForNull
    private String outcome;

    /** The latest outcomes of the gate's notifications, newest last; {@code null} in records written before them. */
    @CheckForNull
    private List<NotificationRecord> notifications;

    @CheckForNull
    private transient Run<?, ?> run;

    @CheckForNull
    private transient volatile GateSessionHolder gate;

    @CheckForNull
    private transient volatile GateReport report;

    /**
     * Creates the record of a gate that starts its checks.
     *
     * @param gateId the gate's id, unique within the build
     * @param gateName the gate's name
     * @param source where the definition came from
     * @param release the release being deployed, or {@code null}
     * @param approvalRequested whether the gate waits for approval
     */
    public ReleaseGateAction(
            final String gateId,
            final String gateName,
            final String source,
            @CheckForNull final String release,
            final boolean approvalRequested) {
        this.gateId = gateId;
        this.gateName = gateName;
        this.source = source;
        this.release = release;
        this.approvalRequested = approvalRequested;
    }

    /**
     * Records whether no ops profile applied to the gate, so that its page says ops have not configured a policy.
     *
     * @param noProfile {@code true} if no ops profile applied
     * @return this record
     */
    public ReleaseGateAction withoutProfile(final boolean noProfile) {
        this.withoutProfile = noProfile;
        return this;
    }

    /** Returns every gate of a build, in the order they started. */
    public static List<ReleaseGateAction> of(final Run<?, ?> run) {
        return List.copyOf(run.getActions(ReleaseGateAction.class));
    }

    @Override
    public void onAttached(final Run<?, ?> attachedTo) {
        this.run = attachedTo;
    }

    @Override
    public void onLoad(final Run<?, ?> loadedInto) {
        this.run = loadedInto;
    }

    /** Returns the build; throws {@link IllegalStateException} before the action is attached to one. */
    public Run<?, ?> getRun() {
        Run<?, ?> owner = run;
        if (owner == null) {
            throw new IllegalStateException("release gate " + gateId + " is not attached to a build");
        }
        return owner;
    }

    @Override
    public String getIconFileName() {
        return "symbol-shield-warning";
    }

    @Override
    public String getDisplayName() {
        return Messages.ReleaseGateAction_displayName(gateName);
    }

    @Override
    public String getUrlName() {
        return "release-gate-" + gateId;
    }

    // ------------------------------------------------------------------ what build.xml keeps

    /** Returns the gate's id, unique within the build. */
    @Exported
    public String getGateId() {
        return gateId;
    }

    /** Returns the gate's name. */
    @Exported
    public String getGateName() {
        return gateName;
    }

    /** Returns where the definition came from, such as {@code release-gate.yaml}. */
    @Exported
    public String getSource() {
        return source;
    }

    /** Returns the release being deployed, or {@code null}. */
    @CheckForNull
    @Exported
    public String getRelease() {
        return release;
    }

    /**
     * Returns whether no ops profile applied to the gate: the repository's definition ran alone, and its approval
     * settings that would loosen the default policy were not applied.
     */
    @Exported
    public boolean isWithoutProfile() {
        return withoutProfile;
    }

    /** Returns whether the gate waits for approval, {@code false} in checks-only mode. */
    @Exported
    public boolean isApprovalRequested() {
        return approvalRequested;
    }

    /** Returns where the gate stands. */
    @Exported
    public synchronized GatePhase getPhase() {
        return phase;
    }

    /** Returns the sentence that ended the gate, or {@code null} while it is open. */
    @CheckForNull
    @Exported
    public synchronized String getOutcome() {
        return outcome;
    }

    /**
     * Records the gate's phase, the sentence that ended it and the report as it stands, and saves the build.
     *
     * @param newPhase the phase
     * @param sentence the sentence that ended the gate, or {@code null} while open
     * @param current the report, or {@code null} if the checks never ran
     */
    public void record(
            final GatePhase newPhase, @CheckForNull final String sentence, @CheckForNull final GateReport current) {
        synchronized (this) {
            phase = newPhase;
            outcome = sentence;
        }
        if (current != null) {
            report = current;
        }
        Run<?, ?> owner = getRun();
        try {
            owner.save();
        } catch (IOException exception) {
            LOGGER.log(Level.WARNING, "Cannot save " + owner + " after updating release gate " + gateId, exception);
        }
    }

    /** The most notification outcomes kept with the gate. */
    public static final int MAX_NOTIFICATIONS = 20;

    /**
     * Records how a notification of the gate went, keeping the latest {@value #MAX_NOTIFICATIONS}, and saves the
     * build.
     *
     * @param delivery the outcome, which holds no secret
     */
    public void recordNotification(final DeliveryOutcome delivery) {
        synchronized (this) {
            List<NotificationRecord> kept = notifications == null ? new ArrayList<>() : new ArrayList<>(notifications);
            kept.add(new NotificationRecord(delivery));
            while (kept.size() > MAX_NOTIFICATIONS) {
                kept.remove(0);
            }
            notifications = kept;
        }
        Run<?, ?> owner = getRun();
        try {
            owner.save();
        } catch (IOException exception) {
            LOGGER.log(
                    Level.WARNING,
                    "Cannot save " + owner + " after a notification of release gate " + gateId,
                    exception);
        }
    }

    /** Returns the latest outcomes of the gate's notifications, oldest first, for the gate page and the remote API. */
    @Exported
    public synchronized List<NotificationRecord> getNotifications() {
        return notifications == null ? List.of() : List.copyOf(notifications);
    }

    // ------------------------------------------------------------------ what the report says

    /** Returns the open gate's report, or the one archived in {@code report.json}; {@code null} before the checks ran. */
    @CheckForNull
    public GateReport getReport() {
        GateSession open = findGate();
        Optional<GateReport> current = open == null ? Optional.empty() : open.report();
        if (current.isPresent()) {
            return current.get();
        }
        GateReport cached = report;
        if (cached == null) {
            try {
                cached = ReportFiles.read(getEvidenceDirectory()).orElse(null);
            } catch (IOException exception) {
                LOGGER.log(
                        Level.WARNING,
                        "Cannot read the report of release gate " + gateId + " of " + getRun(),
                        exception);
            }
            report = cached;
        }
        return cached;
    }

    private Optional<GateReport> report() {
        return Optional.ofNullable(getReport());
    }

    /** Returns the verdict of the checks, {@code null} while they run. */
    @CheckForNull
    @Exported
    public Status getVerdict() {
        return report().map(current -> current.getResult().getVerdict()).orElse(null);
    }

    /** Returns how many checks ended in each status, all 0 while they run. */
    @Exported
    public Map<String, Long> getCounts() {
        return report().map(current -> current.getResult().countByStatusName()).orElseGet(GateResult::noCounts);
    }

    /** Returns the digest of the evidence in the report; while the gate waits, an API client sends it back with its decision. */
    @CheckForNull
    @Exported
    public String getDigest() {
        return report().map(current -> current.getResult().digest()).orElse(null);
    }

    /** Returns when the approval window closes, {@code null} if the gate does not wait; milliseconds in the API. */
    @CheckForNull
    @Exported
    public Date getDeadline() {
        return report().flatMap(GateReport::getApprovalDeadline).map(Date::from).orElse(null);
    }

    /** Returns how many more distinct approvals the policy asks for. */
    @Exported
    public int getRemainingApprovals() {
        return report().map(GateReport::getRemainingApprovals).orElse(0);
    }

    /** Returns the ids of the people whose approvals count. */
    @Exported
    public List<String> getApprovers() {
        return report().map(GateReport::getApprovers).orElse(List.of());
    }

    /** Returns the decision history, oldest first, with the approvers' groups kept for audits. */
    public List<LedgerEntry> getDecisions() {
        return report().map(GateReport::getDecisions).orElse(List.of());
    }

    /** Returns the decision history for the remote API, without the approvers' groups. */
    @Exported(name = "decisions")
    public List<Map<String, Object>> getPublicDecisions() {
        return getDecisions().stream().map(LedgerEntry::toPublicMap).toList();
    }

    // ------------------------------------------------------------------ views

    /** Returns the phase in the reader's language, for views. */
    public String getPhaseDisplayName() {
        return getPhase().displayName(locale());
    }

    /** Returns what an entry of the history records in the reader's language, for views. */
    public String kindDisplayName(final LedgerEntry entry) {
        return entry.kind().displayName(locale());
    }

    /** Returns the approvers' ids joined by commas, such as {@code alice, carol}, for views. */
    public String getApproverNames() {
        return String.join(", ", getApprovers());
    }

    /** Returns whether the gate waits for decisions. */
    public boolean isWaiting() {
        return getPhase() == GatePhase.WAITING;
    }

    /** Returns the URL of the gate page relative to the Jenkins root, such as {@code job/orders/42/release-gate-orders/}. */
    public String getRelativeUrl() {
        return getRun().getUrl() + getUrlName() + "/";
    }

    /** Returns the absolute URL of the gate page, or the relative one when Jenkins' URL is not configured. */
    @Exported
    public String getReportUrl() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? "/" + getRelativeUrl() : root + getRelativeUrl();
    }

    /** Returns the remote API of the gate: {@code api/json}. */
    public Api getApi() {
        return new Api(this);
    }

    /** Returns the directory of the gate's evidence files, {@code <build>/release-gate/<id>}. */
    public Path getEvidenceDirectory() {
        return new File(getRun().getRootDir(), "release-gate").toPath().resolve(gateId);
    }

    /** Returns the names of the evidence files the gate archived, for links. */
    public List<String> getEvidenceFiles() {
        return ReportFiles.existing(getEvidenceDirectory());
    }

    /** Returns the checklist items an approval confirms, for the decision form. */
    public List<ChecklistItem> getChecklist() {
        GateSession open = findGate();
        return open == null ? List.of() : open.getChecklist();
    }

    /**
     * Returns the people the gate's policy bars from approving, each with how they took part in the build, in the
     * language of the request; for the gate page.
     *
     * @return one line per person and way, empty if nobody is barred or the report is not available
     */
    public List<String> getExclusions() {
        GateReport report = getReport();
        return report == null ? List.of() : report.getExclusionLines(locale());
    }

    /** Returns why the current user may not approve, {@code null} if they may. */
    @CheckForNull
    public String getApprovalRefusal() {
        return refusal(true);
    }

    /** Returns why the current user may not reject, {@code null} if they may. */
    @CheckForNull
    public String getRejectionRefusal() {
        return refusal(false);
    }

    @CheckForNull
    private String refusal(final boolean approval) {
        GateSession open = findGate();
        return open == null
                ? DecisionAnswer.notOpen(gateName, locale()).message()
                : open.whyMayNot(approval, People.current(getRun()), locale()).orElse(null);
    }

    /**
     * Says what the current user may decide on this gate from the pending gates' list, by the same ledger rules as
     * on this page.
     *
     * @param view the gate's view in the list
     * @return the row
     */
    public PendingGateRow pendingRow(final PendingGateView view) {
        return PendingGateRow.of(view, findGate(), People.current(getRun()), locale());
    }

    // ------------------------------------------------------------------ decisions

    /**
     * Approves from the gate page's form, or from a row of the pending gates' list ({@code comment},
     * {@code digest}; {@code from=list} returns to the list).
     *
     * @param request the form submission
     * @return a redirect to the gate page (or to the list), or a page with the refusal's sentence and status: 400 for a
     *     comment that is too long, 403 for a refused decision
     */
    @RequirePOST
    public HttpResponse doApprove(final StaplerRequest2 request) {
        return decideFromForm(true, request);
    }

    /**
     * Rejects from the gate page's form ({@code comment}). Rejection is its own action: a missing field
     * never means reject.
     *
     * @param request the form submission
     * @return a redirect to the gate page, or the refusal's page with its status
     */
    @RequirePOST
    public HttpResponse doReject(final StaplerRequest2 request) {
        return decideFromForm(false, request);
    }

    private HttpResponse decideFromForm(final boolean approval, final StaplerRequest2 request) {
        getRun().checkPermission(Item.READ);
        DecisionAnswer answer = decide(
                () -> DecisionRequest.ofForm(
                        approval,
                        request.getParameter("comment"),
                        request.getParameter("digest"),
                        request.getParameterValues("confirm"),
                        locale()),
                "web");
        if (answer.taken()) {
            return FROM_LIST.equals(request.getParameter("from"))
                    ? HttpResponses.redirectViaContextPath("/" + PENDING_GATES_URL + "/")
                    : HttpResponses.redirectToDot();
        }
        return new HttpResponse() {
            @Override
            public void generateResponse(final StaplerRequest2 req, final StaplerResponse2 rsp, final Object node)
                    throws IOException, ServletException {
                rsp.setStatus(answer.status());
                req.setAttribute("refusal", answer.message());
                req.getView(ReleaseGateAction.this, "refused.jelly").forward(req, rsp);
            }
        };
    }

    /**
     * Decides through the REST API: a JSON body {@code {"decision": "approve"|"reject", "comment": "...",
     * "digest": "..."}}, authenticated with an API token (no crumb needed). Answers 200 with the gate's
     * state, or 4xx with {@code {"status": "error", "message": "..."}}; never a redirect.
     *
     * @param request the request
     * @return the JSON answer
     * @throws IOException if the body cannot be read
     */
    @RequirePOST
    public HttpResponse doDecide(final StaplerRequest2 request) throws IOException {
        getRun().checkPermission(Item.READ);
        InputStream body = request.getInputStream();
        DecisionAnswer answer =
                decide(() -> DecisionRequest.ofJson(body, request.getCharacterEncoding(), locale()), "api");
        return new JsonHttpResponse(JSONObject.fromObject(answer.toJson()), answer.status());
    }

    private DecisionAnswer decide(final Reading reading, final String channel) {
        GateSession open = findGate();
        try {
            DecisionRequest request = reading.read();
            return open == null
                    ? DecisionAnswer.notOpen(gateName, locale())
                    : open.decide(People.current(getRun()), request, channel, locale());
        } catch (DecisionRequest.InvalidDecisionException exception) {
            return DecisionAnswer.invalid(exception.getMessage());
        }
    }

    /** Reads a decision from a request. */
    @FunctionalInterface
    private interface Reading {
        DecisionRequest read() throws DecisionRequest.InvalidDecisionException;
    }

    private static Locale locale() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        return request == null ? Locale.ENGLISH : request.getLocale();
    }

    // ------------------------------------------------------------------ evidence files

    /**
     * Serves the evidence files {@code report.json}, {@code report.html} and {@code junit.xml} with their
     * content types; the HTML report is served under a sandboxing Content-Security-Policy.
     *
     * @param request the request
     * @param response the response
     * @throws IOException if the file cannot be read
     * @throws ServletException if the response fails
     */
    public void doDynamic(final StaplerRequest2 request, final StaplerResponse2 response)
            throws IOException, ServletException {
        getRun().checkPermission(Item.READ);
        String name = request.getRestOfPath();
        Optional<ReportFiles.Served> file = ReportFiles.find(getEvidenceDirectory(), name);
        if (file.isEmpty()) {
            response.sendError(404, Messages.ReleaseGateAction_noSuchFile(name.replaceFirst("^/", "")));
            return;
        }
        response.setContentType(file.get().contentType());
        file.get().headers().forEach(response::setHeader);
        byte[] content = Files.readAllBytes(file.get().file());
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    // ------------------------------------------------------------------ finding the open gate

    @CheckForNull
    private GateSession findGate() {
        if (getPhase().isSettled()) {
            return null;
        }
        GateSessionHolder open = gate;
        if (open == null) {
            open = loadGate();
            gate = open;
        }
        return open == null ? null : open.getSession();
    }

    /** Connects the running step that holds the gate's session. */
    public void attach(final GateSessionHolder holder) {
        this.gate = holder;
    }

    /** Finds the running step of this gate after a restart, as the Pipeline engine loads it. */
    @CheckForNull
    private GateSessionHolder loadGate() {
        try {
            FlowExecutionOwner owner = getRun() instanceof FlowExecutionOwner.Executable executable
                    ? executable.asFlowExecutionOwner()
                    : null;
            if (owner == null) {
                return null;
            }
            for (StepExecution step :
                    owner.get().getCurrentExecutions(true).get(LOAD_EXECUTIONS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (step instanceof GateSessionHolder holder && gateId.equals(holder.getGateId())) {
                    return holder;
                }
            }
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        } catch (Exception exception) {
            LOGGER.log(Level.WARNING, "Cannot find the open release gate " + gateId + " of " + getRun(), exception);
        }
        return null;
    }
}
