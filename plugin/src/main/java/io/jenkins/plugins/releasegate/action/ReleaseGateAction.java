package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.DecisionRefusedException;
import io.jenkins.plugins.releasegate.approval.GateState;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.gate.DecisionRequest;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.gate.GateSession;
import io.jenkins.plugins.releasegate.integration.People;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportReader;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Status;
import jakarta.servlet.ServletException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
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
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
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

/**
 * One gate of a build: a small record kept in {@code build.xml} (verdict, counts, state, decisions),
 * the gate page with its decision form, the JSON decision endpoint, and the three evidence files
 * kept in {@code <build>/release-gate/<id>/}.
 */
@ExportedBean(defaultVisibility = 2)
public final class ReleaseGateAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(ReleaseGateAction.class.getName());
    private static final String URL_PREFIX = "release-gate-";
    private static final String EVIDENCE_DIRECTORY = "release-gate";
    private static final int LOAD_EXECUTIONS_TIMEOUT_SECONDS = 30;
    private static final String CHANNEL_WEB = "web";
    private static final String CHANNEL_API = "api";

    private final String gateId;
    private final String gateName;
    private final String source;

    @CheckForNull
    private final String release;

    private final boolean approvalRequested;
    private GatePhase phase = GatePhase.CHECKING;

    @CheckForNull
    private Status verdict;

    private int passed;
    private int warned;
    private int failed;
    private int errors;

    @CheckForNull
    private String digest;

    private long deadline;
    private int remainingApprovals;
    /** Absent from build records written before any decision; read through {@link #getApprovers()}. */
    @CheckForNull
    private List<String> approvers;

    /** Absent from build records written before any decision; read through {@link #getDecisions()}. */
    @CheckForNull
    private List<DecisionRecord> decisions;

    @CheckForNull
    private String outcome;

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
     * Returns the directory of a gate's evidence files.
     *
     * @param run the build
     * @param gateId the gate's id
     * @return {@code <build>/release-gate/<id>}
     */
    public static File evidenceDirectory(final Run<?, ?> run, final String gateId) {
        return new File(new File(run.getRootDir(), EVIDENCE_DIRECTORY), gateId);
    }

    @Override
    public void onAttached(final Run<?, ?> attachedTo) {
        this.run = attachedTo;
    }

    @Override
    public void onLoad(final Run<?, ?> loadedInto) {
        this.run = loadedInto;
    }

    /**
     * Returns the build.
     *
     * @return the build
     * @throws IllegalStateException if the action is not attached to a build yet
     */
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
        return URL_PREFIX + gateId;
    }

    /**
     * Returns the gate's id within the build.
     *
     * @return the id
     */
    @Exported
    public String getGateId() {
        return gateId;
    }

    /**
     * Returns the gate's name.
     *
     * @return the name
     */
    @Exported
    public String getGateName() {
        return gateName;
    }

    /**
     * Returns where the definition came from.
     *
     * @return the source
     */
    @Exported
    public String getSource() {
        return source;
    }

    /**
     * Returns the release being deployed.
     *
     * @return the release, or {@code null}
     */
    @CheckForNull
    @Exported
    public String getRelease() {
        return release;
    }

    /**
     * Returns whether the gate waits for approval, {@code false} in checks-only mode.
     *
     * @return whether approval was requested
     */
    @Exported
    public boolean isApprovalRequested() {
        return approvalRequested;
    }

    /**
     * Returns where the gate stands.
     *
     * @return the phase
     */
    @Exported
    public synchronized GatePhase getPhase() {
        return phase;
    }

    /**
     * Returns the verdict of the checks.
     *
     * @return the verdict, {@code null} while the checks run
     */
    @CheckForNull
    @Exported
    public synchronized Status getVerdict() {
        return verdict;
    }

    /**
     * Returns how many checks ended in each status.
     *
     * @return the counts, PASS, WARN, FAIL and ERROR
     */
    @Exported
    public synchronized Map<String, Integer> getCounts() {
        return Map.of("PASS", passed, "WARN", warned, "FAIL", failed, "ERROR", errors);
    }

    /**
     * Returns the digest of the evidence under decision; an API client sends it back with its decision.
     *
     * @return the digest, or {@code null} while the checks run
     */
    @CheckForNull
    @Exported
    public synchronized String getDigest() {
        return digest;
    }

    /**
     * Returns when the approval window closes.
     *
     * @return the deadline, {@code null} if the gate does not wait
     */
    @CheckForNull
    public synchronized Date getDeadline() {
        return deadline == 0 ? null : new Date(deadline);
    }

    /**
     * Returns when the approval window closes, for the REST API.
     *
     * @return milliseconds since the epoch, 0 if the gate does not wait
     */
    @Exported(name = "deadline")
    public synchronized long getDeadlineMillis() {
        return deadline;
    }

    /**
     * Returns how many more distinct approvals are needed.
     *
     * @return the number
     */
    @Exported
    public synchronized int getRemainingApprovals() {
        return remainingApprovals;
    }

    /**
     * Returns the ids of the people whose approvals count.
     *
     * @return the user ids
     */
    @Exported
    public synchronized List<String> getApprovers() {
        return approvers == null ? List.of() : List.copyOf(approvers);
    }

    /**
     * Returns the ids of the people whose approvals count, for a sentence.
     *
     * @return the user ids joined by commas, such as {@code alice, carol}
     */
    public String getApproverNames() {
        return String.join(", ", getApprovers());
    }

    /**
     * Returns the decision history, oldest first.
     *
     * @return the decisions, voidings, timeouts and cancellations
     */
    @Exported
    public synchronized List<DecisionRecord> getDecisions() {
        return decisions == null ? List.of() : List.copyOf(decisions);
    }

    /**
     * Returns the sentence that ended the gate.
     *
     * @return the sentence, or {@code null} while open
     */
    @CheckForNull
    @Exported
    public synchronized String getOutcome() {
        return outcome;
    }

    /**
     * Returns the phase in words, for views.
     *
     * @return the localized phase
     */
    public String getPhaseDisplayName() {
        return switch (getPhase()) {
            case CHECKING -> Messages.GatePhase_CHECKING();
            case WAITING -> Messages.GatePhase_WAITING();
            case CONFIRMING -> Messages.GatePhase_CONFIRMING();
            case APPROVED -> Messages.GatePhase_APPROVED();
            case REJECTED -> Messages.GatePhase_REJECTED();
            case TIMED_OUT -> Messages.GatePhase_TIMED_OUT();
            case EVIDENCE_WORSENED -> Messages.GatePhase_EVIDENCE_WORSENED();
            case CANCELLED -> Messages.GatePhase_CANCELLED();
            case PASSED -> Messages.GatePhase_PASSED();
            case BLOCKED -> Messages.GatePhase_BLOCKED();
            case FAILED -> Messages.GatePhase_FAILED();
        };
    }

    /**
     * Returns whether the gate waits for decisions.
     *
     * @return {@code true} if waiting
     */
    public boolean isWaiting() {
        return getPhase() == GatePhase.WAITING;
    }

    /**
     * Returns the URL of the gate page relative to the Jenkins root, without leading slash.
     *
     * @return such as {@code job/orders/42/release-gate-orders/}
     */
    public String getRelativeUrl() {
        return getRun().getUrl() + getUrlName() + "/";
    }

    /**
     * Returns the absolute URL of the gate page, or the relative one when Jenkins' URL is not configured.
     *
     * @return the URL
     */
    @Exported
    public String getReportUrl() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? "/" + getRelativeUrl() : root + getRelativeUrl();
    }

    /**
     * Returns the remote API of the gate: {@code api/json}.
     *
     * @return the API
     */
    public Api getApi() {
        return new Api(this);
    }

    // ------------------------------------------------------------------ updates from the execution

    /**
     * Connects the open gate that decides on this page.
     *
     * @param decisions the open gate
     */
    public void attach(final GateSessionHolder holder) {
        this.gate = holder;
    }

    /**
     * Records the checks' result, the approval record and the phase, keeps the report for the views,
     * and saves the build.
     *
     * @param gateReport the report as it stands
     * @param ledger the approval ledger, or {@code null} without approval
     * @param newPhase the phase
     * @param sentence the sentence that ended the gate, or {@code null} while open
     */
    public void update(
            final GateReport gateReport,
            @CheckForNull final ApprovalLedger ledger,
            final GatePhase newPhase,
            @CheckForNull final String sentence) {
        GateResult result = gateReport.getResult();
        Map<Status, Long> counts = result.countByStatus();
        synchronized (this) {
            phase = newPhase;
            verdict = result.getVerdict();
            passed = counts.get(Status.PASS).intValue();
            warned = counts.get(Status.WARN).intValue();
            failed = counts.get(Status.FAIL).intValue();
            errors = counts.get(Status.ERROR).intValue();
            if (ledger != null) {
                digest = ledger.getDigest();
                deadline = ledger.getDeadline().toEpochMilli();
                remainingApprovals = ledger.getRemainingApprovals();
                approvers = new ArrayList<>(ledger.getApprovers());
                decisions = new ArrayList<>(
                        ledger.getEntries().stream().map(DecisionRecord::new).toList());
            } else {
                digest = result.digest();
            }
            outcome = sentence;
        }
        report = gateReport;
        save();
    }

    /**
     * Marks the gate as settled in the given phase, keeping everything else.
     *
     * @param newPhase the phase
     * @param sentence the sentence that ended the gate
     */
    public void settle(final GatePhase newPhase, final String sentence) {
        synchronized (this) {
            phase = newPhase;
            outcome = sentence;
        }
        save();
    }

    private void save() {
        Run<?, ?> owner = getRun();
        try {
            owner.save();
        } catch (IOException exception) {
            LOGGER.log(Level.WARNING, "Cannot save " + owner + " after updating release gate " + gateId, exception);
        }
    }

    // ------------------------------------------------------------------ views

    /**
     * Returns the report for the gate page: the open gate's, or the one archived in {@code report.json}.
     *
     * @return the report, {@code null} while the checks run or if it cannot be read
     */
    @CheckForNull
    public GateReport getReport() {
        GateSession open = findGate();
        if (open != null) {
            Optional<GateReport> current = open.report();
            if (current.isPresent()) {
                return current.get();
            }
        }
        GateReport cached = report;
        if (cached == null) {
            cached = readReport();
            report = cached;
        }
        return cached;
    }

    @CheckForNull
    private GateReport readReport() {
        File file = new File(evidenceDirectory(getRun(), gateId), ReportFiles.JSON);
        try (Reader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            return new JsonReportReader().read(reader);
        } catch (NoSuchFileException exception) {
            return null;
        } catch (IOException | IllegalArgumentException exception) {
            LOGGER.log(
                    Level.WARNING, "Cannot read the report of release gate " + gateId + " of " + getRun(), exception);
            return null;
        }
    }

    /**
     * Returns the evidence files for the gate page's links.
     *
     * @return the file names that exist
     */
    public List<String> getEvidenceFiles() {
        File directory = evidenceDirectory(getRun(), gateId);
        List<String> files = new ArrayList<>();
        for (String name : List.of(ReportFiles.HTML, ReportFiles.JSON, ReportFiles.JUNIT)) {
            if (new File(directory, name).isFile()) {
                files.add(name);
            }
        }
        return files;
    }

    /**
     * Says why the current user may not approve, for the gate page.
     *
     * @return the sentence, {@code null} if they may approve
     */
    @CheckForNull
    public String getApprovalRefusal() {
        return refusal(true);
    }

    /**
     * Says why the current user may not reject, for the gate page.
     *
     * @return the sentence, {@code null} if they may reject
     */
    @CheckForNull
    public String getRejectionRefusal() {
        return refusal(false);
    }

    @CheckForNull
    private String refusal(final boolean approval) {
        GateSession open = findGate();
        if (open == null) {
            return Messages.ReleaseGateAction_notOpen(gateName);
        }
        Optional<Person> person = People.current(getRun());
        if (person.isEmpty()) {
            return Messages.ReleaseGateAction_anonymous();
        }
        return (approval ? open.whyMayNotApprove(person.get(), locale()) : open.whyMayNotReject(person.get(), locale()))
                .orElse(null);
    }

    // ------------------------------------------------------------------ decisions

    /**
     * Approves from the gate page's form ({@code comment}, {@code digest}); a refusal answers 403 with
     * the ledger's sentence.
     *
     * @param request the form submission
     * @return a redirect to the gate page, or the refusal
     */
    @RequirePOST
    public HttpResponse doApprove(final StaplerRequest2 request) {
        return decideFromForm(true, request);
    }

    /**
     * Rejects from the gate page's form ({@code comment}); a refusal answers 403 with the ledger's
     * sentence. Rejection is its own action: a missing field never means reject.
     *
     * @param request the form submission
     * @return a redirect to the gate page, or the refusal
     */
    @RequirePOST
    public HttpResponse doReject(final StaplerRequest2 request) {
        return decideFromForm(false, request);
    }

    private HttpResponse decideFromForm(final boolean approval, final StaplerRequest2 request) {
        getRun().checkPermission(Item.READ);
        Decision decision;
        try {
            decision = decide(
                    DecisionRequest.ofForm(
                            approval, request.getParameter("comment"), request.getParameter("digest"), locale()),
                    CHANNEL_WEB);
        } catch (DecisionRequest.InvalidDecisionException exception) {
            decision = Decision.refused(400, exception.getMessage());
        }
        if (decision.state() == null) {
            return new RefusalResponse(this, decision.status(), decision.message());
        }
        return HttpResponses.redirectToDot();
    }

    /**
     * Decides through the REST API: a JSON body {@code {"decision": "approve"|"reject", "comment": "...",
     * "digest": "..."}}, authenticated with an API token (no crumb needed). Answers 200 with the gate's
     * state, or 4xx with {@code {"status": "error", "message": "..."}}; never a redirect.
     *
     * @param request the request
     * @return the JSON answer
     */
    @RequirePOST
    public HttpResponse doDecide(final StaplerRequest2 request) {
        getRun().checkPermission(Item.READ);
        Decision decision;
        try {
            decision = decide(DecisionRequest.ofJson(readBody(request), locale()), CHANNEL_API);
        } catch (IOException | DecisionRequest.InvalidDecisionException exception) {
            decision = Decision.refused(400, exception.getMessage());
        }
        GateState state = decision.state();
        if (state == null) {
            return JsonResponse.error(decision.status(), decision.message());
        }
        JSONObject answer = new JSONObject();
        answer.put("status", "ok");
        answer.put("state", state.name());
        answer.put("phase", getPhase().name());
        answer.put("remainingApprovals", getRemainingApprovals());
        answer.put("approvers", getApprovers());
        answer.put("message", decision.message());
        return JsonResponse.ok(answer);
    }

    private Decision decide(final DecisionRequest request, final String channel) {
        Optional<Person> person = People.current(getRun());
        if (person.isEmpty()) {
            return Decision.refused(403, Messages.ReleaseGateAction_anonymous());
        }
        GateSession open = findGate();
        if (open == null) {
            return Decision.refused(403, Messages.ReleaseGateAction_notOpen(gateName));
        }
        try {
            GateState state = request.approval()
                    ? open.approve(person.get(), request.comment(), request.digest(), channel)
                    : open.reject(person.get(), request.comment(), channel);
            String message = request.approval()
                    ? Messages.ReleaseGateAction_approved(person.get().toString(), state.name())
                    : Messages.ReleaseGateAction_rejected(person.get().toString());
            return new Decision(200, message, state);
        } catch (DecisionRefusedException exception) {
            return Decision.refused(403, exception.getLocalizedMessage(locale()));
        }
    }

    /** A decision's answer: the recorded state with status 200, or a refusal's status and sentence without state. */
    private record Decision(
            int status, String message, @CheckForNull GateState state) {
        static Decision refused(final int status, final String message) {
            return new Decision(status, message, null);
        }
    }

    private static String readBody(final StaplerRequest2 request) throws IOException {
        byte[] content;
        try (InputStream input = request.getInputStream()) {
            content = input.readNBytes(DecisionRequest.MAX_BODY_LENGTH + 1);
        }
        if (content.length > DecisionRequest.MAX_BODY_LENGTH) {
            throw new IOException(Messages.ReleaseGateAction_bodyTooLarge(DecisionRequest.MAX_BODY_LENGTH));
        }
        String encoding = request.getCharacterEncoding();
        try {
            return new String(content, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
        } catch (IllegalArgumentException exception) {
            throw new IOException(Messages.ReleaseGateAction_unknownEncoding(encoding), exception);
        }
    }

    private static Locale locale() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        return request == null ? Locale.ENGLISH : request.getLocale();
    }

    // ------------------------------------------------------------------ evidence files

    /**
     * Serves the evidence files {@code report.json}, {@code report.html} and {@code junit.xml} with
     * their content types; the HTML report is served under a sandboxing Content-Security-Policy.
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
        name = name.startsWith("/") ? name.substring(1) : name;
        Optional<String> contentType = ReportFiles.contentType(name);
        File file = new File(evidenceDirectory(getRun(), gateId), name);
        if (contentType.isEmpty() || !file.isFile()) {
            response.sendError(404, Messages.ReleaseGateAction_noSuchFile(name));
            return;
        }
        response.setContentType(contentType.get());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (ReportFiles.HTML.equals(name)) {
            response.setHeader("Content-Security-Policy", ReportFiles.HTML_CONTENT_SECURITY_POLICY);
        }
        byte[] content = Files.readAllBytes(file.toPath());
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

    /**
     * Finds the running step of this gate after a restart, as the Pipeline engine loads it.
     *
     * @return the step, or {@code null} if it cannot be found
     */
    @CheckForNull
    private GateSessionHolder loadGate() {
        if (!(getRun() instanceof FlowExecutionOwner.Executable executable)) {
            return null;
        }
        try {
            FlowExecutionOwner owner = executable.asFlowExecutionOwner();
            if (owner == null) {
                return null;
            }
            FlowExecution execution = owner.get();
            List<StepExecution> current =
                    execution.getCurrentExecutions(true).get(LOAD_EXECUTIONS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (StepExecution step : current) {
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

    /**
     * Returns every gate of a build, in the order they started.
     *
     * @param run the build
     * @return the gates
     */
    public static List<ReleaseGateAction> of(final Run<?, ?> run) {
        return Collections.unmodifiableList(run.getActions(ReleaseGateAction.class));
    }
}
