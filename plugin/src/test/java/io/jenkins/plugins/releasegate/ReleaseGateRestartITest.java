package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import java.net.URL;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

class ReleaseGateRestartITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static HealthEndpoint endpoint;

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @BeforeAll
    static void startEndpoint() throws Exception {
        endpoint = HealthEndpoint.started();
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Test
    void shouldKeepAWaitingGateAndItsDecisionsAcrossARestart() throws Throwable {
        // Given a gate needing two approvals, approved once before Jenkins restarts
        sessions.then(r -> {
            Gates.secure(r);
            WorkflowJob job = Gates.job(
                    r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops]\n  minApprovals: 2\n"), "");
            WorkflowRun run = Gates.startAndWait(r, job, "mallory");
            assertThat(decide(r, run, "alice").getStatusCode()).isEqualTo(200);
            assertThat(gate(run).getRemainingApprovals()).isEqualTo(1);
        });
        // When Jenkins is back and carol approves
        sessions.then(r -> {
            Gates.secure(r);
            WorkflowRun run =
                    r.jenkins.getItemByFullName("orders", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("Jenkins restarted; the release gate is waiting again", run);
            assertThat(gate(run).getPhase()).isEqualTo(GatePhase.WAITING);
            assertThat(gate(run).getDecisions()).extracting(LedgerEntry::userId).containsExactly("alice");
            assertThat(decide(r, run, "carol").getStatusCode()).isEqualTo(200);

            // Then the gate found its execution again, kept alice's approval, and the pipeline proceeds
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            r.assertLogContains("approvers=[alice, carol]", run);
            assertThat(gate(run).getDecisions())
                    .extracting(LedgerEntry::kind)
                    .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.APPROVE);
        });
    }

    @Test
    void shouldListAWaitingGateOnThePendingGatesPageAgainAfterARestart() throws Throwable {
        // Given a gate waiting for approval when Jenkins restarts
        sessions.then(r -> {
            Gates.secure(r);
            WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops]\n"), "");
            Gates.startAndWait(r, job, "mallory");
            assertThat(pendingGates(r).getJSONArray("gates").size()).isOne();
        });
        // When Jenkins is back and alice reads the pending gates before anyone opens the build
        sessions.then(r -> {
            Gates.secure(r);
            WorkflowRun run =
                    r.jenkins.getItemByFullName("orders", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("Jenkins restarted; the release gate is waiting again", run);
            JSONArray gates = pendingGates(r).getJSONArray("gates");

            // Then the gate is listed again, with its decision URL, and an approval through it proceeds the build
            assertThat(gates.size()).isOne();
            JSONObject gate = gates.getJSONObject(0);
            assertThat(gate.getString("job")).isEqualTo("orders");
            assertThat(gate.getString("phase")).isEqualTo("WAITING");
            assertThat(gate.getString("decisionUrl")).endsWith(gateUrl(run) + "decide");
            assertThat(decide(r, run, "alice").getStatusCode()).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            assertThat(pendingGates(r).getJSONArray("gates").size()).isZero();
        });
    }

    @Test
    void shouldFailTheGateWhenJenkinsRestartsWhileItsChecksRun() throws Throwable {
        try (SlowEndpoint slow = new SlowEndpoint()) {
            // Given a gate whose only check is held by an endpoint that does not answer before Jenkins restarts
            String definition = Gates.definition(slow.url(), "  approvers: [ops]\n")
                    .replace("    type: httpHealth\n", "    type: httpHealth\n    timeout: 10m\n");
            sessions.then(r -> {
                WorkflowJob job = Gates.job(r, "orders", definition, "");
                WorkflowRun run = job.scheduleBuild2(0).waitForStart();
                r.waitForMessage(
                        "[release-gate orders-release] Release gate 'Orders release': running 1 check(s)", run);
                slow.awaitRequest();
                assertThat(gate(run).getPhase()).isEqualTo(GatePhase.CHECKING);
            });
            // When Jenkins is back
            sessions.then(r -> {
                WorkflowRun run =
                        r.jenkins.getItemByFullName("orders", WorkflowJob.class).getBuildByNumber(1);

                // Then the gate fails, saying that nothing was decided and the pipeline must run again
                r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(run));
                String message = "The release gate 'orders-release' was interrupted by a restart while its checks ran, "
                        + "so nothing was decided: run it again.";
                r.assertLogContains("[release-gate orders-release] " + message, run);
                r.assertLogNotContains(Gates.WAITING, run);
                r.assertLogNotContains("waiting again", run);
                r.assertLogNotContains("verdict=", run);
                assertThat(gate(run).getPhase()).isEqualTo(GatePhase.FAILED);
                assertThat(gate(run).getOutcome()).isEqualTo(message);
                assertThat(gate(run).getVerdict()).isNull();
                assertThat(gate(run).getDecisions()).isEmpty();
            });
        }
    }

    private static JSONObject pendingGates(final JenkinsRule r) throws Exception {
        return JSONObject.fromObject(r.createWebClient()
                .withBasicApiToken("alice")
                .goTo("release-gates/api/json", "application/json")
                .getWebResponse()
                .getContentAsString());
    }

    private static WebResponse decide(final JenkinsRule r, final WorkflowRun run, final String user) throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run) + "decide"), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody("{\"decision\": \"approve\", \"comment\": \"checked by " + user + "\"}");
        return web.getPage(request).getWebResponse();
    }
}
