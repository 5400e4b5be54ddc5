package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Descriptor;
import hudson.model.User;
import hudson.scm.SCMDescriptor;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.triggers.SCMTrigger;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.FakeChangeLogSCM;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Self-approval beyond "Started by user": the authors of the changes a Pipeline checked out, and of those of the
 * builds upstream, may not approve by default; a profile lets them only with the administrator's leave.
 *
 * <p>The change set comes from a real {@code checkout} step. scm-api's {@code MockSCM} writes a change log whose
 * entries all have the unknown user as author, so it cannot show an author who maps to a Jenkins user; the test
 * harness's {@link FakeChangeLogSCM} records changes with an author id that Jenkins resolves to its user, and
 * {@link AuthoredChanges} makes it usable from a Pipeline script.</p>
 */
@WithJenkins
class ReleaseGateSelfApprovalITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String GATE_ID = "orders-release";

    /** An approval with a comment, so that it counts whether the check passed or warned on a busy machine. */
    private static final String APPROVE = "{\"decision\": \"approve\", \"comment\": \"dashboards calm\"}";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    /** A checkout whose change set holds one change by the given author, as the SCM's change log says. */
    public static final class AuthoredChanges extends FakeChangeLogSCM {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the checkout.
         *
         * @param author the user id of the change's author
         * @param message the change's message
         */
        @DataBoundConstructor
        public AuthoredChanges(final String author, final String message) {
            addChange().withAuthor(author).withMsg(message);
        }

        @Override
        public SCMDescriptor<?> getDescriptor() {
            return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
        }

        /** Describes the checkout for the Pipeline {@code checkout} step. */
        @TestExtension
        public static final class DescriptorImpl extends SCMDescriptor<AuthoredChanges> {
            /** Creates the descriptor. */
            public DescriptorImpl() {
                super(null);
            }
        }
    }

    /** A pipeline that checks out one change by the author and runs the gate; started by SCM polling, no user. */
    private WorkflowJob releaseJob(final JenkinsRule r, final String name, final String author) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  checkout([$class: 'AuthoredChanges', author: '" + author
                        + "', message: 'Raise the connection pool'])\n"
                        + "  writeFile file: 'release-gate.yaml', text: '''" + Gates.definition(endpoint.url(), "")
                        + "'''\n"
                        + "  releaseGate config: 'release-gate.yaml'\n"
                        + "}\n",
                true));
        return job;
    }

    private static WorkflowRun startByPolling(final JenkinsRule r, final WorkflowJob job) throws Exception {
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new SCMTrigger.SCMTriggerCause("polling")))
                .waitForStart();
        r.waitForMessage(Gates.WAITING, run);
        return run;
    }

    private static WebResponse approveThroughTheForm(final JenkinsRule r, final WorkflowRun run, final String user)
            throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().login(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest form = new WebRequest(new URL(r.getURL(), gateUrl(run) + "approve"), HttpMethod.POST);
        form.setRequestParameters(List.of(new NameValuePair("comment", "dashboards calm")));
        web.addCrumb(form);
        return web.getPage(form).getWebResponse();
    }

    @Test
    void shouldRefuseTheAuthorOfAChangeInTheBuildAndAcceptAnotherApprover(final JenkinsRule r) throws Exception {
        // Given a release build started by SCM polling (no user), whose checkout holds a change bob authored
        Gates.secure(r);
        WorkflowJob job = releaseJob(r, "orders", "bob");
        WorkflowRun run = startByPolling(r, job);

        // When bob approves through the REST API and through the gate page's form
        WebResponse api = Gates.decide(r, run, GATE_ID, "bob", APPROVE);
        WebResponse form = approveThroughTheForm(r, run, "bob");

        // Then both are refused with the sentence naming his change, and nothing is recorded
        String sentence = "bob authored the change “Raise the connection pool” in this build, and the policy"
                + " excludes change authors from approving: another approver must decide.";
        assertThat(api.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(api.getContentAsString()).getString("message"))
                .isEqualTo(sentence);
        assertThat(form.getStatusCode()).isEqualTo(403);
        assertThat(form.getContentAsString()).contains("bob authored the change");
        assertThat(gate(run).getDecisions()).isEmpty();

        // And the gate page says who may not approve and why
        HtmlPage page = r.createWebClient().login("alice").goTo(gateUrl(run));
        assertThat(page.getElementById("release-gate-excluded").getTextContent())
                .contains("bob (authored the change “Raise the connection pool”)");

        // When alice, who wrote nothing of it, approves through the form
        WebResponse accepted = approveThroughTheForm(r, run, "alice");

        // Then her approval is taken and the build proceeds
        assertThat(accepted.getStatusCode()).isLessThan(400);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(gate(run).getApprovers()).containsExactly("alice");
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.APPROVED);
    }

    @Test
    void shouldRefuseTheAuthorOfAChangeInTheUpstreamBuildThatTriggeredTheRelease(final JenkinsRule r) throws Exception {
        // Given a build job, started by polling, whose checkout holds a change carol authored, and a release build
        // it triggered
        Gates.secure(r);
        WorkflowJob build = r.createProject(WorkflowJob.class, "orders-build");
        build.setDefinition(new CpsFlowDefinition(
                "node { checkout([$class: 'AuthoredChanges', author: 'carol', message: 'Add the index']) }", true));
        WorkflowRun upstream = r.assertBuildStatusSuccess(
                build.scheduleBuild2(0, new CauseAction(new SCMTrigger.SCMTriggerCause("polling"))));
        WorkflowJob release = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), "");
        WorkflowRun run = release.scheduleBuild2(0, new CauseAction(new Cause.UpstreamCause(upstream)))
                .waitForStart();
        r.waitForMessage(Gates.WAITING, run);

        // When carol approves
        WebResponse refused = Gates.decide(r, run, GATE_ID, "carol", APPROVE);

        // Then she is refused as the author of a change in the build upstream, which is named; alice may approve
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(refused.getContentAsString()).getString("message"))
                .contains("carol authored the change “Add the index” in orders-build #1, which triggered this"
                        + " build");
        assertThat(Gates.decide(r, run, GATE_ID, "alice", APPROVE).getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
    }

    @Test
    void shouldLetAProfileAdmitChangeAuthorsOnlyWithTheAdministratorsLeave(final JenkinsRule r) throws Exception {
        // Given a default profile that lets change authors approve, set as configuration as code sets it, without
        // the administrator's leave
        Gates.secure(r);
        Gates.opsPolicy("  excludeChangeAuthors: false\n");
        assertThat(ReleaseGateConfiguration.get().isProfilesMayAllowChangeAuthors())
                .isFalse();
        WorkflowJob job = releaseJob(r, "orders", "bob");

        // When a build whose change bob authored waits at its gate
        WorkflowRun held = startByPolling(r, job);

        // Then the note says the profile's setting is not applied, and bob is still refused
        r.assertLogContains(
                "profile ops-policy: approval excludeChangeAuthors: false is not allowed: the administrator has not"
                        + " allowed profiles to let the authors of a build's changes approve it",
                held);
        assertThat(Gates.decide(r, held, GATE_ID, "bob", APPROVE).getStatusCode())
                .isEqualTo(403);
        assertThat(Gates.decide(r, held, GATE_ID, "alice", APPROVE).getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(held));

        // And the profile form refuses the setting next to the field
        Descriptor<GateProfile> descriptor = Jenkins.get().getDescriptorOrDie(GateProfile.class);
        FormValidation check;
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            check = ((GateProfile.DescriptorImpl) descriptor)
                    .doCheckDefinition(
                            null,
                            "ops-policy",
                            "version: 1\nname: Orders release\nchecks: []\napproval:\n  excludeChangeAuthors: false\n");
        }
        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("excludeChangeAuthors: false is not allowed");

        // When the administrator gives leave
        ReleaseGateConfiguration.get().setProfilesMayAllowChangeAuthors(true);
        WorkflowRun admitted = startByPolling(r, job);

        // Then bob's approval is taken
        assertThat(Gates.decide(r, admitted, GATE_ID, "bob", APPROVE).getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(admitted));
        r.assertLogNotContains("is not allowed", admitted);
    }
}
