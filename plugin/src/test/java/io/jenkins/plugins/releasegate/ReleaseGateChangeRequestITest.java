package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.gate.GatePhase;
import java.nio.charset.StandardCharsets;
import jenkins.branch.BranchProperty;
import jenkins.branch.BranchSource;
import jenkins.branch.DefaultBranchPropertyStrategy;
import jenkins.branch.NoTriggerBranchProperty;
import jenkins.scm.api.metadata.ContributorMetadataAction;
import jenkins.scm.impl.mock.MockSCMController;
import jenkins.scm.impl.mock.MockSCMDiscoverBranches;
import jenkins.scm.impl.mock.MockSCMDiscoverChangeRequests;
import jenkins.scm.impl.mock.MockSCMSource;
import net.sf.json.JSONObject;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The contributor of a change request (a pull request) may not approve the release gate of the build for it, in a
 * real multibranch project over scm-api's {@link MockSCMSource}, which records the change request's contributor
 * ({@link ContributorMetadataAction}, user {@code bob}) as the GitHub, GitLab and Bitbucket sources do.
 */
@WithJenkins
class ReleaseGateChangeRequestITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** An approval with a comment, so that it counts whether the check passed or warned on a busy machine. */
    private static final String APPROVE = "{\"decision\": \"approve\", \"comment\": \"dashboards calm\"}";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    private MockSCMController controller;

    @BeforeEach
    void createController() {
        controller = MockSCMController.create();
    }

    @AfterEach
    void closeController() {
        controller.close();
    }

    @Test
    void shouldRefuseTheContributorOfTheChangeRequestAndAcceptAnotherApprover(final JenkinsRule r) throws Exception {
        // Given a repository whose Jenkinsfile runs a gate that waits for approval, and a change request bob
        // contributed, built by a multibranch project (branch indexing starts it: no user started the build)
        Gates.secure(r);
        controller.createRepository("orders");
        controller.addFile(
                "orders",
                "master",
                "Jenkinsfile and gate",
                "Jenkinsfile",
                ("node {\n  writeFile file: 'release-gate.yaml', text: '''" + Gates.definition(endpoint.url(), "")
                                + "'''\n  releaseGate config: 'release-gate.yaml'\n}\n")
                        .getBytes(StandardCharsets.UTF_8));
        Integer number = controller.openChangeRequest("orders", "master");
        WorkflowMultiBranchProject project = r.jenkins.createProject(WorkflowMultiBranchProject.class, "orders");
        BranchSource source = new BranchSource(new MockSCMSource(
                controller, "orders", new MockSCMDiscoverBranches(), new MockSCMDiscoverChangeRequests()));
        source.setStrategy(new DefaultBranchPropertyStrategy(new BranchProperty[] {new NoTriggerBranchProperty()}));
        project.getSourcesList().add(source);
        project.scheduleBuild2(0).getFuture().get();
        r.waitUntilNoActivity();
        WorkflowJob changeRequest = project.getItem("CR-" + number);
        assertThat(changeRequest).as("the change request's project").isNotNull();
        assertThat(changeRequest.getAction(ContributorMetadataAction.class).getContributor())
                .isEqualTo("bob");
        WorkflowRun run = changeRequest.scheduleBuild2(0).waitForStart();
        r.waitForMessage(Gates.WAITING, run);

        // When bob, who holds the Approve permission, approves
        WebResponse refused = Gates.decide(r, run, "orders-release", "bob", APPROVE);

        // Then he is refused as the contributor of the change request, named, and nothing is recorded
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(JSONObject.fromObject(refused.getContentAsString()).getString("message"))
                .isEqualTo("bob is the contributor of the change request CR-" + number
                        + " that this build is for, and the policy forbids self-approval: another approver must"
                        + " decide.");
        assertThat(gate(run).getDecisions()).isEmpty();

        // When alice approves
        assertThat(Gates.decide(r, run, "orders-release", "alice", APPROVE).getStatusCode())
                .isEqualTo(200);

        // Then the build proceeds with her approval
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(gate(run).getApprovers()).containsExactly("alice");
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.APPROVED);
    }
}
