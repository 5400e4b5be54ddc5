package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.Computer;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.util.OneShotEvent;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportReader;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.FailureBuilder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.UnstableBuilder;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The batchHealth check with {@code source: jenkins}: the latest builds of real Jenkins jobs, read as the user
 * the gate's build runs as.
 */
@WithJenkins
class ReleaseGateJenkinsJobsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String NOT_FOUND = "job nightly/hidden was not found, or the user the build runs as may not"
            + " read it: check the job's full name (folders and job separated by '/', as in its URL without 'job/')"
            + " and give that user Item/Read on the job";

    @Test
    void shouldJudgeTheLatestBuildsOfJenkinsJobs(final JenkinsRule r) throws Exception {
        // Given batch jobs whose last builds succeeded, failed, were unstable, and one building right now
        r.jenkins.setNumExecutors(4);
        MockFolder nightly = r.createFolder("nightly");
        r.buildAndAssertSuccess(nightly.createProject(FreeStyleProject.class, "ok"));
        FreeStyleProject broken = nightly.createProject(FreeStyleProject.class, "broken");
        broken.getBuildersList().add(new FailureBuilder());
        r.buildAndAssertStatus(Result.FAILURE, broken);
        FreeStyleProject flaky = nightly.createProject(FreeStyleProject.class, "flaky");
        flaky.getBuildersList().add(new UnstableBuilder());
        r.buildAndAssertStatus(Result.UNSTABLE, flaky);
        FreeStyleProject busy = nightly.createProject(FreeStyleProject.class, "busy");
        OneShotEvent release = new OneShotEvent();
        busy.getBuildersList().add(new Waiting(release));
        FreeStyleBuild running = busy.scheduleBuild2(0).waitForStart();
        WorkflowJob gateJob = Gates.job(r, "gate", definition(), ", approval: false");

        try {
            // When the gate runs
            WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, gateJob);

            // Then each check judged its job, as the report shows
            Map<String, CheckOutcome> checks = checks(run);
            assertThat(checks.get("ok").status()).isEqualTo(Status.PASS);
            assertThat(checks.get("broken").status()).isEqualTo(Status.FAIL);
            assertThat(checks.get("broken").result().getSummary())
                    .isEqualTo("1 job whose latest completed execution failed (nightly/broken)");
            assertThat(checks.get("broken").result().getDetails())
                    .singleElement()
                    .asString()
                    .startsWith("FAIL nightly/broken execution #1 (" + r.getURL() + "job/nightly/job/broken/1/):"
                            + " status FAILURE, started ");
            assertThat(checks.get("flaky").status()).isEqualTo(Status.WARN);
            assertThat(checks.get("flaky").result().getSummary()).isEqualTo("1 inconclusive execution (nightly/flaky)");
            assertThat(checks.get("busy").status()).isEqualTo(Status.WARN);
            assertThat(checks.get("busy").result().getSummary())
                    .isEqualTo("1 execution running at deploy time (nightly/busy)");
            assertThat(checks.get("required").status()).isEqualTo(Status.FAIL);
            assertThat(checks.get("required").result().getDetails())
                    .contains("FAIL required job nightly/flaky has never completed successfully");
            assertThat(checks.get("missing").status()).isEqualTo(Status.ERROR);
            assertThat(checks.get("missing").result().getSummary())
                    .isEqualTo("1 job not found or not readable (nightly/missing)");
            r.assertLogContains("[release-gate batch-jobs] ok: PASS", run);
        } finally {
            release.signal();
            r.waitForCompletion(running);
        }
    }

    @Test
    void shouldSayTheSameOfAJobTheBuildMayNotSeeAsOfAJobThatDoesNotExist(final JenkinsRule r) throws Exception {
        // Given a gate that runs as 'runner', who may read the folder and one of its jobs
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        Folder nightly = r.jenkins.createProject(Folder.class, "nightly");
        r.buildAndAssertSuccess(nightly.createProject(FreeStyleProject.class, "visible"));
        WorkflowJob gateJob = Gates.job(r, "gate", hiddenDefinition(), ", approval: false");
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate("gate", User.getById("runner", true).impersonate2()));
        MockAuthorizationStrategy runnerReads = new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Computer.BUILD)
                .everywhere()
                .to("runner")
                .grant(Item.READ, Item.BUILD)
                .onPaths("gate", "nightly", "nightly/visible")
                .to("runner");
        r.jenkins.setAuthorizationStrategy(runnerReads);

        // When the gate runs while nightly/hidden does not exist
        WorkflowRun missing = r.buildAndAssertStatus(Result.FAILURE, gateJob);

        // and again once it exists and has succeeded, but 'runner' may not see it
        r.buildAndAssertSuccess(nightly.createProject(FreeStyleProject.class, "hidden"));
        WorkflowRun invisible = r.buildAndAssertStatus(Result.FAILURE, gateJob);

        // and again when 'runner' may discover it but not read it
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Computer.BUILD)
                .everywhere()
                .to("runner")
                .grant(Item.READ, Item.BUILD)
                .onPaths("gate", "nightly", "nightly/visible")
                .to("runner")
                .grant(Item.DISCOVER)
                .onPaths("nightly/hidden")
                .to("runner"));
        WorkflowRun discoverable = r.buildAndAssertStatus(Result.FAILURE, gateJob);

        // and once 'runner' may read it
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Computer.BUILD)
                .everywhere()
                .to("runner")
                .grant(Item.READ, Item.BUILD)
                .onPaths("gate", "nightly", "nightly/visible", "nightly/hidden")
                .to("runner"));
        WorkflowRun readable = r.buildAndAssertSuccess(gateJob);

        // Then a job 'runner' cannot read is reported in the very words of a job that does not exist
        CheckOutcome whenMissing = checks(missing).get("hidden");
        CheckOutcome whenInvisible = checks(invisible).get("hidden");
        CheckOutcome whenDiscoverable = checks(discoverable).get("hidden");
        assertThat(whenMissing.status()).isEqualTo(Status.ERROR);
        assertThat(whenInvisible.status()).isEqualTo(Status.ERROR);
        assertThat(whenDiscoverable.status()).isEqualTo(Status.ERROR);
        assertThat(whenMissing.result().getDetails()).containsExactly("ERROR " + NOT_FOUND);
        assertThat(whenInvisible.result().getDetails())
                .isEqualTo(whenMissing.result().getDetails());
        assertThat(whenDiscoverable.result().getDetails())
                .isEqualTo(whenMissing.result().getDetails());
        assertThat(whenInvisible.result().getSummary())
                .isEqualTo(whenMissing.result().getSummary());
        assertThat(whenDiscoverable.result().getSummary())
                .isEqualTo(whenMissing.result().getSummary());
        // while the job it may read is judged, and the hidden one is once 'runner' may read it
        assertThat(checks(missing).get("visible").status()).isEqualTo(Status.PASS);
        assertThat(checks(readable).get("hidden").status()).isEqualTo(Status.PASS);
    }

    private static String definition() {
        return "version: 1\n"
                + "name: Batch jobs\n"
                + "checks:\n"
                + check("ok", "nightly/ok")
                + check("broken", "nightly/broken")
                + check("flaky", "nightly/flaky")
                + check("busy", "nightly/busy")
                + check("required", "nightly/flaky")
                + "    requiredJobs: {nightly/flaky: 24h}\n"
                + check("missing", "nightly/missing");
    }

    private static String hiddenDefinition() {
        return "version: 1\n"
                + "name: Batch jobs\n"
                + "checks:\n"
                + check("visible", "nightly/visible")
                + check("hidden", "nightly/hidden");
    }

    private static String check(final String id, final String job) {
        return "  - id: " + id + "\n" + "    type: batchHealth\n" + "    source: jenkins\n" + "    jobs: [" + job
                + "]\n";
    }

    private static Map<String, CheckOutcome> checks(final WorkflowRun run) throws Exception {
        File report = new File(Gates.evidenceDirectory(run, gate(run).getGateId()), "report.json");
        try (Reader reader = Files.newBufferedReader(report.toPath(), StandardCharsets.UTF_8)) {
            GateReport read = new JsonReportReader().read(reader);
            return read.getResult().getChecks().stream()
                    .collect(Collectors.toMap(CheckOutcome::id, Function.identity()));
        }
    }

    /** A build step that waits until the test lets it finish: a build that is running now. */
    private static final class Waiting extends TestBuilder {
        private final transient OneShotEvent release;

        Waiting(final OneShotEvent release) {
            this.release = release;
        }

        @Override
        public boolean perform(
                final AbstractBuild<?, ?> build, final hudson.Launcher launcher, final BuildListener listener)
                throws InterruptedException {
            release.block();
            return true;
        }
    }
}
