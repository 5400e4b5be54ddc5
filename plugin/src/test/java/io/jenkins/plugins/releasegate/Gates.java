package io.jenkins.plugins.releasegate;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.io.File;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * What the plugin tests share: users and permissions, gate definitions, and pipelines that run them.
 */
final class Gates {
    /** The start of the log line printed once a gate waits for decisions. */
    static final String WAITING = "Decide on the gate page";

    /** What that line says of a gate inside 'node', whose executor stays taken while it waits. */
    static final String EXECUTOR_HELD = "The enclosing 'node' keeps its executor while the gate waits";

    private Gates() {}

    /**
     * Sets up users: alice and carol approve (group ops), bob starts builds and may approve too,
     * mallory only reads, admin administers without the Approve permission.
     */
    static void secure(final JenkinsRule r) {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("alice", "ops");
        realm.addGroups("carol", "ops");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CANCEL)
                .everywhere()
                .to("alice", "bob", "carol", "mallory")
                .grant(ReleaseGatePermissions.APPROVE)
                .everywhere()
                .to("alice", "bob", "carol")
                .grant(ReleaseGatePermissions.OVERRIDE)
                .everywhere()
                .to("carol")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    /**
     * Configures a default ops profile, without checks, that holds the given approval policy (YAML lines): what a
     * repository may not set alone, such as {@code onFail: override}, comes from ops.
     */
    static void opsPolicy(final String approvalPolicy) {
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();
        configuration.setProfiles(List.of(new GateProfile(
                "ops-policy", "version: 1\nname: Orders release\nchecks: []\napproval:\n" + approvalPolicy)));
        configuration.setDefaultProfile("ops-policy");
    }

    /** A gate with one httpHealth check against the endpoint and the given approval policy (YAML lines). */
    static String definition(final String url, final String approvalPolicy) {
        return "version: 1\n"
                + "name: Orders release\n"
                + "checks:\n"
                + "  - id: orders-api\n"
                + "    type: httpHealth\n"
                + "    url: " + url + "\n"
                + "    json:\n"
                + "      - {pointer: /status, equals: UP}\n"
                + (approvalPolicy.isEmpty() ? "" : "approval:\n" + approvalPolicy);
    }

    /** A pipeline that writes the definition into the workspace and runs the gate with the given extra arguments. */
    static WorkflowJob job(final JenkinsRule r, final String name, final String definition, final String arguments)
            throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'release-gate.yaml', text: '''" + definition + "'''\n"
                        + "  def gate = releaseGate config: 'release-gate.yaml', release: '2.8.0'" + arguments + "\n"
                        + "  echo \"verdict=${gate.verdict} approved=${gate.approved} approvers=${gate.approvers} url=${gate.reportUrl}\"\n"
                        + "}\n",
                true));
        return job;
    }

    /** Starts a build as started by the given user and waits until its gate waits for decisions. */
    static WorkflowRun startAndWait(final JenkinsRule r, final WorkflowJob job, final String startedBy)
            throws Exception {
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(startedBy)))
                .waitForStart();
        r.waitForMessage(WAITING, run);
        return run;
    }

    static ReleaseGateAction gate(final WorkflowRun run) {
        return run.getAction(ReleaseGateAction.class);
    }

    static String gateUrl(final WorkflowRun run) {
        return run.getUrl() + gate(run).getUrlName() + "/";
    }

    /** The start of the log line printed once the gate with the given id waits for decisions. */
    static String waitingLine(final String gateId) {
        return "[release-gate " + gateId + "] Decide on the gate page";
    }

    /** The gate of the build with the given id. */
    static ReleaseGateAction gate(final WorkflowRun run, final String gateId) {
        return ReleaseGateAction.of(run).stream()
                .filter(action -> action.getGateId().equals(gateId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no release gate '" + gateId + "' in " + run + ": "
                        + ReleaseGateAction.of(run).stream()
                                .map(ReleaseGateAction::getGateId)
                                .toList()));
    }

    /** The page of the gate of the build with the given id, relative to the Jenkins root. */
    static String gateUrl(final WorkflowRun run, final String gateId) {
        return run.getUrl() + gate(run, gateId).getUrlName() + "/";
    }

    /** The evidence directory of the gate of the build with the given id. */
    static File evidenceDirectory(final WorkflowRun run, final String gateId) {
        return new File(run.getRootDir(), "release-gate/" + gateId);
    }

    /**
     * Posts a JSON decision to the gate with the given id as the user, authenticated with an API token;
     * a refusal is answered, not thrown.
     */
    static WebResponse decide(
            final JenkinsRule r, final WorkflowRun run, final String gateId, final String user, final String json)
            throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(r.getURL(), gateUrl(run, gateId) + "decide"), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody(json);
        return web.getPage(request).getWebResponse();
    }

    /**
     * A pipeline that writes the definition into the workspace as {@code release-gate.yaml} and then runs
     * the given script inside the same {@code node} block.
     */
    static WorkflowJob jobRunning(final JenkinsRule r, final String name, final String definition, final String script)
            throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(
                "node {\n" + "  writeFile file: 'release-gate.yaml', text: '''" + definition + "'''\n" + script + "}\n",
                true));
        return job;
    }
}
