package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.pipeline.GateProfileProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import jenkins.security.MasterToSlaveCallable;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Where the checks run: inside {@code node} on its agent (a separate JVM started by the test), outside
 * {@code node} and for the confirming run of such a gate on the controller, against the hosts an administrator
 * allows only. The endpoints are real HTTP servers on 127.0.0.1.
 */
@WithJenkins
class ReleaseGatePlacementITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String WHERE_TO_ALLOW = "Allow it under Manage Jenkins › System › Release Gate › Hosts checks"
            + " may reach from the controller, or run the gate inside 'node' so that its checks run on the agent.";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    /** Redirects every request to the health endpoint. */
    private HttpServer redirector;

    @BeforeEach
    void startRedirector() throws IOException {
        redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", endpoint.url());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
    }

    @AfterEach
    void stopRedirector() {
        redirector.stop(0);
        Profiles.yaml = null;
    }

    @Test
    void shouldRunTheChecksOnTheAgentOfTheNodeBlockWithoutTheControllersAllowList(final JenkinsRule r)
            throws Exception {
        // Given an agent in a JVM of its own, nothing allowed from the controller, and a gate inside 'node' there
        DumbSlave agent = r.createOnlineSlave(Label.get("deploy"));
        long agentProcess = agent.getChannel().call(new ProcessId());
        assertThat(agentProcess).isNotEqualTo(ProcessHandle.current().pid());
        WorkflowJob job = r.createProject(WorkflowJob.class, "on-agent");
        job.setDefinition(new CpsFlowDefinition(
                "node('deploy') {\n  writeFile file: 'release-gate.yaml', text: '''"
                        + definition("  - {id: jvm, type: whereChecksRun}\n" + httpHealth(endpoint.url(), ""), "")
                        + "'''\n  def gate = releaseGate config: 'release-gate.yaml', approval: false\n  echo \"verdict=${gate.verdict}\"\n}\n",
                true));

        // When it runs
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then the checks ran in the agent's JVM, reached the endpoint from there, and their lines reached the log
        r.assertLogContains("Running 2 check(s) on " + agent.getNodeName() + ", where this node block runs.", run);
        r.assertLogContains(
                "[release-gate orders-release] jvm: PASS — " + WhereChecksRunType.RAN_IN_PROCESS + agentProcess, run);
        r.assertLogContains("[release-gate orders-release] orders-api: PASS", run);
        r.assertLogContains("verdict=PASS", run);
    }

    @Test
    void shouldRefuseAHostThatIsNotAllowedWhenTheChecksRunOnTheController(final JenkinsRule r) throws Exception {
        // Given a gate outside 'node' and nothing allowed from the controller
        Profiles.yaml = definition("  - {id: jvm, type: whereChecksRun}\n" + httpHealth(endpoint.url(), ""), "");

        // When it runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, profileJob(r, false));

        // Then the check ran on the controller and is ERROR, with the sentence that says where to allow the host
        r.assertLogContains("Running 2 check(s) on the controller, against the hosts allowed there only.", run);
        r.assertLogContains(
                "orders-api: ERROR — Not connecting: 127.0.0.1:" + endpoint.port() + " is not among the allowed hosts. "
                        + WHERE_TO_ALLOW,
                run);
        r.assertLogContains(
                "[release-gate orders-release] jvm: PASS — " + WhereChecksRunType.RAN_IN_PROCESS
                        + ProcessHandle.current().pid(),
                run);
    }

    @Test
    void shouldReachAnAllowedHostFromTheController(final JenkinsRule r) throws Exception {
        // Given the endpoint's address and port allowed from the controller
        ReleaseGateConfiguration.get().setAllowedHosts("# the health endpoint\n127.0.0.1:" + endpoint.port());
        Profiles.yaml = definition(httpHealth(endpoint.url(), ""), "");

        // When a gate outside 'node' checks it
        WorkflowRun run = r.buildAndAssertSuccess(profileJob(r, false));

        // Then the check passes
        r.assertLogContains("orders-api: PASS", run);
    }

    @Test
    void shouldRefuseARedirectToAHostThatIsNotAllowedFromTheController(final JenkinsRule r) throws Exception {
        // Given only the redirector allowed, which redirects to the endpoint on another port
        ReleaseGateConfiguration.get()
                .setAllowedHosts("127.0.0.1:" + redirector.getAddress().getPort());
        Profiles.yaml = definition(
                httpHealth(
                        "http://127.0.0.1:" + redirector.getAddress().getPort() + "/health", "followRedirects: normal"),
                "");

        // When a gate outside 'node' checks the redirector
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, profileJob(r, false));

        // Then the redirect is not followed
        r.assertLogContains(
                "orders-api: ERROR — Redirected to http://127.0.0.1:" + endpoint.port()
                        + ". Not connecting: 127.0.0.1:" + endpoint.port()
                        + " is not among the allowed hosts. " + WHERE_TO_ALLOW,
                run);
    }

    @Test
    void shouldConfirmAnApprovalOnTheControllerAgainstTheAllowedHostsOnly(final JenkinsRule r) throws Exception {
        // Given a gate outside 'node' that waits for approval, its endpoint allowed while it first runs
        Gates.secure(r);
        ReleaseGateConfiguration.get().setAllowedHosts("127.0.0.1:" + endpoint.port());
        Profiles.yaml = definition(httpHealth(endpoint.url(), ""), "approval:\n  approvers: [ops]\n");
        WorkflowRun run = Gates.startAndWait(r, profileJob(r, true), "bob");
        assertThat(Gates.gate(run).getPhase()).isEqualTo(GatePhase.WAITING);

        // When an administrator withdraws the host, and alice approves
        ReleaseGateConfiguration.get().setAllowedHosts("");
        assertThat(Gates.decide(r, run, "orders-release", "alice", "{\"decision\": \"approve\", \"comment\": \"ok\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then the confirming run on the controller is refused the host, and the worse evidence voids the approval
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(run));
        r.assertLogContains("orders-api: ERROR — Not connecting: 127.0.0.1:" + endpoint.port(), run);
        assertThat(Gates.gate(run).getPhase()).isEqualTo(GatePhase.EVIDENCE_WORSENED);
    }

    @Test
    void shouldConfirmAnApprovalOnTheAgentWithTheHolidayCalendarOfItsWorkspace(final JenkinsRule r) throws Exception {
        // Given a gate inside 'node' on an agent whose change window reads a holiday calendar from the workspace
        Gates.secure(r);
        r.createOnlineSlave(Label.get("deploy"));
        String calendar = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//ops//holidays//EN\nBEGIN:VEVENT\n"
                + "UID:founding-day@example.com\nDTSTAMP:20260101T000000Z\nDTSTART;VALUE=DATE:20990101\n"
                + "SUMMARY:Founding day\nEND:VEVENT\nEND:VCALENDAR\n";
        String definition = "version: 1\nname: Orders release\nchecks:\n"
                + "  - id: window\n    type: changeWindow\n    timeZone: UTC\n    windows: [mon-sun 00:00-24:00]\n"
                + "    warnBeforeEnd: 0s\n    holidays: {calendar: holidays.ics}\n";
        WorkflowJob job = r.createProject(WorkflowJob.class, "window-on-agent");
        job.setDefinition(new CpsFlowDefinition(
                "node('deploy') {\n  writeFile file: 'holidays.ics', text: '''" + calendar + "'''\n"
                        + "  writeFile file: 'release-gate.yaml', text: '''" + definition + "'''\n"
                        + "  def gate = releaseGate config: 'release-gate.yaml'\n  echo \"verdict=${gate.verdict}\"\n}\n",
                true));
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // When alice approves
        assertThat(Gates.decide(r, run, "orders-release", "alice", "{\"decision\": \"approve\", \"comment\": \"ok\"}")
                        .getStatusCode())
                .isEqualTo(200);

        // Then the confirming run on the agent reads the calendar again, finds the window still open, and the
        // build proceeds
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogNotContains("window: ERROR", run);
        r.assertLogContains("[release-gate orders-release] window: PASS", run);
        r.assertLogContains("verdict=PASS", run);
    }

    @Test
    void shouldKeepTheAllowedHostsAcrossTheConfigurationPage(final JenkinsRule r) throws Exception {
        // Given allowed hosts
        ReleaseGateConfiguration.get().setAllowedHosts("db.example.com:5432\n10.0.0.0/8");

        // When the configuration page is submitted unchanged
        r.configRoundtrip();

        // Then they are kept
        assertThat(ReleaseGateConfiguration.get().getAllowedHosts()).isEqualTo("db.example.com:5432\n10.0.0.0/8");
    }

    private static WorkflowJob profileJob(final JenkinsRule r, final boolean approval) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(
                "def gate = releaseGate profile: 'production', approval: " + approval
                        + "\necho \"verdict=${gate.verdict}\"\n",
                true));
        return job;
    }

    private static String definition(final String checks, final String approval) {
        return "version: 1\nname: Orders release\nchecks:\n" + checks + approval;
    }

    private static String httpHealth(final String url, final String extra) {
        return "  - id: orders-api\n    type: httpHealth\n    url: " + url + "\n"
                + "    thresholds: {latency: {warn: 20s, fail: 30s}}\n"
                + (extra.isEmpty() ? "" : "    " + extra + "\n");
    }

    /** The ops profile 'production', as the test sets it. */
    @TestExtension
    public static final class Profiles implements GateProfileProvider {
        static volatile String yaml;

        @Override
        public DefinitionText find(final Item job, final String name) {
            String text = yaml;
            return "production".equals(name) && text != null ? new DefinitionText(text, "profile production") : null;
        }
    }

    /** Answers the id of the process it runs in. */
    private static final class ProcessId extends MasterToSlaveCallable<Long, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long call() {
            return ProcessHandle.current().pid();
        }
    }
}
