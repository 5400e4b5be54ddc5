package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilesTest {
    private static final GateDefinitionLoader LOADER =
            Definitions.loader(Map.of("ok", context -> CheckResult.of(Status.PASS, "ok")));
    private static final String VALID = "version: 1\nname: production\nchecks: []\n";

    @Test
    void shouldAcceptShortSafeNamesOnly() {
        // Given names as an administrator may type them
        // Then short names of letters, digits, '.', '_' and '-' pass, others say what to use
        assertThat(Profiles.nameProblem("production")).isEmpty();
        assertThat(Profiles.nameProblem("prod-eu_1.2")).isEmpty();
        assertThat(Profiles.nameProblem("")).contains("a profile needs a name, such as 'production'");
        assertThat(Profiles.nameProblem(null)).isPresent();
        assertThat(Profiles.nameProblem("prod eu")).get().asString().contains("'prod eu' is not a valid profile name");
        assertThat(Profiles.nameProblem("-prod")).isPresent();
        assertThat(Profiles.nameProblem("../prod")).isPresent();
        assertThat(Profiles.nameProblem("p".repeat(65))).isPresent();
        assertThat(Profiles.nameProblem("p".repeat(64))).isEmpty();
    }

    @Test
    void shouldListEveryProblemOfEveryProfileWithLineAndColumn() {
        // Given two profiles of the same name (in other case), one with an unknown key and an unknown type,
        // and a default that names neither
        List<ProfileText> profiles = List.of(
                new ProfileText("production", VALID),
                new ProfileText("Production", "version: 1\nname: x\ntimout: 5m\nchecks:\n  - {id: a, type: okk}\n"),
                new ProfileText("bad name", VALID));

        // When they are checked before saving
        List<String> problems = Profiles.problems(LOADER, profiles, "staging");

        // Then every problem is listed: the repeated name, each definition problem as
        // 'profile NAME:line:col: path: message', the invalid name and the unknown default
        assertThat(problems)
                .anyMatch(problem -> problem.startsWith("the profile name 'Production' is used by another profile"))
                .anyMatch(problem -> problem.startsWith("profile Production:3:1: timout: unknown key"))
                .anyMatch(problem -> problem.startsWith("profile Production:5:19: checks[0].type: unknown check type"))
                .anyMatch(problem -> problem.startsWith("'bad name' is not a valid profile name"))
                .anyMatch(problem -> problem.startsWith("the default profile 'staging' is not configured: choose one of"
                        + " production, Production, bad name"));
    }

    @Test
    void shouldAcceptValidProfilesAndADefaultAmongThem() {
        // Given two valid profiles and a default naming one of them
        List<ProfileText> profiles = List.of(new ProfileText("production", VALID), new ProfileText("staging", VALID));

        // Then nothing is wrong, also without a default
        assertThat(Profiles.problems(LOADER, profiles, "production")).isEmpty();
        assertThat(Profiles.problems(LOADER, profiles, null)).isEmpty();
        assertThat(Profiles.problems(LOADER, profiles, " ")).isEmpty();
        assertThat(Profiles.defaultProblem(List.of(), "production"))
                .get()
                .asString()
                .contains("choose one of the profiles after adding one");
    }

    @Test
    void shouldFindTheProfileOfTheNearestScope() {
        // Given a folder and the global configuration that both configure 'production', and 'staging' only globally
        List<ProfileText> folder = List.of(new ProfileText("production", "folder: yes"));
        List<ProfileText> global =
                List.of(new ProfileText("production", "global: yes"), new ProfileText("staging", "staging: yes"));

        // Then the nearest scope wins, a name only the farther scope configures is found there, names are exact,
        // and a name nobody configures is not found
        assertThat(Profiles.find(List.of(folder, global), "production"))
                .contains(new DefinitionText("folder: yes", "profile production"));
        assertThat(Profiles.find(List.of(folder, global), "staging"))
                .contains(new DefinitionText("staging: yes", "profile staging"));
        assertThat(Profiles.find(List.of(folder, global), "Production")).isEmpty();
        assertThat(Profiles.find(List.of(folder, global), "qa")).isEmpty();
    }

    @Test
    void shouldRefuseAProfileThatLetsChangeAuthorsApproveUnlessTheAdministratorAllowsIt() {
        // Given a profile that lets change authors approve, and one that says nothing about them
        String relaxed = VALID + "approval:\n  excludeChangeAuthors: false\n";
        List<ProfileText> profiles = List.of(new ProfileText("production", relaxed), new ProfileText("staging", VALID));

        // When they are checked before saving, without and with the administrator's leave
        List<String> withoutLeave = Profiles.problems(LOADER, profiles, null, false);
        List<String> withLeave = Profiles.problems(LOADER, profiles, null, true);

        // Then without it the relaxing profile alone is refused, saying what to do; with it nothing is wrong
        assertThat(withoutLeave)
                .containsExactly("profile production: approval excludeChangeAuthors: false is not allowed: the"
                        + " administrator has not allowed profiles to let the authors of a build's changes approve it."
                        + " Remove the setting, or ask an administrator to allow it in the global Release Gate"
                        + " configuration");
        assertThat(withLeave).isEmpty();
        assertThat(Profiles.definitionProblems(LOADER, relaxed, "profile production", false))
                .isEqualTo(withoutLeave);
        assertThat(Profiles.definitionProblems(LOADER, VALID, "profile staging", false))
                .isEmpty();
    }

    @Test
    void shouldKeepChangeAuthorsExcludedWhenAProfileArrivesRelaxedWithoutTheAdministratorsLeave()
            throws InvalidDefinitionException {
        // Given a profile that lets change authors approve, such as one set through configuration as code
        DefinitionText profile =
                new DefinitionText(VALID + "approval:\n  excludeChangeAuthors: false\n", "profile production");
        DefinitionText repository = new DefinitionText("version: 1\nname: orders\nchecks: []\n", "release-gate.yaml");

        // When a gate loads it, without and with the administrator's leave
        GateDefinition withoutLeave =
                LOADER.loadMerged(profile, repository, "no profile", false).orElseThrow();
        GateDefinition withLeave =
                LOADER.loadMerged(profile, repository, "no profile", true).orElseThrow();

        // Then without it change authors stay excluded and a note says why; with it the profile applies as written
        assertThat(withoutLeave.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(withoutLeave.getNotes())
                .containsExactly("profile production: approval excludeChangeAuthors: false is not allowed: the"
                        + " administrator has not allowed profiles to let the authors of a build's changes approve it."
                        + " Remove the setting, or ask an administrator to allow it in the global Release Gate"
                        + " configuration; change authors may not approve");
        assertThat(withLeave.getApproval().isExcludeChangeAuthors()).isFalse();
        assertThat(withLeave.getNotes()).isEmpty();
    }

    @Test
    void shouldKeepEverythingElseOfAProfileWhoseChangeAuthorsRuleIsNotApplied() throws InvalidDefinitionException {
        // Given a profile that notifies ops and lets change authors approve, without the administrator's leave
        DefinitionText profile = new DefinitionText(
                VALID
                        + "approval:\n  excludeChangeAuthors: false\n  minApprovals: 2\n"
                        + "notifications:\n  reminders: [25%]\n  webhooks:\n    - url: https://hooks.example.com/gates\n",
                "profile production");
        DefinitionText repository = new DefinitionText("version: 1\nname: orders\nchecks: []\n", "release-gate.yaml");

        // When a gate loads it
        GateDefinition merged =
                LOADER.loadMerged(profile, repository, "no profile", false).orElseThrow();

        // Then only the rule is held back: the profile's notifications and the rest of its policy still apply
        assertThat(merged.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(merged.getApproval().getMinApprovals()).isEqualTo(2);
        assertThat(merged.getNotifications().getWebhooks()).hasSize(1);
        assertThat(merged.getNotifications().getReminders()).containsExactly(0.25);
        assertThat(merged.isWithoutProfile()).isFalse();
    }

    @Test
    void shouldNeverLetTheRepositoryRelaxTheExclusionOfChangeAuthors() throws InvalidDefinitionException {
        // Given a repository definition that lets change authors approve, under a profile that says nothing of them
        // and with no profile at all, even where the administrator lets profiles relax it
        DefinitionText profile = new DefinitionText(VALID, "profile production");
        DefinitionText repository = new DefinitionText(
                "version: 1\nname: orders\nchecks: []\napproval:\n  excludeChangeAuthors: false\n",
                "release-gate.yaml");

        // When a gate loads it
        GateDefinition merged =
                LOADER.loadMerged(profile, repository, "no profile", true).orElseThrow();
        GateDefinition alone =
                LOADER.loadMerged(null, repository, "no profile", true).orElseThrow();

        // Then change authors stay excluded and the notes say the setting was not applied
        assertThat(merged.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(merged.getNotes())
                .containsExactly("release-gate.yaml: approval excludeChangeAuthors: false is not applied; the profile"
                        + " excludes change authors");
        assertThat(alone.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(alone.getNotes()).singleElement().asString().contains("excludeChangeAuthors: false is not applied");
    }
}
