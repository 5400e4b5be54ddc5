package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import jenkins.model.JenkinsLocationConfiguration;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What the step returns, overriding a failing gate, and the end of the approval window.
 */
@WithJenkins
class ReleaseGateDecisionsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String GATE_ID = "orders-release";
    private static final String OVERRIDABLE = "  approvers: [ops, bob]\n  onFail: override\n";

    /** Prints every key of the returned map, each value and its type. */
    private static final String PRINT_RESULT = "  echo \"keys=${gate.keySet().toSorted()} size=${gate.size()}\"\n"
            + "  echo \"verdict=${gate.verdict} isString=${gate.verdict instanceof String}\"\n"
            + "  echo \"approved=${gate.approved} isBoolean=${gate.approved instanceof Boolean}\"\n"
            + "  echo \"approvers=${gate.approvers} isList=${gate.approvers instanceof List}\"\n"
            + "  echo \"reportUrl=${gate.reportUrl} isString=${gate.reportUrl instanceof String}\"\n";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @Test
    void shouldReturnEveryKeyWithItsExactValueWhenTheGateWaitedAndWasApproved(final JenkinsRule r) throws Exception {
        // Given a configured Jenkins URL and a gate needing two approvals, started by mallory
        JenkinsLocationConfiguration.get().setUrl(r.getURL().toString());
        Gates.secure(r);
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n  minApprovals: 2\n"),
                "  def gate = releaseGate config: 'release-gate.yaml', release: '2.8.0'\n" + PRINT_RESULT);
        WorkflowRun run = Gates.startAndWait(r, job, "mallory");

        // When carol approves first and alice second
        assertThat(Gates.decide(r, run, GATE_ID, "carol", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(Gates.decide(r, run, GATE_ID, "alice", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then the map holds exactly the four keys: the verdict, true, the approvers in the order they approved,
        // and the absolute URL of the gate page
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("keys=[approved, approvers, reportUrl, verdict] size=4", run);
        r.assertLogContains("verdict=PASS isString=true", run);
        r.assertLogContains("approved=true isBoolean=true", run);
        r.assertLogContains("approvers=[carol, alice] isList=true", run);
        r.assertLogContains(
                "reportUrl=" + r.getURL() + "job/orders/1/release-gate-" + GATE_ID + "/ isString=true", run);
        assertThat(gate(run).getApprovers()).containsExactly("carol", "alice");
    }

    @Test
    void shouldReturnEveryKeyWithItsExactValueWhenOnlyTheChecksRan(final JenkinsRule r) throws Exception {
        // Given a configured Jenkins URL and a gate that only runs its checks
        JenkinsLocationConfiguration.get().setUrl(r.getURL().toString());
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), ""),
                "  def gate = releaseGate config: 'release-gate.yaml', approval: false\n" + PRINT_RESULT);

        // When it runs
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then the map holds the verdict, false, no approvers and the absolute URL of the gate page
        r.assertLogContains("keys=[approved, approvers, reportUrl, verdict] size=4", run);
        r.assertLogContains("verdict=PASS isString=true", run);
        r.assertLogContains("approved=false isBoolean=true", run);
        r.assertLogContains("approvers=[] isList=true", run);
        r.assertLogContains(
                "reportUrl=" + r.getURL() + "job/orders/1/release-gate-" + GATE_ID + "/ isString=true", run);
    }

    @Test
    void shouldRefuseAnOverrideByAnApproverWithoutTheOverridePermission(final JenkinsRule r) throws Exception {
        // Given a failing gate whose ops profile allows an override, waiting; alice holds Approve but not Override
        endpoint.answer(503, "{\"status\": \"DOWN\"}");
        Gates.secure(r);
        Gates.opsPolicy("  onFail: override\n");
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), OVERRIDABLE), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        r.assertLogContains("someone allowed to override may approve it with a justification", run);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.FAIL);

        // When alice approves with a justification, through the REST API and through the gate page's form
        WebResponse api = Gates.decide(
                r,
                run,
                GATE_ID,
                "alice",
                "{\"decision\": \"approve\", \"comment\": \"the replica is known to be down\"}");
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest form = new WebRequest(new URL(r.getURL(), gateUrl(run) + "approve"), HttpMethod.POST);
        form.setRequestParameters(List.of(new NameValuePair("comment", "the replica is known to be down")));
        web.addCrumb(form);
        WebResponse page = web.getPage(form).getWebResponse();

        // Then both are refused with 403 and the ledger's sentence, and nothing is recorded
        String sentence = "approving means overriding them, and alice lacks the Release Gate/Override permission";
        assertThat(api.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(api.getContentAsString()).getString("message"))
                .contains(sentence);
        assertThat(page.getStatusCode()).isEqualTo(403);
        assertThat(page.getContentAsString()).contains(sentence);
        assertThat(gate(run).getDecisions()).isEmpty();
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);

        // and the gate page shows her the reason instead of an Approve button
        HtmlPage gatePage = web.goTo(gateUrl(run));
        assertThat(gatePage.getElementById("release-gate-approve")).isNull();
        assertThat(gatePage.getElementById("release-gate-refusal").asNormalizedText())
                .contains(sentence);
        run.doStop();
        r.waitForCompletion(run);
    }

    @Test
    void shouldProceedOnAnOverrideWithAJustificationAndRefuseOneWithout(final JenkinsRule r) throws Exception {
        // Given a failing gate whose ops profile allows an override, waiting; carol holds the Override permission
        endpoint.answer(503, "{\"status\": \"DOWN\"}");
        Gates.secure(r);
        Gates.opsPolicy("  onFail: override\n");
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), OVERRIDABLE), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When carol overrides without a justification
        WebResponse withoutJustification = Gates.decide(r, run, GATE_ID, "carol", "{\"decision\": \"approve\"}");

        // Then she is refused with 403 and the ledger's sentence, and nothing is recorded
        assertThat(withoutJustification.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(withoutJustification.getContentAsString())
                        .getString("message"))
                .contains("Overriding a FAIL needs a justification");
        assertThat(gate(run).getDecisions()).isEmpty();
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);

        // When she overrides with a justification
        String justification = "replica outage is known, failover tested this morning";
        WebResponse override = Gates.decide(
                r, run, GATE_ID, "carol", "{\"decision\": \"approve\", \"comment\": \"" + justification + "\"}");

        // Then the build proceeds on the FAIL verdict, with the override recorded as such, with its justification
        assertThat(override.getStatusCode()).isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("verdict=FAIL approved=true approvers=[carol]", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.FAIL);
        assertThat(gate(run).getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.kind()).isEqualTo(LedgerEntry.Kind.OVERRIDE);
            assertThat(decision.userId()).isEqualTo("carol");
            assertThat(decision.comment()).isEqualTo(justification);
            assertThat(decision.channel()).isEqualTo("api");
        });
        JSONObject report = JSONObject.fromObject(Files.readString(
                new File(Gates.evidenceDirectory(run, GATE_ID), "report.json").toPath(), StandardCharsets.UTF_8));
        assertThat(report.toString()).contains("OVERRIDE").contains(justification);
    }

    @Test
    void shouldRefuseAnApprovalThatLeavesAChecklistItemOpenAndRecordTheConfirmationsOfTheForm(final JenkinsRule r)
            throws Exception {
        // Given a waiting gate with a release checklist whose text carries markup
        Gates.secure(r);
        String definition = Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n")
                .replace(
                        "approval:\n",
                        "  - id: release-checklist\n"
                                + "    type: checklist\n"
                                + "    items:\n"
                                + "      - {id: comms, text: \"Support <b>informed</b> of the window\"}\n"
                                + "      - {id: status-page, text: \"Status page prepared\", required: false}\n"
                                + "approval:\n");
        WorkflowJob job = Gates.job(r, "orders", definition, "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        r.assertLogContains("1 of 1 required item(s) to confirm when approving", run);

        // When alice approves through the API without confirming the required item
        WebResponse api = Gates.decide(
                r, run, GATE_ID, "alice", "{\"decision\": \"approve\", \"comment\": \"ok\", \"confirmed\": []}");

        // Then she is refused with the item named, and nothing is recorded
        assertThat(api.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(api.getContentAsString()).getString("message"))
                .isEqualTo(
                        "Confirm every required checklist item to approve; still open: comms (Support <b>informed</b>"
                                + " of the window).");
        assertThat(gate(run).getDecisions()).isEmpty();

        // When she ticks the item on the gate page, where its text is shown as text, and approves
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        HtmlPage page = web.goTo(gateUrl(run));
        assertThat(page.getElementById("release-gate-checklist").asNormalizedText())
                .contains("Support <b>informed</b> of the window (required)")
                .contains("Status page prepared (optional)");
        HtmlForm form = page.getFormByName("decision");
        form.getTextAreaByName("comment").setText("support briefed");
        ((HtmlCheckBoxInput) page.getElementById("release-gate-confirm-comms")).setChecked(true);
        ((HtmlButton) page.getElementById("release-gate-approve")).click();

        // Then the build proceeds, the ledger records her confirmation, and the confirmed evidence shows it
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(gate(run).getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.confirmed()).containsExactly("comms");
            assertThat(decision.channel()).isEqualTo("web");
        });
        JSONObject report = JSONObject.fromObject(Files.readString(
                new File(Gates.evidenceDirectory(run, GATE_ID), "report.json").toPath(), StandardCharsets.UTF_8));
        List<Object> confirmed = report.getJSONObject("approval")
                .getJSONArray("decisions")
                .getJSONObject(0)
                .getJSONArray("confirmed");
        assertThat(confirmed).containsExactly("comms");
        JSONObject checklist = report.getJSONArray("checks").getJSONObject(1);
        assertThat(checklist.getString("status")).isEqualTo("PASS");
        assertThat(checklist.getJSONArray("details").getString(0))
                .startsWith(
                        "[x] comms (required): Support <b>informed</b> of the window — confirmed by alice (alice) at");
    }

    @ParameterizedTest(name = "onTimeout: {0} ends the build {1}")
    @CsvSource({"abort, ABORTED", "fail, FAILURE"})
    void shouldEndTheWaitWithTheTimeoutOutcomeOfThePolicy(
            final String onTimeout, final String buildResult, final JenkinsRule r) throws Exception {
        // Given a policy with the shortest approval window a definition accepts, and the given outcome
        WorkflowJob job = Gates.job(
                r,
                "orders",
                Gates.definition(
                        endpoint.url(), "  approvers: [ops, bob]\n  timeout: 1ms\n  onTimeout: " + onTimeout + "\n"),
                "");

        // When nobody decides
        WorkflowRun run = r.waitForCompletion(job.scheduleBuild2(0).waitForStart());

        // Then the build ends with the outcome's result, recorded as a timeout and not as a rejection
        r.assertBuildStatus(Result.fromString(buildResult), run);
        r.assertLogContains(
                "timed out: nobody decided within the approval window; the policy says " + onTimeout + ".", run);
        r.assertLogNotContains("verdict=", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.TIMED_OUT);
        assertThat(gate(run).getDecisions()).extracting(LedgerEntry::kind).containsExactly(LedgerEntry.Kind.TIMEOUT);
        assertThat(gate(run).getOutcome()).contains("the policy says " + onTimeout);
    }
}
