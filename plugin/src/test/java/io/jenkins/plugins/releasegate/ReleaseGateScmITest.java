package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static org.assertj.core.api.Assertions.assertThat;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Item;
import hudson.model.Result;
import hudson.scm.SCM;
import hudson.scm.SCMDescriptor;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.branch.BranchProperty;
import jenkins.branch.BranchSource;
import jenkins.branch.DefaultBranchPropertyStrategy;
import jenkins.branch.NoTriggerBranchProperty;
import jenkins.scm.api.SCMFile;
import jenkins.scm.api.SCMFileSystem;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.SCMRevision;
import jenkins.scm.api.SCMSource;
import jenkins.scm.api.SCMSourceDescriptor;
import jenkins.scm.impl.mock.MockSCM;
import jenkins.scm.impl.mock.MockSCMController;
import jenkins.scm.impl.mock.MockSCMDiscoverBranches;
import jenkins.scm.impl.mock.MockSCMHead;
import jenkins.scm.impl.mock.MockSCMRevision;
import jenkins.scm.impl.mock.MockSCMSource;
import org.apache.commons.io.FileUtils;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A gate whose definition and files come from the repository the Pipeline was loaded from waits outside
 * {@code node}, holding no executor: multibranch (scripted and Declarative) and "Pipeline script from SCM", at the
 * build's own revision. The repositories are scm-api's {@link MockSCMController}; {@link MockScmFileSystems} reads
 * them without a checkout, as the Git plugin's file system reads a Git repository.
 */
