package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.RootAction;
import hudson.model.User;
import io.jenkins.plugins.releasegate.HeadlessChromium.PageView;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.security.ApiTokenProperty;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The build page and the gate page as a user's browser shows them: Chromium opens them while the gate waits and
 * once it is approved, the pages must render without console errors, show the verdict and the decision, and leave
 * screenshots in {@code target/screenshots/} for a person to look at.
 */
@WithJenkins
class ReleaseGatePagesITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ONE_APPROVER = "  approvers: [ops, bob]\n";
    private static final String COMMENT = "dashboards look calm";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @TempDir
    private Path work;

    @Test
    void shouldShowTheVerdictWhileWaitingAndTheDecisionOnceApproved(final JenkinsRule r) throws Exception {
        // Given a gate whose check passes, waiting for one approval in a build bob started,
        // and Chromium logged in as alice, an approver
        Gates.secure(r);
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ONE_APPROVER), "");
        WorkflowRun run = Gates.startAndWait(r, job, "bob");
        String aliceToken =
                User.getById("alice", true).getProperty(ApiTokenProperty.class).generateNewToken("chromium").plainValue;
        String buildPage = r.getURL() + run.getUrl();
        String gatePage = r.getURL() + gateUrl(run);
        try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
            chromium.authenticate("alice", aliceToken);
            // that sees Jenkins refuse the inline script of a page made to have one, and reports it
            PageView control = chromium.open(r.getURL() + PageWithAnInlineScript.URL_NAME + "/");
            assertThat(control.status()).isEqualTo(200);
            assertThat(control.header("Content-Security-Policy")).isPresent();
            assertThat(control.errors())
                    .as("all messages: %s", control.console())
                    .anySatisfy(error -> assertThat(error.source()).isEqualTo("security"))
                    .anySatisfy(error -> assertThat(error.text()).contains("Executing inline script violates"));
            assertThat(control.text()).contains(PageWithAnInlineScript.TITLE).doesNotContain("the inline script ran");

            // When alice opens the build page and the gate page while the gate waits
            PageView buildWaiting = look(chromium, buildPage, "build-page-waiting");
            String buildWaitingSummary = chromium.evaluate(text(".release-gate-summary-box"));
            String buildWaitingBadge = chromium.evaluate(style(".release-gate-summary-box .release-gate-status"));
            PageView gateWaiting = look(chromium, gatePage, "gate-page-waiting");
            String gateWaitingVerdict = chromium.evaluate(text("#release-gate-verdict"));
            String gateWaitingPhase = chromium.evaluate(text("#release-gate-phase"));
            String gateWaitingChecks = chromium.evaluate(text("#release-gate-checks tbody"));
            String gateWaitingForm = chromium.evaluate(text("#release-gate-decision"));
            String gateWaitingBadge = chromium.evaluate(style("#release-gate-verdict"));

            // Then both pages render cleanly under Jenkins' Content-Security-Policy,
            // with the verdict, the check and what is still needed
            assertRenderedCleanly(buildWaiting);
            assertThat(buildWaitingSummary)
                    .contains("Release gate: Orders release")
                    .contains("PASS")
                    .contains("Waiting for approval")
                    .contains("1 passed, 0 warned, 0 failed, 0 could not be measured.")
                    .contains("1 more approval(s) needed.");
            assertStyled(buildWaitingBadge);
            assertRenderedCleanly(gateWaiting);
            assertThat(gateWaiting.text()).contains("Release gate: Orders release");
            assertThat(gateWaitingVerdict).isEqualTo("Verdict: PASS");
            assertThat(gateWaitingPhase).isEqualTo("Waiting for approval");
            assertThat(gateWaitingChecks)
                    .contains("orders-api")
                    .contains("httpHealth")
                    .contains("PASS");
            assertThat(gateWaitingForm).contains("Comment").contains("Approve").contains("Reject");
            assertThat(gateWaiting.text())
                    .contains("1 more approval(s) needed.")
                    .contains("No decision yet.");
            assertStyled(gateWaitingBadge);

            // When carol approves through the JSON endpoint with a comment, and alice opens both pages again
            JenkinsRule.WebClient carol = r.createWebClient().withBasicApiToken("carol");
            WebResponse approval = decide(
                    carol,
                    new URL(gatePage + "decide"),
                    "{\"decision\": \"approve\", \"comment\": \"" + COMMENT + "\", \"digest\": \""
                            + gate(run).getDigest() + "\"}");
            assertThat(approval.getStatusCode()).isEqualTo(200);
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            PageView buildApproved = look(chromium, buildPage, "build-page-approved");
            String buildApprovedSummary = chromium.evaluate(text(".release-gate-summary-box"));
            String emptyGateLinks = chromium.evaluate(
                    "String(document.querySelectorAll('#main-panel a[href^=\"release-gate-\"]:empty').length)");
            PageView gateApproved = look(chromium, gatePage, "gate-page-approved");
            String gateApprovedVerdict = chromium.evaluate(text("#release-gate-verdict"));
            String gateApprovedPhase = chromium.evaluate(text("#release-gate-phase"));
            String gateApprovedHistory = chromium.evaluate(text("#release-gate-history tbody"));
            String gateApprovedForm = chromium.evaluate(text("#release-gate-decision"));

            // Then both pages render cleanly and show the verdict, the approver and the comment,
            // and the gate page no longer offers to decide
            assertRenderedCleanly(buildApproved);
            assertThat(buildApprovedSummary)
                    .contains("Release gate: Orders release")
                    .contains("PASS")
                    .contains("Approved")
                    .contains("Approved by carol.")
                    .doesNotContain("more approval(s) needed");
            assertThat(emptyGateLinks)
                    .as("links to the gate left empty by a link nested in the summary's own link")
                    .isEqualTo("0");
            assertRenderedCleanly(gateApproved);
            assertThat(gateApprovedVerdict).isEqualTo("Verdict: PASS");
            assertThat(gateApprovedPhase).isEqualTo("Approved");
            assertThat(gateApprovedHistory)
                    .contains("carol")
                    .contains("Approved")
                    .contains(COMMENT)
                    .contains("api");
            assertThat(gateApprovedForm).isNull();
        }
    }

    /** Opens a page, and keeps its screenshot and its DOM in {@code target/screenshots/}. */
    private static PageView look(final HeadlessChromium chromium, final String url, final String name)
            throws Exception {
        PageView page = chromium.open(url);
        chromium.screenshot(SCREENSHOTS.resolve(name + ".png"));
        Files.writeString(SCREENSHOTS.resolve(name + ".dom.html"), page.dom(), StandardCharsets.UTF_8);
        return page;
    }

    /** A page that Jenkins served with its Content-Security-Policy, and on which nothing went wrong. */
    private static void assertRenderedCleanly(final PageView page) {
        assertThat(page.status()).as(page.url()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy"))
                .as("Jenkins enforces its Content-Security-Policy on %s", page.url())
                .isPresent();
        assertThat(page.errors())
                .as("console errors of %s; all messages: %s", page.url(), page.console())
                .isEmpty();
        assertThat(page.text())
                .as("text of %s", page.url())
                .doesNotContain("${")
                .doesNotContain("&lt;")
                .doesNotContain("&gt;")
                .doesNotContain("&amp;")
                .doesNotContain("&quot;");
    }

    /** A status badge rounded and coloured by the plugin's style sheet; an unstyled span is "0px rgba(0, 0, 0, 0)". */
    private static void assertStyled(final String radiusAndBackground) {
        assertThat(radiusAndBackground)
                .as("corner radius and background of the verdict badge")
                .isNotNull()
                .doesNotStartWith("0px ")
                .doesNotEndWith("rgba(0, 0, 0, 0)");
    }

    /** A script that answers the rendered text of the first element matching the selector, or null. */
    private static String text(final String selector) {
        return "document.querySelector('" + selector + "')?.innerText ?? null";
    }

    /** A script that answers the corner radius and background colour of the first element matching the selector. */
    private static String style(final String selector) {
        return "(() => { const element = document.querySelector('" + selector + "');"
                + " if (!element) { return null; }"
                + " const style = getComputedStyle(element);"
                + " return style.borderTopLeftRadius + ' ' + style.backgroundColor; })()";
    }

    /** A Jenkins page with an inline script, which Jenkins' Content-Security-Policy forbids. */
    @TestExtension
    public static final class PageWithAnInlineScript implements RootAction {
        static final String URL_NAME = "page-with-an-inline-script";
        static final String TITLE = "A page with an inline script";

        @Override
        public String getIconFileName() {
            return null;
        }

        @Override
        public String getDisplayName() {
            return TITLE;
        }

        @Override
        public String getUrlName() {
            return URL_NAME;
        }
    }

    private static WebResponse decide(final JenkinsRule.WebClient web, final URL url, final String json)
            throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(url, HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/json");
        request.setRequestBody(json);
        return web.getPage(request).getWebResponse();
    }
}
