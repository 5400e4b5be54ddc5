package io.jenkins.plugins.releasegate;

import static io.jenkins.plugins.releasegate.Gates.gate;
import static io.jenkins.plugins.releasegate.Gates.gateUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Result;
import io.jenkins.plugins.releasegate.configuration.FolderGateProfiles;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleaseGateProfilesITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String INVALID_PROFILE = "version: 1\nname: Production release\ntimout: 5m\nchecks: []\n";

    @RegisterExtension
    private final HealthEndpoint endpoint = new HealthEndpoint();

    /** An ops profile with one health check of the given id and the given lines under 'approval:'. */
    private String profile(final String checkId, final String approval) {
        return "version: 1\n"
                + "name: Production release\n"
                + "checks:\n"
                + "  - id: " + checkId + "\n"
                + "    type: httpHealth\n"
                + "    url: " + endpoint.url() + "\n"
                + (approval.isEmpty() ? "" : "approval:\n" + approval);
    }

    private static void configureGlobally(final String defaultProfile, final GateProfile... profiles) {
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();
        configuration.setProfiles(List.of(profiles));
        configuration.setDefaultProfile(defaultProfile);
    }

    /** A pipeline in the given folder (or Jenkins) running only the given step. */
    private static WorkflowJob pipeline(final ItemGroup<? extends Item> parent, final String name, final String step)
            throws Exception {
        WorkflowJob job = parent instanceof Folder folder
                ? folder.createProject(WorkflowJob.class, name)
                : ((Jenkins) parent).createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(step, true));
        return job;
    }

    private static String report(final WorkflowRun run) throws Exception {
        return Files.readString(
                new File(run.getRootDir(), "release-gate/" + gate(run).getGateId() + "/report.json").toPath(),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldMergeTheRepositoryOntoTheGlobalProfileAndNoteWithoutApplyingItsLoosening(final JenkinsRule r)
            throws Exception {
        // Given a global profile with a platform check that forbids self-approval, and a repository definition that
        // adds its own check and tries to allow self-approval
        configureGlobally(
                null, new GateProfile("production", profile("platform-health", "  approvers: [group:ops]\n")));
        WorkflowJob job = Gates.job(
                r,
                "orders",
                Gates.definition(endpoint.url(), "  allowSelfApproval: true\n"),
                ", profile: 'production', approval: false");

        // When the gate runs
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then both checks run, the loosening is noted in the log and the report and not applied
        r.assertLogContains("running 2 check(s) from profile production + release-gate.yaml", run);
        String note = "release-gate.yaml: approval allowSelfApproval: true is not applied; the profile forbids"
                + " self-approval";
        r.assertLogContains("Note: " + note, run);
        String report = report(run);
        assertThat(report)
                .contains("\"platform-health\"", "\"orders-api\"", note)
                .contains("\"allowSelfApproval\" : false");
        assertThat(gate(run).isWithoutProfile()).isFalse();
    }

    @Test
    void shouldPreferTheProfileOfTheNearestFolderOverOuterFoldersAndTheGlobalOne(final JenkinsRule r) throws Exception {
        // Given a profile 'production' configured globally, on a folder 'team' and on its folder 'payments', and the
        // test endpoint allowed from the controller, where a gate outside 'node' runs its checks
        ReleaseGateConfiguration.get().setAllowedHosts("127.0.0.1:" + endpoint.port());
        configureGlobally(null, new GateProfile("production", profile("global-health", "")));
        Folder team = r.jenkins.createProject(Folder.class, "team");
        team.addProperty(new FolderGateProfiles(List.of(new GateProfile("production", profile("team-health", "")))));
        Folder payments = team.createProject(Folder.class, "payments");
        payments.addProperty(
                new FolderGateProfiles(List.of(new GateProfile("production", profile("payments-health", "")))));
        String step = "releaseGate profile: 'production', approval: false";

        // When a job in each place runs a gate on 'production'
        WorkflowRun inPayments = r.buildAndAssertSuccess(pipeline(payments, "release", step));
        WorkflowRun inTeam = r.buildAndAssertSuccess(pipeline(team, "release", step));
        WorkflowRun atTop = r.buildAndAssertSuccess(pipeline(r.jenkins, "release", step));

        // Then each gets the profile of its nearest folder, and the job outside every folder the global one
        assertThat(report(inPayments)).contains("payments-health").doesNotContain("team-health", "global-health");
        assertThat(report(inTeam)).contains("team-health").doesNotContain("payments-health", "global-health");
        assertThat(report(atTop)).contains("global-health").doesNotContain("payments-health", "team-health");
    }

    @Test
    void shouldResolveCredentialsOfAFolderProfileCheckInTheFolderOfTheBuild(final JenkinsRule r) throws Exception {
        // Given credentials stored in a folder, and a folder profile whose health check names them, against a
        // server that echoes the credentials it receives, allowed from the controller
        ReleaseGateConfiguration.get().setAllowedHosts("127.0.0.1:" + endpoint.port());
        String password = "folder-secret-7d2c";
        Folder team = r.jenkins.createProject(Folder.class, "team");
        CredentialsStore store = null;
        for (CredentialsStore candidate : CredentialsProvider.lookupStores(team)) {
            if (candidate.getProvider() instanceof FolderCredentialsProvider && candidate.getContext() == team) {
                store = candidate;
            }
        }
        assertThat(store).isNotNull();
        store.addCredentials(
                Domain.global(),
                new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "team-health-user", "health check user", "monitor", password));
        team.addProperty(new FolderGateProfiles(List.of(new GateProfile(
                "production",
                profile("platform-health", "").replace("    url:", "    credentials: team-health-user\n    url:")))));
        endpoint.echoPassword();

        // When a job in the folder runs the profile
        WorkflowRun run = r.buildAndAssertStatus(
                Result.FAILURE, pipeline(team, "release", "releaseGate profile: 'production', approval: false"));

        // Then the check logged in with the folder's credentials (the server echoed them, masked), and the password
        // is nowhere
        assertThat(report(run)).contains("denied for ****").doesNotContain(password);
        assertThat(JenkinsRule.getLog(run)).doesNotContain(password);
    }

    @Test
    void shouldApplyTheDefaultProfileToAGateThatNamesNone(final JenkinsRule r) throws Exception {
        // Given a default profile, and a pipeline whose gate names no profile
        configureGlobally(
                "production",
                new GateProfile("staging", profile("staging-health", "")),
                new GateProfile("production", profile("platform-health", "")));
        WorkflowJob job = Gates.job(r, "orders", Gates.definition(endpoint.url(), ""), ", approval: false");

        // When the gate runs
        WorkflowRun run = r.buildAndAssertSuccess(job);

        // Then the repository's definition is merged onto the default profile
        r.assertLogContains("running 2 check(s) from profile production + release-gate.yaml", run);
        assertThat(report(run)).contains("platform-health").doesNotContain("staging-health");
        assertThat(gate(run).isWithoutProfile()).isFalse();
    }

    @Test
    void shouldNotLetTheRepositoryLoosenTheApprovalPolicyWhenNoProfileApplies(final JenkinsRule r) throws Exception {
        // Given no profile at all, and a repository that lets bob, who starts the build, approve it alone
        Gates.secure(r);
        WorkflowJob job = Gates.job(
                r,
                "orders",
                Gates.definition(endpoint.url(), "  approvers: [user:bob]\n  allowSelfApproval: true\n"),
                "");

        // When bob starts it and the gate waits
        WorkflowRun run = Gates.startAndWait(r, job, "bob");

        // Then neither setting applies: the log says which and why, the gate page says ops have not configured a
        // policy, bob is refused as the initiator, and alice (not among the repository's approvers) may approve
        r.assertLogContains(
                "Note: release-gate.yaml: approval approvers [user:bob], allowSelfApproval: true are not applied: no"
                        + " ops profile is configured: ask a Jenkins administrator to configure one in Manage Jenkins"
                        + " \u203a System \u203a Release Gate",
                run);
        assertThat(gate(run).isWithoutProfile()).isTrue();
        HtmlPage page = r.createWebClient().login("alice").goTo(gateUrl(run));
        assertThat(page.getElementById("release-gate-no-profile").asNormalizedText())
                .startsWith("Ops have not configured a policy for this gate");
        WebResponse bob = Gates.decide(
                r, run, gate(run).getGateId(), "bob", "{\"decision\": \"approve\", \"comment\": \"mine\"}");
        assertThat(bob.getStatusCode()).isEqualTo(403);
        assertThat(bob.getContentAsString()).contains("started this build");
        WebResponse alice = Gates.decide(
                r, run, gate(run).getGateId(), "alice", "{\"decision\": \"approve\", \"comment\": \"checked\"}");
        assertThat(alice.getStatusCode()).isEqualTo(200);
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("approvers=[alice]", run);
    }

    @Test
    void shouldAbortClearlyWhenTheNamedProfileIsNotConfigured(final JenkinsRule r) throws Exception {
        // Given a global profile 'production' only
        configureGlobally(null, new GateProfile("production", profile("platform-health", "")));
        WorkflowJob job = pipeline(r.jenkins, "release", "releaseGate profile: 'staging'");

        // When a gate names 'staging'
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        // Then the build stops with a sentence saying what to do, and no gate ran
        r.assertLogContains(
                "No gate profile named 'staging' is configured for release: ask a Jenkins administrator", run);
        assertThat(gate(run)).isNull();
    }

    @Test
    void shouldShowEveryProblemOfAProfileWithLineAndColumnInTheForm(final JenkinsRule r) throws Exception {
        // Given an administrator and a reader
        Gates.secure(r);

        // When the administrator's form checks a definition with an unknown key, and a name with a space
        WebResponse definition = check(r, "admin", "checkDefinition", "production", INVALID_PROFILE);
        WebResponse name = check(r, "admin", "checkName", null, "prod eu");

        // Then each problem is shown with file, line and column; the reader may not check anything
        assertThat(definition.getStatusCode()).isEqualTo(200);
        assertThat(definition.getContentAsString()).contains("profile production:3:1: timout: unknown key");
        assertThat(name.getContentAsString()).contains("is not a valid profile name");
        assertThat(check(r, "mallory", "checkDefinition", "production", INVALID_PROFILE)
                        .getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldRefuseToSaveAProfileWithProblemsAndKeepTheSavedOne(final JenkinsRule r) throws Exception {
        // Given a saved valid profile
        Gates.secure(r);
        String valid = profile("platform-health", "");
        configureGlobally("production", new GateProfile("production", valid));

        // When the administrator replaces its definition with one that has a problem and saves
        JenkinsRule.WebClient web = r.createWebClient().login("admin");
        web.setThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = web.goTo("manage/configure").getFormByName("config");
        form.getTextAreaByName("_.definition").setText(INVALID_PROFILE);
        Page answer = r.submit(form);

        // Then it is refused with the problem, and the saved profile is unchanged
        assertThat(answer.getWebResponse().getContentAsString())
                .contains("The Release Gate configuration was not saved")
                .contains("profile production:3:1: timout: unknown key");
        assertThat(ReleaseGateConfiguration.get().getProfiles())
                .singleElement()
                .extracting(GateProfile::getDefinition)
                .isEqualTo(valid);
    }

    @Test
    void shouldSaveProfilesFromTheForm(final JenkinsRule r) throws Exception {
        // Given a saved profile
        Gates.secure(r);
        configureGlobally(null, new GateProfile("production", profile("platform-health", "")));

        // When the administrator sets it as the default through the form
        HtmlForm form =
                r.createWebClient().login("admin").goTo("manage/configure").getFormByName("config");
        form.getInputByName("_.defaultProfile").setValue("production");
        r.submit(form);

        // Then the default and the profile are saved
        assertThat(ReleaseGateConfiguration.get().getDefaultProfile()).isEqualTo("production");
        assertThat(ReleaseGateConfiguration.get().getProfiles())
                .extracting(GateProfile::getName)
                .containsExactly("production");
    }

    @Test
    void shouldNotLetANonAdministratorReadOrChangeTheConfiguration(final JenkinsRule r) throws Exception {
        // Given a saved profile, and alice who may approve gates but does not administer Jenkins
        Gates.secure(r);
        configureGlobally(null, new GateProfile("production", profile("platform-health", "")));
        JenkinsRule.WebClient alice = r.createWebClient().login("alice");
        alice.setThrowExceptionOnFailingStatusCode(false);

        // When she opens the configuration page and posts a configuration
        Page page = alice.goTo("manage/configure");
        WebRequest submit = new WebRequest(new URL(r.getURL(), "manage/configSubmit"), HttpMethod.POST);
        submit.setRequestParameters(new ArrayList<>(List.of(
                new NameValuePair(
                        "json",
                        "{\"io-jenkins-plugins-releasegate-configuration-ReleaseGateConfiguration\":"
                                + " {\"defaultProfile\": \"\"}}"),
                new NameValuePair("Submit", "Save"))));
        alice.addCrumb(submit);
        WebResponse posted = alice.getPage(submit).getWebResponse();

        // Then both are refused and nothing changed
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("platform-health");
        assertThat(posted.getStatusCode()).isEqualTo(403);
        assertThat(ReleaseGateConfiguration.get().getProfiles()).hasSize(1);
    }

    @Test
    void shouldRefuseAFolderProfileWithProblemsAndLetOnlyFolderConfigurersCheckIt(final JenkinsRule r)
            throws Exception {
        // Given a folder that alice may configure and mallory may only read
        Gates.secure(r);
        Folder team = r.jenkins.createProject(Folder.class, "team");
        MockAuthorizationStrategy strategy = (MockAuthorizationStrategy) r.jenkins.getAuthorizationStrategy();
        strategy.grant(Item.CONFIGURE).onItems(team).to("alice");
        team.addProperty(new FolderGateProfiles(List.of(new GateProfile("production", profile("team-health", "")))));

        // When alice saves the folder with a profile that has a problem, and both check it in the folder's form
        JenkinsRule.WebClient web = r.createWebClient().login("alice");
        web.setThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = web.goTo(team.getUrl() + "configure").getFormByName("config");
        form.getTextAreaByName("_.definition").setText(INVALID_PROFILE);
        Page answer = r.submit(form);

        // Then the save is refused with the problem and the folder keeps its profile; alice may check, mallory not
        assertThat(answer.getWebResponse().getContentAsString())
                .contains("profile production:3:1: timout: unknown key");
        assertThat(team.getProperties().get(FolderGateProfiles.class).getProfiles())
                .singleElement()
                .extracting(GateProfile::getDefinition)
                .asString()
                .contains("team-health");
        assertThat(checkIn(r, team, "alice", INVALID_PROFILE).getContentAsString())
                .contains("profile production:3:1: timout");
        assertThat(checkIn(r, team, "mallory", INVALID_PROFILE).getStatusCode()).isEqualTo(403);
    }

    private static WebResponse check(
            final JenkinsRule r, final String user, final String method, final String name, final String value)
            throws Exception {
        return post(
                r,
                user,
                "descriptorByName/" + GateProfile.class.getName() + "/" + method,
                name == null
                        ? List.of(new NameValuePair("value", value))
                        : List.of(new NameValuePair("name", name), new NameValuePair("value", value)));
    }

    private static WebResponse checkIn(final JenkinsRule r, final Folder folder, final String user, final String value)
            throws Exception {
        return post(
                r,
                user,
                folder.getUrl() + "descriptorByName/" + GateProfile.class.getName() + "/checkDefinition",
                List.of(new NameValuePair("name", "production"), new NameValuePair("value", value)));
    }

    private static WebResponse post(
            final JenkinsRule r, final String user, final String url, final List<NameValuePair> parameters)
            throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().login(user);
        web.setThrowExceptionOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(r.getURL(), url), HttpMethod.POST);
        request.setRequestParameters(new ArrayList<>(parameters));
        web.addCrumb(request);
        return web.getPage(request).getWebResponse();
    }
}