@WithJenkins
class ReleaseGateScmITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** The repository of this name offers no lightweight file system, as some SCMs do not. */
    private static final String CHECKOUT_ONLY = "checkout-only";

    private static final String DEFINITION = "version: 1\n"
            + "name: Orders release\n"
            + "checks:\n"
            + "  - id: rollback\n"
            + "    type: rollbackPlan\n"
            + "approval:\n"
            + "  requireComment: always\n";

    private static final String SCRIPTED = "def gate = releaseGate config: 'release-gate.yaml', release: '2.8.0'\n"
            + "echo \"approved=${gate.approved} approvers=${gate.approvers}\"\n"
            + "node { echo 'deploying 2.8.0' }\n";

    private static final String DECLARATIVE = "pipeline {\n"
            + "  agent none\n"
            + "  stages {\n"
            + "    stage('Release gate') {\n"
            + "      steps {\n"
            + "        releaseGate config: 'release-gate.yaml', release: '2.8.0'\n"
            + "      }\n"
            + "    }\n"
            + "    stage('Deploy') {\n"
            + "      agent any\n"
            + "      steps {\n"
            + "        echo 'deploying 2.8.0'\n"
            + "      }\n"
            + "    }\n"
            + "  }\n"
            + "}\n";

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
    void shouldWaitOutsideNodeWithoutAnyExecutorInScriptedAndDeclarativePipelines(final JenkinsRule r)
            throws Exception {
        // Given an agent beside the built-in node, and a multibranch project whose branches hold a Jenkinsfile
        // (scripted on master, Declarative with 'agent none' on declarative), the gate definition and a rollback plan
        Gates.secure(r);
        r.createOnlineSlave();
        repository("orders", SCRIPTED);
        controller.cloneBranch("orders", "master", "declarative");
        commit("orders", "declarative", "Jenkinsfile", DECLARATIVE);
        String scriptedRevision = controller.getRevision("orders", "master");
        String declarativeRevision = controller.getRevision("orders", "declarative");

        // When a build of each branch starts and both gates wait
        WorkflowMultiBranchProject project = multibranch(r, "orders");
        WorkflowRun scripted = waitingBuild(r, project, "master");
        WorkflowRun declarative = waitingBuild(r, project, "declarative");

        // Then no executor of any node is busy, and each log says where the definition came from and that no
        // executor is held
        assertThat(r.jenkins.getComputers()).hasSizeGreaterThan(1);
        assertThat(busyExecutors(r)).isEmpty();
        for (WorkflowRun run : List.of(scripted, declarative)) {
            String revision = run == scripted ? scriptedRevision : declarativeRevision;
            String branch = run == scripted ? "master" : "declarative";
            r.assertLogContains(
                    "Read the gate definition release-gate.yaml from branch " + branch
                            + " of the multibranch source at revision " + revision
                            + ", without a workspace; the checks read their files there too. No executor is held"
                            + " while the gate waits.",
                    run);
            r.assertLogContains("Waiting without an executor.", run);
            r.assertLogNotContains("keeps its executor", run);
            // and the rollback plan was read from the repository
            assertThat(rollback(run).getStatus()).as(rollback(run).getSummary()).isEqualTo(Status.PASS);
        }

        // When alice approves both gates through the gate page's form
        approve(r, scripted);
        approve(r, declarative);

        // Then both builds proceed to their deployment on a node
        for (WorkflowRun run : List.of(scripted, declarative)) {
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            r.assertLogContains("deploying 2.8.0", run);
            assertThat(gate(run).getPhase()).isEqualTo(GatePhase.APPROVED);
        }
        r.assertLogContains("approved=true approvers=[alice]", scripted);
    }

    @Test
    void shouldReadTheRevisionTheBuildStartedFrom(final JenkinsRule r) throws Exception {
        // Given a branch whose Pipeline asks a question before its gate
        Gates.secure(r);
        repository("orders", "input message: 'Release?'\n" + SCRIPTED);
        String started = controller.getRevision("orders", "master");
        WorkflowMultiBranchProject project = multibranch(r, "orders");
        WorkflowRun first = buildOf(r, project, "master");
        r.waitForMessage("Release?", first);

        // When the definition and the plan change in the repository after the build started, and the build goes on
        commit("orders", "master", "release-gate.yaml", DEFINITION.replace("Orders release", "Changed meanwhile"));
        commit("orders", "master", ".release/rollback.yaml", "not a plan any more");
        String changed = controller.getRevision("orders", "master");
        assertThat(changed).isNotEqualTo(started);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            first.getAction(InputAction.class).getExecutions().get(0).proceed((Map<String, Object>) null);
        }
        r.waitForMessage(Gates.WAITING, first);

        // Then the gate read the revision the build started from: its definition and its plan
        assertThat(gate(first).getGateName()).isEqualTo("Orders release");
        r.assertLogContains("at revision " + started + ",", first);
        r.assertLogNotContains(changed, first);
        assertThat(rollback(first).getStatus()).as(rollback(first).getSummary()).isEqualTo(Status.PASS);

        // and a build started after the change reads the change: the other name, and the plan that is no plan
        WorkflowRun second = buildOf(r, project, "master");
        r.waitForMessage("Release?", second);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            second.getAction(InputAction.class).getExecutions().get(0).proceed((Map<String, Object>) null);
        }
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(second));
        assertThat(gate(second).getGateName()).isEqualTo("Changed meanwhile");
        r.assertLogContains("at revision " + changed + ",", second);
        assertThat(rollback(second).getStatus()).isEqualTo(Status.FAIL);

        // When the first gate is approved, Then its build proceeds
        approve(r, first);
        r.assertBuildStatusSuccess(r.waitForCompletion(first));
    }

    @Test
    void shouldReadTheRepositoryOfAPipelineScriptFromScm(final JenkinsRule r) throws Exception {
        // Given an agent, and a job with "Pipeline script from SCM" (lightweight) over the repository
        Gates.secure(r);
        r.createOnlineSlave();
        repository("orders", SCRIPTED);
        String revision = controller.getRevision("orders", "master");
        WorkflowJob job = r.createProject(WorkflowJob.class, "orders");
        CpsScmFlowDefinition definition = new CpsScmFlowDefinition(
                new MockSCM(controller, "orders", new MockSCMHead("master"), null), "Jenkinsfile");
        definition.setLightweight(true);
        job.setDefinition(definition);

        // When it runs and the gate waits
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage(Gates.WAITING, run);

        // Then no executor is busy, and the log names the repository and the revision read
        assertThat(busyExecutors(r)).isEmpty();
        r.assertLogContains(
                "Read the gate definition release-gate.yaml from the repository of the Pipeline script (Mock SCM) at"
                        + " revision " + revision + ", without a workspace",
                run);
        assertThat(rollback(run).getStatus()).as(rollback(run).getSummary()).isEqualTo(Status.PASS);

        // When alice approves, Then the build proceeds
        approve(r, run);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("deploying 2.8.0", run);
    }

    @Test
    void shouldSayWhatToDoWhenTheRepositoryCannotBeReadWithoutACheckout(final JenkinsRule r) throws Exception {
        // Given a branch of a repository whose SCM offers no lightweight file system (Jenkins checks the
        // Jenkinsfile out instead), with a gate outside 'node'
        repository(CHECKOUT_ONLY, SCRIPTED);
        WorkflowMultiBranchProject project = multibranch(r, CHECKOUT_ONLY);

        // When it runs
        WorkflowRun run = buildOf(r, project, "master");
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(run));

        // Then the step says why it cannot read the definition, and what to do
        r.assertLogContains(
                "'config: release-gate.yaml' names a file of the repository, but this releaseGate step runs outside"
                        + " 'node' and branch master of the multibranch source cannot be read without a checkout (its"
                        + " SCM offers no lightweight file system): put the step inside 'node' after 'checkout"
                        + " scm', or use 'profile'",
                run);
    }

    @Test
    void shouldSayThatTheEnclosingNodeKeepsItsExecutor(final JenkinsRule r) throws Exception {
        // Given a branch whose gate runs inside 'node', after the checkout
        repository(
                "orders", "node {\n  checkout scm\n  releaseGate config: 'release-gate.yaml', release: '2.8.0'\n}\n");
        WorkflowMultiBranchProject project = multibranch(r, "orders");

        // When the gate waits
        WorkflowRun run = waitingBuild(r, project, "master");

        // Then the node's executor is busy, and the log says so and which workspace was read
        assertThat(busyExecutors(r)).hasSize(1);
        r.assertLogContains("Read the gate definition release-gate.yaml from the workspace ", run);
        r.assertLogContains("The enclosing 'node' keeps its executor while the gate waits.", run);
        r.assertLogNotContains("No executor is held", run);
        run.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
    }

    // ------------------------------------------------------------------ helpers

    /** Creates a repository whose master holds the Jenkinsfile, the gate definition and a current rollback plan. */
    private void repository(final String name, final String jenkinsfile) throws IOException {
        controller.createRepository(name);
        commit(name, "master", "Jenkinsfile", jenkinsfile);
        commit(name, "master", "release-gate.yaml", DEFINITION);
        commit(name, "master", ".release/rollback.yaml", rollbackPlan());
    }

    private void commit(final String repository, final String branch, final String path, final String content)
            throws IOException {
        controller.addFile(repository, branch, "Change " + path, path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A plan for 2.8.0 that passes every rule: reviewed and rehearsed recently. */
    private static String rollbackPlan() {
        LocalDate today = LocalDate.now();
        return "apiVersion: releasegate/v1\n"
                + "change: {id: CHG-1234, release: 2.8.0, rollbackTo: 2.7.3}\n"
                + "owner: {primary: jdoe, backup: asmith}\n"
                + "triggers:\n"
                + "  - {metric: http_5xx_rate, op: \">\", value: \"2%\", for: 5m}\n"
                + "decisionDeadline: 30m\n"
                + "estimatedDuration: 20m\n"
                + "data: {tool: none, strategy: none}\n"
                + "steps:\n"
                + "- {action: \"Deploy 2.7.3\", estimate: 10m, verify: \"smoke tests pass\"}\n"
                + "verification: [\"smoke tests pass\"]\n"
                + "review: {lastReviewed: " + today.minusDays(2) + ", reviewer: asmith, lastRehearsed: "
                + today.minusDays(5) + "}\n";
    }

    private WorkflowMultiBranchProject multibranch(final JenkinsRule r, final String repository) throws Exception {
        WorkflowMultiBranchProject project = r.jenkins.createProject(WorkflowMultiBranchProject.class, repository);
        BranchSource source =
                new BranchSource(new MockSCMSource(controller, repository, new MockSCMDiscoverBranches()));
        // the test starts each build itself, so that it holds the build from its start
        source.setStrategy(new DefaultBranchPropertyStrategy(new BranchProperty[] {new NoTriggerBranchProperty()}));
        project.getSourcesList().add(source);
        project.scheduleBuild2(0).getFuture().get();
        return project;
    }

    /** Starts a build of a branch (indexing found the branch, but starts nothing: see {@link #multibranch}). */
    private static WorkflowRun buildOf(
            final JenkinsRule r, final WorkflowMultiBranchProject project, final String branch) throws Exception {
        WorkflowJob job = project.getItem(branch);
        assertThat(job).as("branch project " + branch).isNotNull();
        return job.scheduleBuild2(0).waitForStart();
    }

    private static WorkflowRun waitingBuild(
            final JenkinsRule r, final WorkflowMultiBranchProject project, final String branch) throws Exception {
        WorkflowRun run = buildOf(r, project, branch);
        r.waitForMessage(Gates.WAITING, run);
        return run;
    }

    /** What the gate's rollbackPlan check found. */
    private static CheckResult rollback(final WorkflowRun run) {
        List<CheckOutcome> checks = gate(run).getReport().getResult().getChecks();
        assertThat(checks).extracting(CheckOutcome::id).containsExactly("rollback");
        return checks.get(0).result();
    }

    private static List<String> busyExecutors(final JenkinsRule r) {
        List<String> busy = new ArrayList<>();
        for (Computer computer : r.jenkins.getComputers()) {
            for (Executor executor : computer.getExecutors()) {
                if (!executor.isIdle()) {
                    busy.add(computer.getDisplayName() + " #" + executor.getNumber() + ": "
                            + executor.getCurrentExecutable());
                }
            }
        }
        return busy;
    }

    /** Alice approves through the gate page's form: a POST with a crumb and a comment. */
    private static void approve(final JenkinsRule r, final WorkflowRun run) throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        WebRequest form = new WebRequest(new URL(r.getURL(), Gates.gateUrl(run) + "approve"), HttpMethod.POST);
        form.setRequestParameters(List.of(new NameValuePair("comment", "rollback plan reviewed")));
        web.addCrumb(form);
        assertThat(web.getPage(form).getWebResponse().getStatusCode()).isEqualTo(200);
    }

    /**
     * Reads a {@link MockSCMController} repository at one revision without a checkout into a workspace: the revision
     * is written once to a directory of its own, which the file system serves and deletes when closed. The
     * repository named {@value #CHECKOUT_ONLY} gets none, as with an SCM that has no lightweight file system.
     */
    @TestExtension
    public static final class MockScmFileSystems extends SCMFileSystem.Builder {
        @Override
        public boolean supports(final SCM source) {
            return source instanceof MockSCM;
        }

        @Override
        public boolean supports(final SCMSource source) {
            return source instanceof MockSCMSource;
        }

        @Override
        protected boolean supportsDescriptor(final SCMDescriptor descriptor) {
            return descriptor instanceof MockSCM.DescriptorImpl;
        }

        @Override
        protected boolean supportsDescriptor(final SCMSourceDescriptor descriptor) {
            return descriptor instanceof MockSCMSource.DescriptorImpl;
        }

        @Override
        public SCMFileSystem build(
                @NonNull final Item owner, @NonNull final SCM scm, @CheckForNull final SCMRevision revision)
                throws IOException {
            MockSCM mock = (MockSCM) scm;
            MockSCMController controller = MockSCMController.lookup(mock.getControllerId());
            String hash = revision instanceof MockSCMRevision pinned
                    ? pinned.getHash()
                    : mock.getRevision() != null
                            ? mock.getRevision()
                            : controller.getRevision(mock.getRepository(), mock.getHead());
            return open(controller, mock.getRepository(), new MockSCMRevision(new MockSCMHead(mock.getHead()), hash));
        }

        @Override
        public SCMFileSystem build(
                @NonNull final SCMSource source, @NonNull final SCMHead head, @CheckForNull final SCMRevision revision)
                throws IOException {
            MockSCMSource mock = (MockSCMSource) source;
            MockSCMController controller = MockSCMController.lookup(mock.getControllerId());
            String hash = revision instanceof MockSCMRevision pinned
                    ? pinned.getHash()
                    : controller.getRevision(mock.getRepository(), head.getName());
            return open(controller, mock.getRepository(), new MockSCMRevision(head, hash));
        }

        @CheckForNull
        private static SCMFileSystem open(
                final MockSCMController controller, final String repository, final MockSCMRevision revision)
                throws IOException {
            if (CHECKOUT_ONLY.equals(repository)) {
                return null;
            }
            Path directory = Files.createTempDirectory("mock-scm-revision");
            controller.checkout(directory.toFile(), repository, revision.getHash());
            return new RevisionFileSystem(revision, directory);
        }
    }

    /** One revision of a mock repository, served from the directory it was written to. */
    private static final class RevisionFileSystem extends SCMFileSystem {
        private final Path directory;

        RevisionFileSystem(final SCMRevision revision, final Path directory) {
            super(revision);
            this.directory = directory;
        }

        @Override
        public long lastModified() {
            return 0L;
        }

        @NonNull
        @Override
        public SCMFile getRoot() {
            return new DirectoryFile(directory);
        }

        @Override
        public void close() throws IOException {
            FileUtils.deleteDirectory(directory.toFile());
        }
    }

    /** A file of a {@link RevisionFileSystem}. */
    private static final class DirectoryFile extends SCMFile {
        private final Path path;

        DirectoryFile(final Path path, final SCMFile parent, final String name) {
            super(parent, name);
            this.path = path;
        }

        DirectoryFile(final Path path) {
            this.path = path;
        }

        @NonNull
        @Override
        protected SCMFile newChild(@NonNull final String name, final boolean assumeIsDirectory) {
            return new DirectoryFile(path.resolve(name), this, name);
        }

        @NonNull
        @Override
        public Iterable<SCMFile> children() throws IOException {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            List<SCMFile> children = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                entries.forEach(
                        entry -> children.add(newChild(entry.getFileName().toString(), false)));
            }
            return children;
        }

        @Override
        public long lastModified() {
            return 0L;
        }

        @NonNull
        @Override
        protected Type type() {
            if (Files.isSymbolicLink(path)) {
                return Type.LINK;
            }
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return Type.REGULAR_FILE;
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return Type.DIRECTORY;
            }
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? Type.OTHER : Type.NONEXISTENT;
        }

        @NonNull
        @Override
        public InputStream content() throws IOException {
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    ? Files.newInputStream(path)
                    : new ByteArrayInputStream(new byte[0]);
        }
    }
}
