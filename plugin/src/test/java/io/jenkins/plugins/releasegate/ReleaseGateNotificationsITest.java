package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.util.Secret;
import io.jenkins.plugins.releasegate.action.NotificationRecord;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.groups.Tuple;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleaseGateNotificationsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "whsec-Qm9vayBvZiBHYXRlcw";
    private static final String TOKEN_PATH = "/hooks/T0001/B0002/token-in-the-path";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @RegisterExtension
    private final WebhookEndpoint webhook = new WebhookEndpoint();

    @Test
    void shouldTellTheProfilesWebhookThatTheGateWaitsSignedThenTheDecision(final JenkinsRule r) throws Exception {
        // Given a profile with a health check and a webhook whose payloads are signed with a secret text credential
        Gates.secure(r);
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "release-gate-webhook",
                        "webhook signature",
                        Secret.fromString(SECRET)));
        SystemCredentialsProvider.getInstance().save();
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();
        configuration.setAllowedHosts("127.0.0.1:" + endpoint.port());
        configuration.setProfiles(List.of(new GateProfile(
                "production",
                "version: 1\n"
                        + "name: Orders release\n"
                        + "checks:\n"
                        + "  - {id: orders-api, type: httpHealth, url: '" + endpoint.url() + "'}\n"
                        + "approval:\n"
                        + "  approvers: [group:ops]\n"
                        + "notifications:\n"
                        + "  webhooks:\n"
                        + "    - url: " + webhook.url(TOKEN_PATH) + "\n"
                        + "      secret: release-gate-webhook\n")));
        WorkflowJob job = r.createProject(WorkflowJob.class, "orders");
        job.setDefinition(new CpsFlowDefinition("releaseGate profile: 'production', release: '2.8.0'", true));

        // When the gate waits
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // Then the webhook receives 'waiting' with the gate's page, signed with the secret over the exact body
        WebhookEndpoint.Received waiting = webhook.awaitRequests(1).get(0);
        assertThat(waiting.headers()).containsEntry("x-release-gate-event", "waiting");
        assertThat(waiting.headers().get("x-release-gate-signature")).isEqualTo("sha256=" + hmac(waiting.body()));
        JsonNode payload = MAPPER.readTree(waiting.body());
        assertThat(payload.get("event").asText()).isEqualTo("waiting");
        assertThat(payload.at("/gate/url").asText()).isEqualTo(r.getURL() + gateUrl(run));
        assertThat(payload.at("/build/url").asText()).isEqualTo(r.getURL() + run.getUrl());
        assertThat(payload.at("/gate/release").asText()).isEqualTo("2.8.0");
        assertThat(payload.at("/approval/remainingApprovals").asInt()).isOne();

        // When alice approves
        assertThat(Gates.decide(r, run, gate(run).getGateId(), "alice", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));

        // Then the webhook hears the approval and the decision, in order
        List<WebhookEndpoint.Received> requests = webhook.awaitRequests(3);
        assertThat(requests)
                .extracting(request -> request.headers().get("x-release-gate-event"))
                .containsExactly("waiting", "approved", "decided");
        JsonNode decided = MAPPER.readTree(requests.get(2).body());
        assertThat(decided.get("outcome").asText()).isEqualTo("approved");
        assertThat(decided.at("/approval/approvers/0").asText()).isEqualTo("alice");
        requests.forEach(request -> assertThat(request.headers().get("x-release-gate-signature"))
                .isEqualTo("sha256=" + hmac(request.body())));

        // And the gate page says how each notification went, and the log how those sent while the build ran went,
        // naming the webhook by its origin only
        while (gate(run).getNotifications().size() < 3) {
            Thread.sleep(50); // the decision's outcome arrives after the build ended; the test's time limit bounds this
        }
        assertThat(gate(run).getNotifications())
                .extracting(NotificationRecord::getEvent, NotificationRecord::getStatus)
                .containsExactly(
                        Tuple.tuple("waiting", "DELIVERED"),
                        Tuple.tuple("approved", "DELIVERED"),
                        Tuple.tuple("decided", "DELIVERED"));
        r.assertLogContains("Notification 'waiting' to webhook " + webhook.origin() + ": DELIVERED (HTTP 200)", run);
        String page = r.createWebClient()
                .login("mallory")
                .goTo(gateUrl(run))
                .getWebResponse()
                .getContentAsString();
        assertThat(page).contains("release-gate-notifications", "webhook " + webhook.origin());
        // And the secret and the webhook's path reach neither the log, the page nor build.xml
        String buildXml = Files.readString(new File(run.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8);
        for (String text : List.of(JenkinsRule.getLog(run), page, buildXml)) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(TOKEN_PATH);
        }
        assertThat(buildXml).contains("<event>decided</event>");
    }

    @Test
    void shouldSendNothingForAGateThatNoProfileCovers(final JenkinsRule r) throws Exception {
        // Given no profile, and a repository definition that names its own webhook
        Gates.secure(r);
        String definition = Gates.definition(endpoint.url(), "") + "notifications:\n  webhooks:\n    - url: "
                + webhook.url("/repository") + "\n";
        WorkflowJob job = Gates.job(r, "orders", definition, "");

        // When the gate waits and is approved
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        assertThat(Gates.decide(r, run, gate(run).getGateId(), "alice", "{\"decision\": \"approve\"}")
                        .getStatusCode())
                .isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));

        // Then the repository's notifications were not applied, the log says why, and nothing was sent
        r.assertLogContains("release-gate.yaml: notifications are not applied: no ops profile is configured", run);
        assertThat(webhook.received()).isEmpty();
        assertThat(gate(run).getNotifications()).isEmpty();
    }

    private static String hmac(final byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException exception) {
            throw new IllegalStateException(exception);
        }
    }
}
