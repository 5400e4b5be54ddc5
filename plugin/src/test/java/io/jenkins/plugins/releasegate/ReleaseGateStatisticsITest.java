package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Functions;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import io.jenkins.plugins.releasegate.HeadlessChromium.PageView;
import io.jenkins.plugins.releasegate.action.GateStatisticsAction;
import io.jenkins.plugins.releasegate.action.JobGateStatisticsAction;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.jvnet.localizer.LocaleProvider;

/**
 * The statistics pages of Jenkins, a folder and a job on real builds: the numbers come from the report.json files
 * of the builds (one written by a real gate, the others as the plugin writes them), each user sees only the gates
 * of the builds they may read, the exports are read-only GETs, and the page renders with its chart under Jenkins'
 * Content-Security-Policy, leaving screenshots in {@code target/screenshots/}.
 */
@WithJenkins
class ReleaseGateStatisticsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATISTICS = GateStatisticsAction.URL_NAME + "/";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    @TempDir
    private Path work;

    private JenkinsRule r;
    private WorkflowJob orders;
    private WorkflowJob checkout;
    private WorkflowJob secret;
    private WorkflowJob plain;

    @BeforeEach
    void createBuildsWithGates(final JenkinsRule rule) throws Exception {
        r = rule;
        // alice reads everything; mallory reads the payments folder only; nobody reads no job
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("alice", "mallory", "nobody")
                .grant(Item.READ)
                .everywhere()
                .to("alice")
                .grant(Item.READ)
                .onPaths("payments", "payments/.*")
                .to("mallory"));
        Folder payments = r.jenkins.createProject(Folder.class, "payments");
        orders = echoJob(payments.createProject(WorkflowJob.class, "orders"));
        secret = echoJob(r.jenkins.createProject(WorkflowJob.class, "secret"));
        plain = echoJob(r.jenkins.createProject(WorkflowJob.class, "plain"));
        Instant day = Instant.now().minus(Duration.ofDays(3));

        // payments/orders: blocked by database load, overridden for a rollback plan, rejected for a failed batch job
        write(r.buildAndAssertSuccess(orders), blocked(day, "orders-db", "dbLoad"));
        write(
                r.buildAndAssertSuccess(orders),
                overridden(day.plusSeconds(60), "plan", "rollbackPlan", "=HYPERLINK(\"x\")"));
        write(r.buildAndAssertSuccess(orders), rejected(day.plusSeconds(120), "nightly", "batchHealth"));
        // secret: blocked by its database, overridden with a justification mallory may not read
        write(r.buildAndAssertSuccess(secret), blocked(day, "secret-db", "dbLoad"));
        write(
                r.buildAndAssertSuccess(secret),
                overridden(day.plusSeconds(60), "secret-plan", "rollbackPlan", "secret justification"));
        r.buildAndAssertSuccess(plain);

        // payments/checkout: a real gate, checks only, whose health check fails
        endpoint.answer(503, "{\"status\": \"DOWN\"}");
        checkout = payments.createProject(WorkflowJob.class, "checkout");
        checkout.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'release-gate.yaml', text: '''" + Gates.definition(endpoint.url(), "")
                        + "'''\n"
                        + "  releaseGate config: 'release-gate.yaml', approval: false\n"
                        + "}\n",
                true));
        r.assertBuildStatus(Result.FAILURE, checkout.scheduleBuild2(0).get());
    }

    @Test
    void shouldCountWhatTheGatesOfEveryReadableBuildPrevented() throws Exception {
        // Given alice, who reads every job
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");

        // When she reads the JSON export of Jenkins' statistics
        JsonNode json = json(alice, STATISTICS + "json");

        // Then it counts the six gates of the builds, the real gate's block among them
        assertThat(json.path("gates").asInt()).isEqualTo(6);
        assertThat(json.path("stopped").asInt()).isEqualTo(4);
        assertThat(json.path("outcomes").path("BLOCKED").asInt()).isEqualTo(3);
        assertThat(json.path("outcomes").path("OVERRIDDEN").asInt()).isEqualTo(2);
        assertThat(json.path("outcomes").path("REJECTED").asInt()).isEqualTo(1);
        assertThat(json.path("headline").asText())
                .isEqualTo("In the last 90 days the release gates stopped 4 releases: 2 for database load,"
                        + " 1 for failed batch jobs, 1 for failing health endpoints.");
        assertThat(json.path("byCheck").toString())
                .contains("\"id\":\"orders-api\"")
                .contains("\"id\":\"secret-db\"");
        assertThat(json.path("overrides").toString())
                .contains("secret justification")
                .contains("payments/orders");
        assertThat(json.path("timeToDecision").path("decisions").asInt()).isEqualTo(3);
        assertThat(json.path("weeks").size()).isBetween(13, 14);

        // When she asks for the CSV export, Then each gate is a row and a formula is disarmed
        WebResponse csv = get(alice, STATISTICS + "csv");
        assertThat(csv.getContentType()).isEqualTo("text/csv");
        assertThat(csv.getResponseHeaderValue("Content-Disposition")).contains("release-gate-statistics.csv");
        assertThat(csv.getContentAsString(StandardCharsets.UTF_8).split("\r\n"))
                .hasSize(7)
                .anySatisfy(line -> assertThat(line).startsWith("payments/checkout,1,Orders release,"))
                .anySatisfy(line -> assertThat(line).contains(",OVERRIDE,carol,\"'=HYPERLINK(\"\"x\"\")\",300"));

        // When she reads the trend the chart draws, Then it is an ECharts model of weeks and four series
        JsonNode trend = json(alice, STATISTICS + "trend");
        assertThat(trend.path("domainAxisLabels").size())
                .isEqualTo(json.path("weeks").size());
        assertThat(trend.path("series").size()).isEqualTo(4);
        assertThat(trend.path("series").get(2).path("name").asText()).isEqualTo("Stopped");
        for (int week = 0; week < json.path("weeks").size(); week++) {
            assertThat(trend.path("domainAxisLabels").get(week).asText())
                    .isEqualTo(json.path("weeks").get(week).path("weekStart").asText());
            assertThat(trend.path("series").get(0).path("data").get(week).asInt())
                    .as("gates of week %s", week)
                    .isEqualTo(json.path("weeks").get(week).path("gates").asInt());
            assertThat(trend.path("series").get(2).path("data").get(week).asInt())
                    .isEqualTo(json.path("weeks").get(week).path("stopped").asInt());
        }
    }

    @Test
    void shouldShowEachUserOnlyTheGatesOfTheBuildsTheyMayRead() throws Exception {
        // Given mallory, who reads the payments folder, and nobody, who reads no job
        JenkinsRule.WebClient mallory = r.createWebClient().withBasicApiToken("mallory");
        JenkinsRule.WebClient nobody = r.createWebClient().withBasicApiToken("nobody");

        // When they read Jenkins', the folder's and the jobs' statistics
        JsonNode malloryRoot = json(mallory, STATISTICS + "json");
        String malloryCsv = get(mallory, STATISTICS + "csv").getContentAsString(StandardCharsets.UTF_8);
        JsonNode malloryFolder = json(mallory, "job/payments/" + STATISTICS + "json");
        JsonNode malloryJob = json(mallory, orders.getUrl() + STATISTICS + "json");
        JsonNode nobodyRoot = json(nobody, STATISTICS + "json");

        // Then mallory counts only the payments gates and never sees the secret job's justification or checks
        assertThat(malloryRoot.path("gates").asInt()).isEqualTo(4);
        assertThat(malloryRoot.toString()).doesNotContain("secret");
        assertThat(malloryCsv).doesNotContain("secret").contains("payments/orders");
        assertThat(malloryFolder.path("gates").asInt()).isEqualTo(4);
        assertThat(malloryJob.path("gates").asInt()).isEqualTo(3);
        assertThat(nobodyRoot.path("gates").asInt()).isZero();
        // and the pages of what they may not read do not exist for them
        assertThat(status(mallory, secret.getUrl() + STATISTICS + "json")).isEqualTo(404);
        assertThat(status(nobody, "job/payments/" + STATISTICS)).isEqualTo(404);
        // and anonymous, without Overall/Read, is sent to log in and gets no figure
        JenkinsRule.WebClient anonymous = r.createWebClient();
        anonymous.setThrowExceptionOnFailingStatusCode(false);
        WebResponse refused = get(anonymous, STATISTICS + "json");
        assertThat(refused.getContentType()).isNotEqualTo("application/json");
        assertThat(refused.getContentAsString()).doesNotContain("\"gates\"").doesNotContain("orders");
    }

    @Test
    void shouldOfferTheJobPageOnlyOnJobsWithGates() {
        // Given a job whose builds ran gates and one whose builds did not
        // When their actions are listed, Then only the first offers statistics
        assertThat(orders.getAction(JobGateStatisticsAction.class)).isNotNull();
        assertThat(plain.getAction(JobGateStatisticsAction.class)).isNull();
    }

    @Test
    void shouldAnswerInJapaneseToAJapaneseReader() throws Exception {
        // Given alice reading in Japanese, and the language chosen from the request as Jenkins' WebAppMain sets it up
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");
        alice.addRequestHeader("Accept-Language", "ja");
        LocaleProvider original = LocaleProvider.getProvider();
        LocaleProvider.setProvider(new LocaleProvider() {
            @Override
            public Locale get() {
                return Functions.getCurrentLocale();
            }
        });
        String page;
        JsonNode json;
        try {
            // When she reads the page and the JSON export
            page = alice.goTo(STATISTICS).asNormalizedText();
            json = json(alice, STATISTICS + "json");
        } finally {
            LocaleProvider.setProvider(original);
        }

        // Then the headline, the names and the labels are Japanese
        assertThat(json.path("headline").asText()).startsWith("過去 90 日間にリリースゲートは 4 件のリリースを止めました: データベース負荷 2 件");
        assertThat(page)
                .contains("リリースゲート統計")
                .contains("週ごとの推移")
                .contains("停止: 却下")
                .contains("CSV をダウンロード");
    }

    @Test
    void shouldRenderThePageWithItsChartUnderTheContentSecurityPolicy() throws Exception {
        // Given alice in Chromium
        String token =
                User.getById("alice", true).getProperty(ApiTokenProperty.class).generateNewToken("chromium").plainValue;
        try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
            chromium.authenticate("alice", token);

            // When she opens Jenkins' and the job's statistics pages
            PageView root = look(chromium, r.getURL() + STATISTICS, "statistics-jenkins");
            String canvas = chromium.evaluate(
                    "String(document.querySelectorAll('#release-gate-statistics-trend canvas').length)");
            String headline =
                    chromium.evaluate("document.querySelector('#release-gate-statistics-headline').innerText");
            String overrides =
                    chromium.evaluate("document.querySelector('#release-gate-statistics-overrides tbody').innerText");
            PageView job = look(chromium, r.getURL() + orders.getUrl() + STATISTICS, "statistics-job");

            // Then both render cleanly, the chart is drawn, and the figures are there
            for (PageView page : List.of(root, job)) {
                assertThat(page.status()).as(page.url()).isEqualTo(200);
                assertThat(page.header("Content-Security-Policy"))
                        .as(page.url())
                        .isPresent();
                assertThat(page.errors())
                        .as("console of %s: %s", page.url(), page.console())
                        .isEmpty();
                assertThat(page.text())
                        .doesNotContain("${")
                        .doesNotContain("&lt;")
                        .doesNotContain("&amp;");
            }
            assertThat(canvas).isNotEqualTo("0");
            assertThat(headline).startsWith("In the last 90 days the release gates stopped 4 releases");
            assertThat(overrides)
                    .contains("carol")
                    .contains("secret justification")
                    .contains("payments/orders #2");
            assertThat(job.text())
                    .contains("Release gate statistics: payments » orders")
                    .doesNotContain("secret");
        }
    }

    private static WorkflowJob echoJob(final WorkflowJob job) throws Exception {
        job.setDefinition(new CpsFlowDefinition("echo 'deploy'", true));
        return job;
    }

    /** Writes a gate's report into a build, where the releaseGate step writes it. */
    private static void write(final WorkflowRun run, final GateReport report) throws Exception {
        File directory = new File(run.getRootDir(), "release-gate/production");
        Files.createDirectories(directory.toPath());
        Files.writeString(directory.toPath().resolve("report.json"), new JsonReportWriter().write(report));
    }

    private static GateReport blocked(final Instant started, final String id, final String type) {
        return GateReport.withoutApproval(
                result(started, id, type, Status.FAIL), ApprovalPolicy.defaults(), null, "gate.yaml");
    }

    private static GateReport overridden(final Instant started, final String id, final String type, final String why)
            throws Exception {
        GateResult result = result(started, id, type, Status.FAIL);
        ApprovalLedger ledger = ledger(
                result,
                ApprovalPolicy.builder().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(),
                started);
        ledger.approve(
                new Person("carol", "carol", Set.of("ops"), true, true),
                why,
                result.digest(),
                "web",
                started.plusSeconds(300));
        return GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml");
    }

    private static GateReport rejected(final Instant started, final String id, final String type) throws Exception {
        GateResult result = result(started, id, type, Status.WARN);
        ApprovalLedger ledger = ledger(result, ApprovalPolicy.defaults(), started);
        ledger.reject(
                new Person("bob", "bob", Set.of("ops"), true, false), "not tonight", "web", started.plusSeconds(600));
        return GateReport.withApproval(result, ledger, "2.8.0", "gate.yaml");
    }

    private static ApprovalLedger ledger(final GateResult result, final ApprovalPolicy policy, final Instant started) {
        return new ApprovalLedger(
                policy,
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("dev"),
                Set.of(),
                result.getVerdict(),
                result.digest(),
                started);
    }

    private static GateResult result(final Instant started, final String id, final String type, final Status status) {
        CheckOutcome check = new CheckOutcome(
                id, type, true, null, CheckResult.of(status, id + " " + status), started, Duration.ofMillis(5));
        return new GateResult(
                "orders release", started, started.plusSeconds(1), ErrorPolicy.FAIL, List.of(check), List.of());
    }

    private JsonNode json(final JenkinsRule.WebClient web, final String path) throws Exception {
        WebResponse response = get(web, path);
        assertThat(response.getStatusCode()).as(path).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        return JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private WebResponse get(final JenkinsRule.WebClient web, final String path) throws Exception {
        return web.getPage(new WebRequest(new URL(r.getURL(), path))).getWebResponse();
    }

    private int status(final JenkinsRule.WebClient web, final String path) throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        return get(web, path).getStatusCode();
    }

    /** Opens a page, and keeps its screenshot and its DOM in {@code target/screenshots/}. */
    private static PageView look(final HeadlessChromium chromium, final String url, final String name)
            throws Exception {
        PageView page = chromium.open(url);
        chromium.screenshot(SCREENSHOTS.resolve(name + ".png"));
        Files.writeString(SCREENSHOTS.resolve(name + ".dom.html"), page.dom(), StandardCharsets.UTF_8);
        return page;
    }
}
