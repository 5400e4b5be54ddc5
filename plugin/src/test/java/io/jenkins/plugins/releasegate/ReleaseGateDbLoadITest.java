package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Fingerprint;
import hudson.model.Result;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The dbLoad check against a real PostgreSQL, logging in with credentials from the Jenkins credentials store.
 */
@WithJenkins
class ReleaseGateDbLoadITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String MONITOR_PASSWORD = "pg-Monitor-Secret-4711";
    private static final String CREDENTIALS_ID = "orders-db-monitor";

    @TempDir
    static Path directory;

    private static PostgresServer postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = PostgresServer.start(directory, MONITOR_PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @Test
    void shouldMeasureTheDatabaseWithTheJenkinsCredentialsAndKeepThePasswordOut(final JenkinsRule r) throws Exception {
        // Given the monitoring account's password in the Jenkins credentials store, and a dbLoad check naming it
        UsernamePasswordCredentialsImpl credentials = storeCredentials(MONITOR_PASSWORD);
        WorkflowJob job = Gates.job(r, "orders", dbLoadDefinition(), ", approval: false");

        // When the gate runs on an idle database
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then the check logged in and measured, the build used the credentials, and the password is nowhere
        r.assertLogContains("[release-gate orders-database] orders-db: PASS", run);
        r.assertLogContains("verdict=PASS approved=false", run);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.PASS);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.PASSED);
        assertThat(report(run, "report.json")).contains("\"connectionsUsed\"");
        Fingerprint usage = CredentialsProvider.getFingerprintOf(credentials);
        assertThat(usage).isNotNull();
        assertThat(usage.getJobs()).contains("orders");
        assertPasswordNowhere(run, MONITOR_PASSWORD);
    }

    @Test
    void shouldFailWhenTheDatabaseRefusesTheJenkinsCredentialsAndKeepThePasswordOut(final JenkinsRule r)
            throws Exception {
        // Given a wrong password for the monitoring account in the Jenkins credentials store
        String wrongPassword = "not-the-Monitor-Secret-0815";
        storeCredentials(wrongPassword);
        WorkflowJob job = Gates.job(r, "orders", dbLoadDefinition(), ", approval: false");

        // When the gate runs
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the check fails, saying the database refused the login, and neither password appears anywhere
        r.assertLogContains("blocked the release: orders-db (FAIL: Connecting to " + postgres.url(), run);
        r.assertLogContains("the database refused the login", run);
        assertThat(gate(run).getVerdict()).isEqualTo(Status.FAIL);
        assertThat(gate(run).getPhase()).isEqualTo(GatePhase.BLOCKED);
        assertPasswordNowhere(run, wrongPassword);
        assertPasswordNowhere(run, MONITOR_PASSWORD);
    }

    private static UsernamePasswordCredentialsImpl storeCredentials(final String password) throws Exception {
        UsernamePasswordCredentialsImpl credentials = new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL,
                CREDENTIALS_ID,
                "orders database monitoring",
                PostgresServer.MONITOR,
                password);
        SystemCredentialsProvider.getInstance().getCredentials().add(credentials);
        SystemCredentialsProvider.getInstance().save();
        return credentials;
    }

    private static String dbLoadDefinition() {
        return "version: 1\n"
                + "name: Orders database\n"
                + "checks:\n"
                + "  - id: orders-db\n"
                + "    type: dbLoad\n"
                + "    url: " + postgres.url() + "\n"
                + "    credentials: " + CREDENTIALS_ID + "\n"
                + "    sampleInterval: 0\n";
    }

    private static String report(final WorkflowRun run, final String name) throws Exception {
        return Files.readString(
                new File(Gates.evidenceDirectory(run, gate(run).getGateId()), name).toPath(), StandardCharsets.UTF_8);
    }

    private static void assertPasswordNowhere(final WorkflowRun run, final String password) throws Exception {
        assertThat(JenkinsRule.getLog(run)).as("build log").doesNotContain(password);
        assertThat(Files.readString(new File(run.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8))
                .as("build.xml")
                .doesNotContain(password);
        for (String name : List.of("report.json", "report.html", "junit.xml")) {
            assertThat(report(run, name)).as(name).doesNotContain(password);
        }
    }
}
