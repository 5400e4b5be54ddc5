package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.User;
import io.jenkins.plugins.releasegate.HeadlessChromium.PageView;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.gate.GatePhase;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.model.JenkinsLocationConfiguration;
import jenkins.security.ApiTokenProperty;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The pending-gates page {@code /release-gates/} and its remote API: who sees which gate, inline decisions with a
 * crumb, API-token decisions without one, refusals, the checklist that sends an approval to the gate page, the tab
 * of gates decided recently, and the side panel's link.
 */
@WithJenkins
class ReleaseGatePendingGatesITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String PAGE = "release-gates/";
    private static final String ORDERS_ROW = "tr[data-gate='orders#1 orders-release']";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @TempDir
    private Path work;

    /**
     * alice approves everywhere; bob starts builds and approves too; mallory reads every job but may not approve;
     * eve reads only the job 'billing'; dora reads and approves the job 'orders' only.
     */
    private static void secure(final JenkinsRule r, final WorkflowJob orders, final WorkflowJob billing) {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("alice", "ops");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("alice", "bob", "mallory", "eve", "dora")
                .grant(Item.READ, Item.BUILD, Item.CANCEL)
                .everywhere()
                .to("alice", "bob", "mallory")
                .grant(ReleaseGatePermissions.APPROVE)
                .everywhere()
                .to("alice", "bob")
                .grant(Item.READ)
                .onItems(billing)
                .to("eve")
                .grant(Item.READ, ReleaseGatePermissions.APPROVE)
                .onItems(orders)
                .to("dora"));
    }

    @Test
    void shouldListAWaitingGateOnlyToThoseWhoMayReadItsJobAndLinkItOnlyForApprovers(final JenkinsRule r)
            throws Exception {
        // Given a gate waiting in orders #1, started by bob, and an idle job billing that eve may read
        WorkflowJob orders = Gates.job(r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n"), "");
        WorkflowJob billing = r.createProject(WorkflowJob.class, "billing");
        secure(r, orders, billing);
        WorkflowRun run = Gates.startAndWait(r, orders, "bob");

        // When alice, bob, mallory and eve open the page
        HtmlPage alice = page(r, "alice");
        HtmlPage bob = page(r, "bob");
        HtmlPage mallory = page(r, "mallory");
        HtmlPage eve = page(r, "eve");

        // Then alice sees the gate with its verdict, approvals and buttons to approve and reject
        DomElement aliceRow = alice.querySelector(ORDERS_ROW);
        assertThat(aliceRow != null).isTrue();
        assertThat(aliceRow.asNormalizedText())
                .contains("orders")
                .contains("#1")
                .contains("Orders release")
                .contains(Gates.gate(run).getVerdict().name())
                .contains("1 more approval(s) needed");
        assertThat(aliceRow.querySelector("button.release-gates-approve") != null)
                .isTrue();
        assertThat(aliceRow.querySelector("button.release-gates-reject") != null)
                .isTrue();
        // bob, who started the build, may reject but not approve, and reads why
        DomElement bobRow = bob.querySelector(ORDERS_ROW);
        assertThat(bobRow.querySelector("button.release-gates-approve") == null).isTrue();
        assertThat(bobRow.querySelector("button.release-gates-reject") != null).isTrue();
        assertThat(bobRow.asNormalizedText()).contains("started this build, and the policy forbids self-approval");
        // mallory sees the gate, as on the build page, without a button, and with the ledger's reason
        DomElement malloryRow = mallory.querySelector(ORDERS_ROW);
        assertThat(malloryRow.querySelector("form") == null).isTrue();
        assertThat(malloryRow.asNormalizedText()).contains("Release Gate/Approve");
        // and "I may decide" leaves her nothing
        assertThat(web(r, "mallory").goTo(PAGE + "?mine=true").querySelector(ORDERS_ROW) == null)
                .isTrue();
        // eve, without Job/Read on orders, sees no gate at all, on the page nor in the API
        assertThat(eve.querySelector(ORDERS_ROW) == null).isTrue();
        assertThat(eve.getElementById("release-gates-empty") != null).isTrue();
        assertThat(list(apiJson(r, "eve").getJSONArray("gates"))).isEmpty();

        // When each opens the Jenkins home page
        // Then the side panel links to the page for those holding Approve somewhere: alice, and dora on orders only
        assertThat(hasPendingGatesLink(r, "alice"))
                .as(
                        "home page: %s",
                        web(r, "alice").goTo("").getAnchors().stream()
                                .map(anchor -> anchor.getHrefAttribute())
                                .toList())
                .isTrue();
        assertThat(hasPendingGatesLink(r, "dora")).isTrue();
        assertThat(hasPendingGatesLink(r, "mallory")).isFalse();
        assertThat(hasPendingGatesLink(r, "eve")).isFalse();
        run.doStop();
        r.waitForCompletion(run);
    }

    @Test
    void shouldApproveFromTheListWithACrumbAndRefuseAGetOrAPostWithoutCrumb(final JenkinsRule r) throws Exception {
        // Given a gate waiting in orders #1, started by bob
        WorkflowJob orders = Gates.job(r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n"), "");
        secure(r, orders, r.createProject(WorkflowJob.class, "billing"));
        WorkflowRun run = Gates.startAndWait(r, orders, "bob");
        JenkinsRule.WebClient alice = web(r, "alice");
        alice.setThrowExceptionOnFailingStatusCode(false);
        URL approve = new URL(r.getURL(), Gates.gateUrl(run) + "approve");

        // When alice sends a GET to the approval URL, and a POST without a crumb
        WebResponse get = alice.getPage(new WebRequest(approve, HttpMethod.GET)).getWebResponse();
        WebResponse withoutCrumb =
                alice.getPage(new WebRequest(approve, HttpMethod.POST)).getWebResponse();

        // Then both are refused and nothing is recorded
        assertThat(get.getStatusCode()).isEqualTo(405);
        assertThat(withoutCrumb.getStatusCode()).isEqualTo(403);
        assertThat(Gates.gate(run).getDecisions()).isEmpty();

        // When she approves from the row of the list, whose form carries the crumb
        HtmlPage page = alice.goTo(PAGE);
        DomElement row = page.querySelector(ORDERS_ROW);
        ((HtmlInput) row.querySelector("input[name=comment]")).setValue("dashboards calm");
        HtmlPage after = ((HtmlButton) row.querySelector("button.release-gates-approve")).click();

        // Then she is back on the list, the build proceeds, and the ledger records her approval from the web
        assertThat(after.getUrl().getPath()).endsWith("/" + PAGE);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertThat(Gates.gate(run).getDecisions()).singleElement().satisfies(decision -> {
            assertThat(decision.userId()).isEqualTo("alice");
            assertThat(decision.comment()).isEqualTo("dashboards calm");
            assertThat(decision.channel()).isEqualTo("web");
        });

        // and the gate left the waiting list for the tab of gates decided recently
        assertThat(alice.goTo(PAGE).querySelector(ORDERS_ROW) == null).isTrue();
        DomElement recent = alice.goTo(PAGE + "?tab=recent").querySelector(ORDERS_ROW);
        assertThat(recent.asNormalizedText()).contains("Approved").contains("alice");
    }

    @Test
    void shouldListTheSameInTheApiWithDecisionUrlsThatTakeAnApiTokenWithoutCrumbAndAnswerRefusalsInJson(
            final JenkinsRule r) throws Exception {
        // Given a configured Jenkins URL and a gate waiting in orders #1 for two approvals, started by bob
        JenkinsLocationConfiguration.get().setUrl(r.getURL().toString());
        WorkflowJob orders = Gates.job(
                r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n  minApprovals: 2\n"), "");
        secure(r, orders, r.createProject(WorkflowJob.class, "billing"));
        WorkflowRun run = Gates.startAndWait(r, orders, "bob");

        // When alice reads the API
        JSONObject api = apiJson(r, "alice");

        // Then it lists the gate with what the page shows and its decision URL
        JSONArray gates = api.getJSONArray("gates");
        assertThat(list(gates)).hasSize(1);
        JSONObject gate = gates.getJSONObject(0);
        String decisionUrl = r.getURL() + Gates.gateUrl(run) + "decide";
        assertThat(gate.getString("job")).isEqualTo("orders");
        assertThat(gate.getInt("build")).isEqualTo(1);
        assertThat(gate.getString("gateId")).isEqualTo("orders-release");
        assertThat(gate.getString("phase")).isEqualTo("WAITING");
        assertThat(gate.getString("verdict"))
                .isEqualTo(Gates.gate(run).getVerdict().name());
        assertThat(list(gate.getJSONArray("blockingChecks"))).isEmpty();
        assertThat(gate.getInt("remainingApprovals")).isEqualTo(2);
        assertThat(gate.getBoolean("mayApprove")).isTrue();
        assertThat(gate.getBoolean("checklistRequired")).isFalse();
        assertThat(gate.getLong("deadline")).isGreaterThan(gate.getLong("waitingSince"));
        assertThat(gate.getString("digest")).isEqualTo(Gates.gate(run).getDigest());
        assertThat(gate.getString("decisionUrl")).isEqualTo(decisionUrl);
        assertThat(list(api.getJSONArray("recent"))).isEmpty();

        // When bob, who started the build, approves through that URL with his API token
        WebResponse refused = post(r, "bob", decisionUrl, "{\"decision\": \"approve\"}");

        // Then he is refused in JSON with the ledger's sentence
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(refused.getContentType()).isEqualTo("application/json");
        Map<String, Object> refusal = new java.util.HashMap<>();
        JSONObject.fromObject(refused.getContentAsString()).forEach((key, value) -> refusal.put((String) key, value));
        assertThat(refusal).containsOnly(Map.entry("status", (Object) "error"), Map.entry("message", (Object)
                ("bob started this build, and the policy forbids self-approval: another" + " approver must decide.")));

        // When alice approves through it with her API token and no crumb, sending the digest she read
        WebResponse taken = post(
                r,
                "alice",
                decisionUrl,
                "{\"decision\": \"approve\", \"comment\": \"dashboards calm\", \"digest\": \""
                        + gate.getString("digest") + "\"}");

        // Then her approval is recorded, and the API shows one more approval needed
        assertThat(taken.getStatusCode()).isEqualTo(200);
        assertThat(JSONObject.fromObject(taken.getContentAsString()).getInt("remainingApprovals"))
                .isOne();
        JSONObject afterAlice = apiJson(r, "alice").getJSONArray("gates").getJSONObject(0);
        assertThat(list(afterAlice.getJSONArray("approvers"))).containsExactly("alice");
        assertThat(afterAlice.getInt("remainingApprovals")).isOne();
        assertThat(Gates.gate(run).getDecisions())
                .extracting(LedgerEntry::channel)
                .containsExactly("api");
        run.doStop();
        r.waitForCompletion(run);

        // and once the build is stopped, the gate is among the recent ones, without a decision URL
        JSONObject stopped = apiJson(r, "alice");
        assertThat(list(stopped.getJSONArray("gates"))).isEmpty();
        JSONObject recent = stopped.getJSONArray("recent").getJSONObject(0);
        assertThat(recent.getString("phase")).isEqualTo(GatePhase.CANCELLED.name());
        assertThat(recent.get("decisionUrl")).isEqualTo(net.sf.json.JSONNull.getInstance());
    }

    @Test
    void shouldSendTheApprovalOfAGateWithARequiredChecklistItemToTheGatePage(final JenkinsRule r) throws Exception {
        // Given a waiting gate whose checklist has a required item
        String definition = Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n")
                .replace(
                        "approval:\n",
                        "  - id: release-checklist\n"
                                + "    type: checklist\n"
                                + "    items:\n"
                                + "      - {id: comms, text: Support informed}\n"
                                + "approval:\n");
        WorkflowJob orders = Gates.job(r, "orders", definition, "");
        secure(r, orders, r.createProject(WorkflowJob.class, "billing"));
        WorkflowRun run = Gates.startAndWait(r, orders, "bob");

        // When alice opens the list
        DomElement row = page(r, "alice").querySelector(ORDERS_ROW);

        // Then the row links to the gate page for the approval instead of approving inline; rejecting stays inline
        assertThat(row.querySelector("button.release-gates-approve") == null).isTrue();
        assertThat(row.<DomElement>querySelector("a.release-gates-open").getAttribute("href"))
                .endsWith("/" + Gates.gateUrl(run));
        assertThat(row.querySelector("button.release-gates-reject") != null).isTrue();
        assertThat(apiJson(r, "alice").getJSONArray("gates").getJSONObject(0).getBoolean("checklistRequired"))
                .isTrue();
        run.doStop();
        r.waitForCompletion(run);
    }

    @Test
    void shouldRenderThePageCleanlyInABrowser(final JenkinsRule r) throws Exception {
        // Given a gate waiting in orders #1, and Chromium logged in as alice
        WorkflowJob orders = Gates.job(r, "orders", Gates.definition(endpoint.url(), "  approvers: [ops, bob]\n"), "");
        secure(r, orders, r.createProject(WorkflowJob.class, "billing"));
        WorkflowRun run = Gates.startAndWait(r, orders, "bob");
        String aliceToken =
                User.getById("alice", true).getProperty(ApiTokenProperty.class).generateNewToken("chromium").plainValue;
        try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
            chromium.authenticate("alice", aliceToken);

            // When alice opens the page
            PageView page = chromium.open(r.getURL() + PAGE);
            Files.createDirectories(SCREENSHOTS);
            chromium.screenshot(SCREENSHOTS.resolve("pending-gates.png"));
            Files.writeString(SCREENSHOTS.resolve("pending-gates.dom.html"), page.dom(), StandardCharsets.UTF_8);
            String row = chromium.evaluate("document.querySelector(\"" + ORDERS_ROW + "\")?.innerText ?? null");

            // Then it renders under Jenkins' Content-Security-Policy without a console error, with the gate's row
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).isPresent();
            assertThat(page.errors()).as("all messages: %s", page.console()).isEmpty();
            assertThat(page.text())
                    .contains("Release gates")
                    .contains("Waiting")
                    .contains("Decided recently");
            assertThat(row)
                    .contains("Orders release")
                    .contains("PASS")
                    .contains("Approve")
                    .contains("Reject");
        }

        run.doStop();
        r.waitForCompletion(run);
    }

    // ------------------------------------------------------------------ helpers

    private static JenkinsRule.WebClient web(final JenkinsRule r, final String user) throws Exception {
        return r.createWebClient().login(user);
    }

    private static HtmlPage page(final JenkinsRule r, final String user) throws Exception {
        return web(r, user).goTo(PAGE);
    }

    private static boolean hasPendingGatesLink(final JenkinsRule r, final String user) throws Exception {
        HtmlPage home = web(r, user).goTo("");
        return home.getAnchors().stream()
                .map(anchor -> anchor.getHrefAttribute())
                .anyMatch(href -> href.endsWith("/release-gates") || href.endsWith("/release-gates/"));
    }

    private static List<Object> list(final JSONArray array) {
        return List.copyOf(array);
    }

    private static JSONObject apiJson(final JenkinsRule r, final String user) throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken(user);
        return JSONObject.fromObject(
                web.goTo(PAGE + "api/json", "application/json").getWebResponse().getContentAsString());
    }

    private static WebResponse post(final JenkinsRule r, final String user, final String url, final String json)
            throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().withBasicApiToken(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(url), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody(json);
        return web.getPage(request).getWebResponse();
    }
}
