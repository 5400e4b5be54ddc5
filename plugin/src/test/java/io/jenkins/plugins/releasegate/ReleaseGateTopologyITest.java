package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import jenkins.model.JenkinsLocationConfiguration;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Several gates in one build: one after the other, with derived and explicit ids, and in parallel branches.
 */
@WithJenkins
class ReleaseGateTopologyITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String ONE_APPROVER = "  approvers: [ops, bob]\n";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @Test
    void shouldKeepTwoGatesOfOneBuildApartWithTheirOwnPageEvidenceAndDecision(final JenkinsRule r) throws Exception {
        // Given a build with a gate whose id is derived from its name, then a gate with an explicit id
        JenkinsLocationConfiguration.get().setUrl(r.getURL().toString());
        Gates.secure(r);
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), ONE_APPROVER),
                "  def first = releaseGate config: 'release-gate.yaml'\n"
                        + "  echo \"first: approvers=${first.approvers} url=${first.reportUrl}\"\n"
                        + "  def second = releaseGate config: 'release-gate.yaml', id: 'database-window'\n"
                        + "  echo \"second: approvers=${second.approvers} url=${second.reportUrl}\"\n");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When alice approves the first gate, and carol the second once it waits
        assertThat(Gates.decide(
                                r,
                                run,
                                "orders-release",
                                "alice",
                                "{\"decision\": \"approve\", \"comment\": \"first gate fine\"}")
                        .getStatusCode())
                .isEqualTo(200);
        r.waitForMessage(Gates.waitingLine("database-window"), run);
        assertThat(Gates.decide(
                                r,
                                run,
                                "database-window",
                                "carol",
                                "{\"decision\": \"approve\", \"comment\": \"second gate fine\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then each gate has its own record, page, evidence directory and decision
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(ReleaseGateAction.of(run))
                .extracting(ReleaseGateAction::getGateId)
                .containsExactly("orders-release", "database-window");
        String jobUrl = r.getURL() + "job/orders/1/";
        r.assertLogContains("first: approvers=[alice] url=" + jobUrl + "release-gate-orders-release/", run);
        r.assertLogContains("second: approvers=[carol] url=" + jobUrl + "release-gate-database-window/", run);
        assertDecidedBy(gate(run, "orders-release"), "alice", "first gate fine");
        assertDecidedBy(gate(run, "database-window"), "carol", "second gate fine");
        assertThat(decisionsInReport(run, "orders-release")).isEqualTo("alice: first gate fine");
        assertThat(decisionsInReport(run, "database-window")).isEqualTo("carol: second gate fine");

        // and each page shows its own gate
        JenkinsRule.WebClient web = r.createWebClient().login("mallory");
        assertThat(web.goTo(Gates.gateUrl(run, "orders-release") + "api/json", "application/json")
                        .getWebResponse()
                        .getContentAsString())
                .contains("\"gateId\":\"orders-release\"")
                .contains("first gate fine")
                .doesNotContain("second gate fine");
        assertThat(web.goTo(Gates.gateUrl(run, "database-window") + "api/json", "application/json")
                        .getWebResponse()
                        .getContentAsString())
                .contains("\"gateId\":\"database-window\"")
                .contains("second gate fine")
                .doesNotContain("first gate fine");
    }

    @Test
    void shouldDeriveADistinctIdForASecondGateWithTheSameName(final JenkinsRule r) throws Exception {
        // Given a build running the same definition twice without an id
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), ""),
                "  releaseGate config: 'release-gate.yaml', approval: false\n"
                        + "  releaseGate config: 'release-gate.yaml', approval: false\n");

        // When it runs
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then the second gate gets the derived id with '-2', its own page and its own evidence
        assertThat(ReleaseGateAction.of(run))
                .extracting(ReleaseGateAction::getGateId)
                .containsExactly("orders-release", "orders-release-2");
        assertThat(ReleaseGateAction.of(run))
                .extracting(ReleaseGateAction::getUrlName)
                .containsExactly("release-gate-orders-release", "release-gate-orders-release-2");
        assertThat(Gates.evidenceDirectory(run, "orders-release")).isDirectoryContaining("glob:**/report.json");
        assertThat(Gates.evidenceDirectory(run, "orders-release-2")).isDirectoryContaining("glob:**/report.json");
        r.assertLogContains("[release-gate orders-release-2] Verdict: PASS", run);
    }

    @Test
    void shouldRefuseAnExplicitIdThatAnotherGateOfTheBuildUses(final JenkinsRule r) throws Exception {
        // Given a build whose two gates name the same id
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), ""),
                "  releaseGate config: 'release-gate.yaml', id: 'orders', approval: false\n"
                        + "  releaseGate config: 'release-gate.yaml', id: 'orders', approval: false\n"
                        + "  echo 'after the second gate'\n");

        // When it runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the second gate is refused with a message saying what to do, and the first keeps its page alone
        r.assertLogContains(
                "Another release gate of this build already uses the id 'orders': give each releaseGate step its own 'id'",
                run);
        r.assertLogNotContains("after the second gate", run);
        assertThat(ReleaseGateAction.of(run)).singleElement().satisfies(action -> {
            assertThat(action.getGateId()).isEqualTo("orders");
            assertThat(action.getPhase()).isEqualTo(GatePhase.PASSED);
        });
    }

    @Test
    void shouldSettleOnlyTheApprovedGateOfTwoParallelBranches(final JenkinsRule r) throws Exception {
        // Given two parallel branches, each waiting at its own gate
        Gates.secure(r);
        WorkflowJob job = Gates.jobRunning(
                r,
                "orders",
                Gates.definition(endpoint.url(), ONE_APPROVER),
                "  parallel frontend: {\n"
                        + "    def gate = releaseGate config: 'release-gate.yaml', id: 'frontend'\n"
                        + "    echo \"frontend released: approvers=${gate.approvers}\"\n"
                        + "  }, backend: {\n"
                        + "    def gate = releaseGate config: 'release-gate.yaml', id: 'backend'\n"
                        + "    echo \"backend released: approvers=${gate.approvers}\"\n"
                        + "  }\n");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage(Gates.waitingLine("frontend"), run);
        r.waitForMessage(Gates.waitingLine("backend"), run);

        // When alice approves the frontend gate
        assertThat(Gates.decide(r, run, "frontend", "alice", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then its branch proceeds while the backend gate still waits, untouched
        r.waitForMessage("frontend released: approvers=[alice]", run);
        assertThat(gate(run, "frontend").getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(gate(run, "backend").getPhase()).isEqualTo(GatePhase.WAITING);
        assertThat(gate(run, "backend").getDecisions()).isEmpty();
        assertThat(gate(run, "backend").getRemainingApprovals()).isEqualTo(1);
        assertThat(run.isBuilding()).isTrue();
        r.assertLogNotContains("backend released", run);

        // When carol approves the backend gate
        assertThat(Gates.decide(r, run, "backend", "carol", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then the build completes with both gates recorded, each with its own decision
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("backend released: approvers=[carol]", run);
        assertThat(gate(run, "frontend").getDecisions())
                .extracting(LedgerEntry::userId)
                .containsExactly("alice");
        assertThat(gate(run, "backend").getDecisions())
                .extracting(LedgerEntry::userId)
                .containsExactly("carol");
        assertThat(gate(run, "backend").getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(decisionsInReport(run, "frontend")).isEqualTo("alice: ");
        assertThat(decisionsInReport(run, "backend")).isEqualTo("carol: ");
    }

    private static void assertDecidedBy(final ReleaseGateAction gate, final String user, final String comment) {
        assertThat(gate.getPhase()).isEqualTo(GatePhase.APPROVED);
        assertThat(gate.getApprovers()).containsExactly(user);
        assertThat(gate.getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.kind()).isEqualTo(LedgerEntry.Kind.APPROVE);
            assertThat(decision.userId()).isEqualTo(user);
            assertThat(decision.comment()).isEqualTo(comment);
        });
    }

    /** The decisions in the gate's report.json, as "user: comment" lines. */
    private static String decisionsInReport(final WorkflowRun run, final String gateId) throws Exception {
        JSONObject report = JSONObject.fromObject(Files.readString(
                new File(Gates.evidenceDirectory(run, gateId), "report.json").toPath(), StandardCharsets.UTF_8));
        StringBuilder lines = new StringBuilder();
        JSONArray decisions = report.getJSONObject("approval").getJSONArray("decisions");
        for (Object entry : decisions) {
            JSONObject decision = (JSONObject) entry;
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append(decision.getString("user")).append(": ").append(decision.optString("comment"));
        }
        return lines.toString();
    }
}
