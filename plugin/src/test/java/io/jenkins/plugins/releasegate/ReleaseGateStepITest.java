package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleaseGateStepITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String TWO_APPROVERS = "  approvers: [ops, bob]\n  minApprovals: 2\n";
    private static final String ONE_APPROVER = "  approvers: [ops, bob]\n";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @Test
    void shouldProceedWhenAnAuthorizedUserApprovesThroughTheGatePageForm(final JenkinsRule r) throws Exception {
        // Given a gate waiting for one approval
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When alice approves with a comment on the gate page
        String waitingDigest = gate(run).getDigest();
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        HtmlPage page = web.goTo(gateUrl(run));
        assertThat(page.asNormalizedText()).contains("orders-api").contains("PASS");
        page.getFormByName("decision").getTextAreaByName("comment").setText("dashboards look calm");
        HtmlButton approve = page.getHtmlElementById("release-gate-approve");
        approve.click();

        // Then the pipeline proceeds with the approval in its result and in the record
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("verdict=PASS approved=true approvers=[alice]", run);
        r.assertLogContains("Approved by alice via web. Comment: dashboards look calm", run);
        r.assertLogContains(Gates.EXECUTOR_HELD, run);
        r.assertLogNotContains("Waiting without an executor", run);
        ReleaseGateAction gate = gate(run);
        assertThat(gate.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(gate.getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.kind()).isEqualTo(LedgerEntry.Kind.APPROVE);
            assertThat(decision.userId()).isEqualTo("alice");
            assertThat(decision.comment()).isEqualTo("dashboards look calm");
            assertThat(decision.channel()).isEqualTo("web");
            assertThat(decision.digest()).isNotNull().isEqualTo(waitingDigest);
        });
        // and the build page says who approved in words, while the remote API keeps the approver's groups to itself
        assertThat(web.goTo(run.getUrl()).asNormalizedText()).contains("Approved by alice.");
        String api = web.goTo(gateUrl(run) + "api/json?depth=2", "application/json")
                .getWebResponse()
                .getContentAsString();
        assertThat(api).contains("\"userId\":\"alice\"").doesNotContain("\"groups\"");
    }

    @Test
    void shouldCarryTheCrumbInTheGatePageFormWithoutJavaScript(final JenkinsRule r) throws Exception {
        // Given a gate waiting for one approval, and a browser without JavaScript
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        JenkinsRule.WebClient web = r.createWebClient().login("carol");
        web.getOptions().setJavaScriptEnabled(false);

        // When carol rejects through the form
        HtmlPage page = web.goTo(gateUrl(run));
        page.getFormByName("decision").getTextAreaByName("comment").setText("not during the sale");
        HtmlButton reject = page.getHtmlElementById("release-gate-reject");
        reject.click();

        // Then the crumb came with the form itself and the rejection is recorded
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.REJECTED);
        assertThat(gate(run).getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.userId()).isEqualTo("carol");
            assertThat(decision.comment()).isEqualTo("not during the sale");
        });
    }

    @Test
    void shouldProceedWhenApprovedThroughACrumbedPost(final JenkinsRule r) throws Exception {
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        JenkinsRule.WebClient web = r.createWebClient().login("carol");
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run) + "approve"), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("comment", "checked")));
        web.addCrumb(request);
        web.getPage(request);

        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("approvers=[carol]", run);
    }

    @Test
    void shouldAnswerTheJsonEndpointWithAnApiTokenAndNoCrumb(final JenkinsRule r) throws Exception {
        // Given a waiting gate
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When alice approves through the REST API with her API token, without a crumb
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken("alice");
        web.setThrowExceptionOnFailingStatusCode(false);
        WebResponse response = postJson(
                web,
                r,
                run,
                "{\"decision\": \"approve\", \"comment\": \"ok\", \"digest\": \""
                        + gate(run).getDigest() + "\"}");

        // Then the answer is JSON with status 200, and the pipeline proceeds
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        JSONObject answer = JSONObject.fromObject(response.getContentAsString());
        assertThat(answer.getString("status")).isEqualTo("ok");
        assertThat(answer.getString("state")).isEqualTo("APPROVED");
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(gate(run).getDecisions()).extracting(LedgerEntry::channel).containsExactly("api");
    }

    @Test
    void shouldRefuseAJsonBodyWithoutDecisionInsteadOfRejecting(final JenkinsRule r) throws Exception {
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken("alice");
        web.setThrowExceptionOnFailingStatusCode(false);

        WebResponse response = postJson(web, r, run, "{\"comment\": \"no decision here\"}");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(JSONObject.fromObject(response.getContentAsString()).getString("message"))
                .contains("\"decision\"");
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(gate(run).getDecisions()).isEmpty();
        stop(r, run);
    }

    @Test
    void shouldRefuseGetOnEveryDecisionEndpoint(final JenkinsRule r) throws Exception {
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        web.setThrowExceptionOnFailingStatusCode(false);

        for (String endpointName : List.of("approve", "reject", "decide")) {
            Page page = web.goTo(gateUrl(run) + endpointName, null);
            assertThat(page.getWebResponse().getStatusCode()).as(endpointName).isEqualTo(405);
        }
        assertThat(gate(run).getDecisions()).isEmpty();
        stop(r, run);
    }

    @Test
    void shouldRefuseABrowserSessionPostWithoutACrumb(final JenkinsRule r) throws Exception {
        // Given a waiting gate and alice, an approver, logged in with a session (no API token)
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        web.setThrowExceptionOnFailingStatusCode(false);

        // When her browser posts the approve form and the JSON decision without a crumb, as a forged request would
        WebRequest form = new WebRequest(new URL(r.getURL(), gateUrl(run) + "approve"), HttpMethod.POST);
        form.setRequestParameters(List.of(new NameValuePair("comment", "forged")));
        int formStatus = web.getPage(form).getWebResponse().getStatusCode();
        int jsonStatus = postJson(web, r, run, "{\"decision\": \"approve\"}").getStatusCode();

        // Then both are refused by Jenkins' CSRF protection and nothing is recorded
        assertThat(formStatus).isEqualTo(403);
        assertThat(jsonStatus).isEqualTo(403);
        assertThat(gate(run).getDecisions()).isEmpty();
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);
        stop(r, run);
    }

    @Test
    void shouldRefuseUsersWithoutTheApprovePermissionWith403AndTheLedgersSentence(final JenkinsRule r)
            throws Exception {
        // Given a waiting gate; mallory may read but not approve, admin administers but holds no Approve permission
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        for (String user : List.of("mallory", "admin")) {
            JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken(user);
            web.setThrowExceptionOnFailingStatusCode(false);

            WebResponse response = postJson(web, r, run, "{\"decision\": \"approve\"}");

            assertThat(response.getStatusCode()).as(user).isEqualTo(403);
            assertThat(JSONObject.fromObject(response.getContentAsString()).getString("message"))
                    .as(user)
                    .contains("lacks the Release Gate/Approve permission");
        }
        assertThat(gate(run).getDecisions()).isEmpty();
        stop(r, run);
    }

    @Test
    void shouldNotLetAUserWhoseIdIsAGroupNamePassAsThatGroup(final JenkinsRule r) throws Exception {
        // Given a gate that the group ops approves (by its ops profile), and a user whose id is "ops" but who is not
        // in that group
        Gates.secure(r);
        MockAuthorizationStrategy strategy = (MockAuthorizationStrategy) r.jenkins.getAuthorizationStrategy();
        strategy.grant(Jenkins.READ, Item.READ, ReleaseGatePermissions.APPROVE)
                .everywhere()
                .to("ops");
        Gates.opsPolicy("  approvers: [ops]\n");
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops]\n"), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When that user approves through the API
        JenkinsRule.WebClient impostor = r.createWebClient().withBasicApiToken("ops");
        impostor.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run) + "decide"), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody("{\"decision\": \"approve\", \"comment\": \"me too\"}");
        WebResponse answer = impostor.getPage(request).getWebResponse();

        // Then the realm's group decides, not the user id: refused and nothing recorded, while alice of ops may approve
        assertThat(answer.getStatusCode()).isEqualTo(403);
        assertThat(gate(run).getDecisions()).isEmpty();
        assertThat(gate(run).isWaiting()).isTrue();
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");
        WebRequest approval = new WebRequest(new URL(r.getURL(), gateUrl(run) + "decide"), HttpMethod.POST);
        approval.setAdditionalHeader("Content-Type", "application/json");
        approval.setRequestBody("{\"decision\": \"approve\", \"comment\": \"checked\"}");
        assertThat(alice.getPage(approval).getWebResponse().getStatusCode()).isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
    }

    @Test
    void shouldRefuseTheInitiatorWhenSelfApprovalIsForbidden(final JenkinsRule r) throws Exception {
        // Given a gate of a build bob started, with bob among the approvers
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When bob approves on the gate page
        JenkinsRule.WebClient web = r.createWebClient().login("bob");
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run) + "approve"), HttpMethod.POST);
        web.addCrumb(request);
        Page page = web.getPage(request);

        // Then the refusal is a 403 with the ledger's sentence, and nothing is recorded
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(page.getWebResponse().getContentAsString()).contains("started this build");
        assertThat(gate(run).getDecisions()).isEmpty();
        stop(r, run);
    }

    @Test
    void shouldRefuseTheUserWhoStartedTheBuildThroughAnUpstreamBuild(final JenkinsRule r) throws Exception {
        // Given a release build triggered by a deploy build that bob started
        Gates.secure(r);
        WorkflowJob deploy = r.createProject(WorkflowJob.class, "deploy");
        deploy.setDefinition(new CpsFlowDefinition("echo 'deploying orders'", true));
        WorkflowRun upstream =
                r.assertBuildStatusSuccess(deploy.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("bob"))));
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new Cause.UpstreamCause(upstream)))
                .waitForStart();
        r.waitForMessage(Gates.WAITING, run);

        // When bob approves through the REST API
        JenkinsRule.WebClient bob = r.createWebClient().withBasicApiToken("bob");
        bob.setThrowExceptionOnFailingStatusCode(false);
        WebResponse response = postJson(bob, r, run, "{\"decision\": \"approve\"}");

        // Then he is refused as the initiator of the build upstream, which is named, and nothing is recorded
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(response.getContentAsString()).getString("message"))
                .contains("bob started deploy #1, which triggered this build, and the policy forbids self-approval");
        assertThat(gate(run).getDecisions()).isEmpty();
        stop(r, run);
    }

    @Test
    void shouldNeedTwoDistinctApprovers(final JenkinsRule r) throws Exception {
        // Given a gate needing two approvals
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), TWO_APPROVERS), "");
        WorkflowRun run = Gates.startAndWait(r, job, "mallory");
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");
        alice.setThrowExceptionOnFailingStatusCode(false);

        // When alice approves twice
        assertThat(postJson(alice, r, run, "{\"decision\": \"approve\"}").getStatusCode())
                .isEqualTo(200);
        WebResponse second = postJson(alice, r, run, "{\"decision\": \"approve\"}");

        // Then her second approval is refused and the gate still waits; carol's approval completes it
        assertThat(second.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(second.getContentAsString()).getString("message"))
                .contains("already approved");
        assertThat(gate(run).getRemainingApprovals()).isEqualTo(1);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);
        JenkinsRule.WebClient carol = r.createWebClient().withBasicApiToken("carol");
        assertThat(postJson(carol, r, run, "{\"decision\": \"approve\"}").getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("approvers=[alice, carol]", run);
    }

    @Test
    void shouldAbortOnRejectionAndRecordWhoAndWhy(final JenkinsRule r) throws Exception {
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        HtmlPage page = web.goTo(gateUrl(run));
        page.getFormByName("decision").getTextAreaByName("comment").setText("the nightly batch is still running");

        HtmlButton reject = page.getHtmlElementById("release-gate-reject");
        reject.click();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        r.assertLogContains("rejected by alice (alice): the nightly batch is still running", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.REJECTED);
        assertThat(gate(run).getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.kind()).isEqualTo(LedgerEntry.Kind.REJECT);
            assertThat(decision.comment()).isEqualTo("the nightly batch is still running");
        });
    }

    @Test
    void shouldEndTheWaitWithThePolicysTimeoutOutcome(final JenkinsRule r) throws Exception {
        // Given a policy whose approval window is one second and that fails the build when nobody decides
        Gates.secure(r);
        WorkflowJob job = Gates.job(
                r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER + "  timeout: 1s\n  onTimeout: fail\n"), "");

        // When nobody decides
        WorkflowRun run = r.waitForCompletion(job.scheduleBuild2(0).waitForStart());

        // Then the build fails with a timeout, recorded as such and not as a rejection
        r.assertBuildStatus(Result.FAILURE, run);
        r.assertLogContains("timed out", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.TIMED_OUT);
        assertThat(gate(run).getDecisions()).extracting(LedgerEntry::kind).containsExactly(LedgerEntry.Kind.TIMEOUT);
    }

    @Test
    void shouldRunTheChecksOnlyWithoutWaiting(final JenkinsRule r) throws Exception {
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), ", approval: false");

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("verdict=PASS approved=false approvers=[]", run);
        r.assertLogNotContains(Gates.WAITING, run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.PASSED);
        assertThat(gate(run).isApprovalRequested()).isFalse();
    }

    @Test
    void shouldFailNamingTheFailingChecksWhenTheVerdictBlocks(final JenkinsRule r) throws Exception {
        endpoint.answer(503, "{\"status\": \"DOWN\"}");
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), "");

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("blocked the release: orders-api (FAIL", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.BLOCKED);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.FAIL);
    }

    @Test
    void shouldWriteAndServeTheThreeReportFilesWithTheirContentTypes(final JenkinsRule r) throws Exception {
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), ", approval: false");
        WorkflowRun run = r.buildAndAssertSuccess(job);
        File directory = new File(run.getRootDir(), "release-gate/" + gate(run).getGateId());
        assertThat(directory)
                .isDirectoryContaining("glob:**/report.json")
                .isDirectoryContaining("glob:**/report.html")
                .isDirectoryContaining("glob:**/junit.xml");

        JenkinsRule.WebClient web = r.createWebClient();
        assertContentType(web, gateUrl(run) + "report.json", "application/json");
        assertContentType(web, gateUrl(run) + "junit.xml", "application/xml");
        Page html = assertContentType(web, gateUrl(run) + "report.html", "text/html");
        assertThat(html.getWebResponse().getResponseHeaderValue("Content-Security-Policy"))
                .startsWith("sandbox");
        JSONObject report = JSONObject.fromObject(
                web.goTo(gateUrl(run) + "report.json", null).getWebResponse().getContentAsString());
        assertThat(report.getString("verdict")).isEqualTo("PASS");
        assertThat(report.getString("release")).isEqualTo("2.8.0");
        web.setThrowExceptionOnFailingStatusCode(false);
        assertThat(web.goTo(gateUrl(run) + "other.txt", null).getWebResponse().getStatusCode())
                .isEqualTo(404);
        // a file of the build directory is not evidence, even when asked for by its own name
        WebResponse buildRecord = web.goTo(gateUrl(run) + "build.xml", null).getWebResponse();
        assertThat(buildRecord.getStatusCode()).isEqualTo(404);
        assertThat(buildRecord.getContentAsString()).doesNotContain("<flow-build");
    }

    @Test
    void shouldNotServeTheBuildRecordThroughDotSegmentsSentAsIs(final JenkinsRule r) throws Exception {
        // Given a gate's evidence directory inside the build directory, beside build.xml
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), ", approval: false");
        WorkflowRun run = r.buildAndAssertSuccess(job);
        assertThat(new File(run.getRootDir(), "build.xml")).isFile();

        // When a client sends dot segments that a browser would have resolved before sending
        HttpClient client = HttpClient.newHttpClient();
        for (String escape : List.of("../build.xml", "%2e%2e/build.xml", "..%2fbuild.xml", "%2e%2e%2f..%2fbuild.xml")) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create(r.getURL() + gateUrl(run) + escape))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            // Then the build record is never in the answer
            assertThat(answer.statusCode()).as(escape).isNotEqualTo(200);
            assertThat(answer.body()).as(escape).doesNotContain("<flow-build");
        }
    }

    @Test
    void shouldRenderAScriptPayloadInACheckSummaryEscaped(final JenkinsRule r) throws Exception {
        // Given a health endpoint that answers with markup instead of JSON, which the check quotes in its summary
        endpoint.answer(200, "<script>alert('gate')</script><img src=x onerror=alert(1)>");
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), ", approval: false");
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // When the gate page and the build page are shown, with JavaScript on
        JenkinsRule.WebClient web = r.createWebClient();
        List<String> alerts = new ArrayList<>();
        web.setAlertHandler((page, message) -> alerts.add(message));
        HtmlPage gatePage = web.goTo(gateUrl(run));
        HtmlPage buildPage = web.goTo(run.getUrl());

        // Then the payload is text on both pages: shown as written, never an element, never run
        assertThat(gatePage.asNormalizedText()).contains("<script>alert('gate')</script>");
        for (HtmlPage page : List.of(gatePage, buildPage)) {
            assertThat(page.getElementsByTagName("script"))
                    .noneMatch(element -> element.getTextContent().contains("alert("));
            assertThat(page.getElementsByTagName("img")).noneMatch(element -> "x".equals(element.getAttribute("src")));
            assertThat(page.getWebResponse().getContentAsString())
                    .doesNotContain("<script>alert(")
                    .doesNotContain("<img src=x");
        }
        assertThat(alerts).isEmpty();
        String html =
                web.goTo(gateUrl(run) + "report.html", null).getWebResponse().getContentAsString();
        assertThat(html).doesNotContain("<script>alert(").doesNotContain("<img src=x");
    }

    @Test
    void shouldKeepAPasswordOutOfTheLogTheBuildRecordAndTheReports(final JenkinsRule r) throws Exception {
        // Given credentials that a careless health endpoint echoes back in its error page
        String password = "s3cret-Pa55word";
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "orders-api-user", "health check user", "monitor", password));
        SystemCredentialsProvider.getInstance().save();
        endpoint.echoPassword();
        String definition = Gates.definition(endpoint.url(), "")
                .replace("    json:\n", "    credentials: orders-api-user\n    json:\n");
        WorkflowJob job = Gates.job(r, "orders", definition, ", approval: false");

        // When the gate runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the password is nowhere: not in the log, not in build.xml, not in the reports
        assertThat(JenkinsRule.getLog(run)).doesNotContain(password);
        assertThat(Files.readString(new File(run.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8))
                .doesNotContain(password);
        File directory = new File(run.getRootDir(), "release-gate/" + gate(run).getGateId());
        for (String name : List.of("report.json", "report.html", "junit.xml")) {
            assertThat(Files.readString(new File(directory, name).toPath(), StandardCharsets.UTF_8))
                    .as(name)
                    .doesNotContain(password)
                    .contains("denied for ****"); // the echoed user:password is masked as one secret
        }
    }

    @Test
    void shouldVoidTheApprovalWhenTheEvidenceGotWorseAndWaitAgain(final JenkinsRule r) throws Exception {
        // Given a waiting gate whose health endpoint degrades after the approvers looked, and an ops profile that
        // lets carol override
        Gates.secure(r);
        Gates.opsPolicy("  onFail: override\n  overriders: [carol]\n");
        WorkflowJob job = Gates.job(
                r,
                "orders",
                Gates.definition(endpoint.url(), ONE_APPROVER + "  onFail: override\n  overriders: [carol]\n"),
                "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        endpoint.answer(503, "{\"status\": \"DOWN\"}");

        // When alice approves
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");
        assertThat(postJson(alice, r, run, "{\"decision\": \"approve\"}").getStatusCode())
                .isEqualTo(200);

        // Then the checks run again, the approval is void and recorded as void, and the gate waits again
        r.waitForMessage("the gate waits for new decisions", run);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.FAIL);
        assertThat(gate(run).getDecisions())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.VOID);
        assertThat(gate(run).getApprovers()).isEmpty();

        // and an override by carol, with a justification, is an explicit, recorded decision
        endpoint.answer(503, "{\"status\": \"DOWN\"}");
        JenkinsRule.WebClient carol = r.createWebClient().withBasicApiToken("carol");
        carol.setThrowExceptionOnFailingStatusCode(false);
        WebResponse withoutJustification = postJson(carol, r, run, "{\"decision\": \"approve\"}");
        assertThat(withoutJustification.getStatusCode()).isEqualTo(403);
        assertThat(postJson(
                                carol,
                                r,
                                run,
                                "{\"decision\": \"approve\", \"comment\": \"known outage of a replica, failover tested\"}")
                        .getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(gate(run).getDecisions())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.VOID, LedgerEntry.Kind.OVERRIDE);
        r.assertLogContains("verdict=FAIL approved=true approvers=[carol]", run);
    }

    @Test
    void shouldExplainThatAConfigFileOutsideNodeNeedsAPipelineFromARepository(final JenkinsRule r) throws Exception {
        // Given a Pipeline whose script is written in the job, with a gate outside 'node' that names a file
        WorkflowJob job = r.createProject(WorkflowJob.class, "outside-node");
        job.setDefinition(new CpsFlowDefinition("releaseGate config: 'release-gate.yaml'", true));

        // When it runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the step says there is no repository to read it from, and what to do
        r.assertLogContains(
                "'config: release-gate.yaml' names a file of the repository, but this releaseGate step runs outside"
                        + " 'node' and this Pipeline's script is written in the job, not loaded from a repository, so"
                        + " there is nothing to read it from: put the step inside 'node' after 'checkout scm', or use"
                        + " 'profile'",
                run);
    }

    @Test
    void shouldSayClearlyWhichProfileIsNotConfigured(final JenkinsRule r) throws Exception {
        // Given no gate profile configured, and a pipeline that names one
        WorkflowJob job = r.createProject(WorkflowJob.class, "profile");
        job.setDefinition(new CpsFlowDefinition("releaseGate profile: 'production'", true));

        // When it runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the build stops with a sentence that names the profile and says where profiles are configured
        r.assertLogContains("No gate profile named 'production' is configured for profile", run);
        r.assertLogContains("Manage Jenkins \u203a System \u203a Release Gate", run);
    }

    @Test
    void shouldStopWithoutRejectingWhenTheBuildIsAborted(final JenkinsRule r) throws Exception {
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When the build is stopped (Job/Cancel) while its gate waits
        run.doStop();

        // Then the gate is recorded as cancelled, never as rejected
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.CANCELLED);
        assertThat(gate(run).getDecisions()).extracting(LedgerEntry::kind).containsExactly(LedgerEntry.Kind.CANCEL);
        assertThat(Files.readString(
                        new File(run.getRootDir(), "release-gate/" + gate(run).getGateId() + "/report.json").toPath(),
                        StandardCharsets.UTF_8))
                .contains("CANCEL")
                .doesNotContain("REJECT");
    }

    private static WebResponse postJson(
            final JenkinsRule.WebClient web, final JenkinsRule r, final WorkflowRun run, final String json)
            throws Exception {
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run) + "decide"), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody(json);
        return web.getPage(request).getWebResponse();
    }

    private static Page assertContentType(final JenkinsRule.WebClient web, final String url, final String type)
            throws Exception {
        Page page = web.goTo(url, null);
        assertThat(page.getWebResponse().getContentType()).as(url).isEqualTo(type);
        return page;
    }

    private static void stop(final JenkinsRule r, final WorkflowRun run) throws Exception {
        run.doStop();
        r.waitForCompletion(run);
    }
}
