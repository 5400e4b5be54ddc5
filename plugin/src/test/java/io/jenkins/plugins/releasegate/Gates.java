package io.jenkins.plugins.releasegate;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import io.jenkins.plugins.releasegate.build.ReleaseGateAction;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * What the plugin tests share: users and permissions, gate definitions, and pipelines that run them.
 */
final class Gates {
    /** The log line printed once a gate waits for decisions. */
    static final String WAITING = "Waiting without an executor.";

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
}
