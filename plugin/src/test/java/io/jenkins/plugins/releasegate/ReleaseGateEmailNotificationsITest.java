package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.tasks.Mailer;
import io.jenkins.plugins.releasegate.action.NotificationRecord;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import jenkins.model.JenkinsLocationConfiguration;
import org.assertj.core.groups.Tuple;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleaseGateEmailNotificationsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String PASSWORD = "smtp-test-Zm9yIHRoZSBoZWFsdGggY2hlY2s";
    private static final String SENDER = "release-gate@example.com";
    private static final String E_MAIL_TARGET = "e-mail to 1 address(es)";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @RegisterExtension
    private final SmtpServer smtp = new SmtpServer();

    @Test
    void shouldMailOpsThroughMailersSmtpServerThatTheGateWaitsThenThatItIsDecided(final JenkinsRule r)
            throws Exception {
        // Given Mailer sending through a real SMTP server, and a profile whose health check logs in with a password
        // that the failing server echoes into its answer (so the check FAILs and carol may override), and that mails
        // ops on 'waiting' and 'decided' only
        Gates.secure(r);
        Mailer.descriptor().setSmtpHost("127.0.0.1");
        Mailer.descriptor().setSmtpPort(String.valueOf(smtp.port()));
        JenkinsLocationConfiguration.get().setAdminAddress("Release Gate <" + SENDER + ">");
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "orders-api-user", "health check user", "monitor", PASSWORD));
        SystemCredentialsProvider.getInstance().save();
        endpoint.echoPassword();
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();
        configuration.setAllowedHosts("127.0.0.1:" + endpoint.port());
        configuration.setProfiles(List.of(new GateProfile(
                "production",
                "version: 1\n"
                        + "name: Orders release\n"
                        + "checks:\n"
                        + "  - {id: orders-api, type: httpHealth, url: '" + endpoint.url()
                        + "', credentials: orders-api-user}\n"
                        + "approval:\n"
                        + "  approvers: [group:ops]\n"
                        + "  onFail: override\n"
                        + "  overriders: [carol]\n"
                        + "notifications:\n"
                        + "  email:\n"
                        + "    to: [ops@example.com]\n"
                        + "    events: [waiting, decided]\n")));
        WorkflowJob job = r.createProject(WorkflowJob.class, "orders");
        job.setDefinition(new CpsFlowDefinition("releaseGate profile: 'production', release: '2.8.0'", true));

        // When the gate waits
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // Then ops receive one mail from Jenkins' address that names the gate, the release, its blocking check, and
        // links the gate's page and the build
        SmtpServer.Received waiting = smtp.awaitMessages(1).get(0);
        assertThat(waiting.sender()).isEqualTo(SENDER);
        assertThat(waiting.recipients()).containsExactly("ops@example.com");
        MimeMessage waitingMail = parse(waiting);
        assertThat(waitingMail.getFrom()).containsExactly(new InternetAddress("Release Gate <" + SENDER + ">"));
        assertThat(waitingMail.getAllRecipients()).containsExactly(new InternetAddress("ops@example.com"));
        assertThat(waitingMail.getSubject())
                .startsWith("[Release Gate] Orders release: Release gate 'Orders release' waits for approval (FAIL)");
        assertThat(text(waitingMail))
                .startsWith("Release gate 'Orders release' waits for approval (FAIL): 1 approval(s) needed by ")
                .contains("Release: 2.8.0")
                .contains("• orders-api (FAIL): GET " + endpoint.url() + " answered 500")
                .contains("\nOpen the gate: " + r.getURL() + gateUrl(run) + "\n")
                .endsWith("\nBuild: " + r.getURL() + run.getUrl() + "\n");

        // When carol overrides the FAIL verdict with a justification
        assertThat(Gates.decide(
                                r,
                                run,
                                gate(run).getGateId(),
                                "carol",
                                "{\"decision\": \"approve\", \"comment\": \"known outage of a replica, failover"
                                        + " tested\"}")
                        .getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));

        // Then ops receive the decision, and no mail for 'overridden', which they did not ask for
        List<SmtpServer.Received> messages = smtp.awaitMessages(2);
        MimeMessage decidedMail = parse(messages.get(1));
        assertThat(messages.get(1).recipients()).containsExactly("ops@example.com");
        assertThat(decidedMail.getSubject())
                .isEqualTo("[Release Gate] Orders release: Release gate 'Orders release' approved by carol: the"
                        + " release proceeds");
        assertThat(text(decidedMail))
                .startsWith("Release gate 'Orders release' approved by carol: the release proceeds\n")
                .contains("\nOpen the gate: " + r.getURL() + gateUrl(run) + "\n")
                .endsWith("\nBuild: " + r.getURL() + run.getUrl() + "\n");

        // And the gate page lists both e-mail deliveries without the addresses, and the log the one sent while the
        // build ran
        while (gate(run).getNotifications().size() < 2) {
            Thread.sleep(50); // the decision's outcome arrives after the build ended; the test's time limit bounds this
        }
        assertThat(gate(run).getNotifications())
                .extracting(NotificationRecord::getEvent, NotificationRecord::getTarget, NotificationRecord::getStatus)
                .containsExactly(
                        Tuple.tuple("waiting", E_MAIL_TARGET, "DELIVERED"),
                        Tuple.tuple("decided", E_MAIL_TARGET, "DELIVERED"));
        r.assertLogContains("Notification 'waiting' to " + E_MAIL_TARGET + ": DELIVERED", run);
        String page = r.createWebClient()
                .login("mallory")
                .goTo(gateUrl(run))
                .getWebResponse()
                .getContentAsString();
        assertThat(page).contains("release-gate-notifications", E_MAIL_TARGET).doesNotContain("ops@example.com");
        assertThat(smtp.received()).hasSize(2);

        // And the password, which the server did echo (the report shows it masked), reaches neither the mails, the
        // log, the page nor build.xml
        assertThat(Files.readString(
                        new File(Gates.evidenceDirectory(run, gate(run).getGateId()), "report.json").toPath(),
                        StandardCharsets.UTF_8))
                .contains("denied for ****");
        String buildXml = Files.readString(new File(run.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8);
        List<String> texts = List.of(
                new String(messages.get(0).data(), StandardCharsets.ISO_8859_1),
                new String(messages.get(1).data(), StandardCharsets.ISO_8859_1),
                text(waitingMail),
                text(decidedMail),
                JenkinsRule.getLog(run),
                page,
                buildXml);
        for (String text : texts) {
            assertThat(text).doesNotContain(PASSWORD);
        }
    }

    /** Reads a received message as a mail client would. */
    private static MimeMessage parse(final SmtpServer.Received received) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(received.data()));
    }

    /** The plain text of a mail, lines ending with LF: Mailer sends it as the one part of a multipart message. */
    private static String text(final MimeMessage message) throws Exception {
        Object content = message.getContent();
        String text = content instanceof Multipart multipart
                ? multipart.getBodyPart(0).getContent().toString()
                : content.toString();
        return text.replace("\r\n", "\n");
    }
}
