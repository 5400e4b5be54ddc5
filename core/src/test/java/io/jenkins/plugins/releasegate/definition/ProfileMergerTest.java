package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.testing.Definitions;
import io.jenkins.plugins.releasegate.testing.PlainCheckType;
import io.jenkins.plugins.releasegate.testing.ScriptedCheckType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileMergerTest {
    private static final GateDefinitionLoader LOADER = Definitions.loader(Map.of(
            "ok", context -> CheckResult.of(Status.PASS, "ok"),
            "other", context -> CheckResult.of(Status.PASS, "other")));

    private static final String PROFILE = """
            version: 1
            name: production
            timeout: 10m
            checks:
              - id: db
                type: scripted
                script: ok
                timeout: 30s
                thresholds:
                  load: {warn: 60%, fail: 95%}
                  freeSpace: {warn: 2GiB, fail: 500MiB}
              - id: health
                type: plain
              - id: advice
                type: plain
                required: false
            approval:
              approvers: [ops, release-managers]
              minApprovals: 2
              onFail: override
              overriders: [ops-leads, sre]
              timeout: 4h
            """;

    private static GateDefinition load(final String yaml, final String file) {
        try {
            return LOADER.load(yaml, file);
        } catch (InvalidDefinitionException exception) {
            throw new IllegalArgumentException(exception.getMessage(), exception);
        }
    }

    private static GateDefinition merge(final String repository) {
        return merge(PROFILE, repository);
    }

    private static GateDefinition merge(final String profile, final String repository) {
        return new ProfileMerger().merge(load(profile, "profile production"), load(repository, "release-gate.yaml"));
    }

    /** A repository definition with the given lines after its header. */
    private static String repository(final String body) {
        return "version: 1\nname: orders\n" + (body.contains("checks:") ? "" : "checks: []\n") + body;
    }

    private static Threshold threshold(final GateDefinition gate, final String check, final String metric) {
        return gate.getCheck(check).orElseThrow().getThresholds().get(metric);
    }

    @Test
    void shouldChangeNothingWhenTheRepositoryMentionsNothing() {
        // Given a repository definition that only names itself
        // When it is merged into the profile
        GateDefinition base = load(PROFILE, "profile production");
        GateDefinition merged = merge(repository(""));

        // Then the profile applies unchanged, without any note
        assertThat(merged.getNotes()).isEmpty();
        assertThat(merged.getName()).isEqualTo("production");
        assertThat(merged.getSource()).isEqualTo("profile production + release-gate.yaml");
        assertThat(merged.getTimeout()).isEqualTo(base.getTimeout());
        assertThat(merged.getOnError()).isEqualTo(base.getOnError());
        assertThat(merged.getApproval()).isEqualTo(base.getApproval());
        assertThat(merged.getChecks()).extracting(CheckDefinition::getId).containsExactly("db", "health", "advice");
        assertThat(threshold(merged, "db", ScriptedCheckType.LOAD))
                .isEqualTo(threshold(base, "db", ScriptedCheckType.LOAD));
    }

    @Test
    void shouldAddTheRepositorysChecksAndKeepEveryProfileCheck() {
        // Given a repository definition that adds a check and lists only one of the profile's
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - {id: smoke, type: plain, status: warn}
                  - {id: health, type: plain}
                """));

        // Then every profile check stays, the new one is added after them, and nothing is noted
        assertThat(merged.getChecks())
                .extracting(CheckDefinition::getId)
                .containsExactly("db", "health", "advice", "smoke");
        assertThat(merged.getCheck("smoke").orElseThrow().getType().name()).isEqualTo(PlainCheckType.NAME);
        assertThat(merged.getNotes()).isEmpty();
    }

    @Test
    void shouldMatchCheckIdsWithoutCaseAsTheLoaderDoes() {
        // Given a repository definition naming a profile check with other case and a looser status
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - {id: HEALTH, type: plain, required: false}
                """));

        // Then it is the profile's check, not a second one, and it stays required
        assertThat(merged.getChecks()).extracting(CheckDefinition::getId).containsExactly("db", "health", "advice");
        assertThat(merged.getCheck("health").orElseThrow().isRequired()).isTrue();
        assertThat(merged.getNotes()).singleElement().asString().contains("required: false");
    }

    @Test
    void shouldKeepARequiredCheckRequired() {
        // Given a repository definition that makes a profile check advisory and an advisory one required
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - {id: health, type: plain, required: false}
                  - {id: advice, type: plain, required: true}
                """));

        // Then the required check stays required, with a note, and the advisory one becomes required
        assertThat(merged.getCheck("health").orElseThrow().isRequired()).isTrue();
        assertThat(merged.getCheck("advice").orElseThrow().isRequired()).isTrue();
        assertThat(merged.getNotes())
                .containsExactly(
                        "release-gate.yaml: check 'health' required: false would make a required check advisory; it stays required");
    }

    @Test
    void shouldKeepTheStricterLimitOfEachThresholdLevel() {
        // Given a repository definition that tightens one level and loosens the other
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - id: db
                    type: scripted
                    script: ok
                    thresholds:
                      load: {warn: 50%, fail: 99%}
                """));

        // Then each level keeps the stricter limit, and the loosening is noted
        assertThat(threshold(merged, "db", ScriptedCheckType.LOAD))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(50.0, 95.0);
        assertThat(merged.getNotes())
                .containsExactly(
                        "release-gate.yaml: check 'db' threshold load (warn ≥ 50%, fail ≥ 99%) "
                                + "is looser than the profile's (warn ≥ 60%, fail ≥ 95%); the stricter limits apply: warn ≥ 50%, fail ≥ 95%");
    }

    @Test
    void shouldTightenThresholdsWithoutNotes() {
        // Given a repository definition that tightens both levels of both metrics
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - id: db
                    type: scripted
                    script: ok
                    thresholds:
                      load: {warn: 50%, fail: 70%}
                      freeSpace: {warn: 4GiB, fail: 1GiB}
                """));

        // Then the repository's limits apply, silently
        assertThat(threshold(merged, "db", ScriptedCheckType.LOAD))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(50.0, 70.0);
        assertThat(threshold(merged, "db", ScriptedCheckType.FREE_SPACE))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(4.0 * 1024 * 1024 * 1024, 1024.0 * 1024 * 1024);
        assertThat(merged.getNotes()).isEmpty();
    }

    @Test
    void shouldOnlyCompareTheThresholdLevelsTheRepositoryWrites() {
        // Given repository definitions that each write one level of a threshold, stricter than the profile's
        // When they are merged
        GateDefinition failOnly = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok, thresholds: {load: {fail: 90%}}}
                """));
        GateDefinition warnOnly = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok, thresholds: {load: {warn: 55%}}}
                """));

        // Then the level written tightens the profile's, the other keeps the profile's value
        // (not the type's default), and nothing was loosened, so nothing is noted
        assertThat(threshold(failOnly, "db", ScriptedCheckType.LOAD))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(60.0, 90.0);
        assertThat(failOnly.getNotes()).isEmpty();
        assertThat(threshold(warnOnly, "db", ScriptedCheckType.LOAD))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(55.0, 95.0);
        assertThat(warnOnly.getNotes()).isEmpty();
    }

    @Test
    void shouldNotLetTheRepositoryTurnALimitOff() {
        // Given a repository definition that sets a level to never, where lower is worse
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok, thresholds: {freeSpace: {fail: never}}}
                """));

        // Then the profile's limit stays, with a note
        assertThat(threshold(merged, "db", ScriptedCheckType.FREE_SPACE).fail()).isEqualTo(500.0 * 1024 * 1024);
        assertThat(merged.getNotes())
                .singleElement()
                .asString()
                .startsWith("release-gate.yaml: check 'db' threshold freeSpace (warn < 2.0 GiB, fail never) is looser");
    }

    @Test
    void shouldNotApplyChangedSettingsOfAProfileCheck() {
        // Given a repository definition that changes what a profile check measures, and one that repeats it
        // When they are merged
        GateDefinition changed = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: other}
                """));
        GateDefinition repeated = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok}
                """));

        // Then the profile's settings apply, with a note only for the change
        assertThat(changed.getCheck("db").orElseThrow().getSettings()).containsEntry("script", "ok");
        assertThat(changed.getNotes())
                .containsExactly("release-gate.yaml: check 'db' settings script differ from the profile's "
                        + "and are not applied: the profile owns what a check measures");
        assertThat(repeated.getNotes()).isEmpty();
    }

    @Test
    void shouldNotApplyACheckOfAnotherTypeUnderAProfileCheckId() {
        // Given a repository check with a profile check's id but another type
        // When it is merged
        GateDefinition merged = merge(repository("""
                checks:
                  - {id: db, type: plain, status: pass}
                """));

        // Then the profile's check stays, and the note says how to add the repository's check
        assertThat(merged.getCheck("db").orElseThrow().getType().name()).isEqualTo(ScriptedCheckType.NAME);
        assertThat(merged.getChecks()).hasSize(3);
        assertThat(merged.getNotes())
                .containsExactly("release-gate.yaml: check 'db' has type plain but the profile's check of "
                        + "that id is scripted; the repository's check is not applied. Give it another id to add it.");
    }

    @Test
    void shouldKeepTheProfilesCheckTimeout() {
        // Given a repository definition that changes a profile check's timeout, and one that repeats it
        // When they are merged
        GateDefinition changed = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok, timeout: 5m}
                """));
        GateDefinition repeated = merge(repository("""
                checks:
                  - {id: db, type: scripted, script: ok, timeout: 30s}
                """));

        // Then the profile's timeout applies, with a note only for the change
        assertThat(changed.getCheck("db").orElseThrow().getTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(changed.getNotes())
                .containsExactly("release-gate.yaml: check 'db' timeout 5m is not applied; the profile's 30s applies");
        assertThat(repeated.getNotes()).isEmpty();
    }

    @Test
    void shouldTakeTheShorterGateTimeoutAndFailClosedOnError() {
        // Given repository definitions that shorten or lengthen the gate timeout and choose onError
        // When they are merged
        GateDefinition shorter = merge(repository("timeout: 5m\nonError: fail\n"));
        GateDefinition longer = merge(repository("timeout: 1h\nonError: warn\n"));
        GateDefinition lenientProfile = merge(PROFILE + "onError: warn\n", repository("onError: fail\n"));

        // Then a shorter timeout and fail-closed apply; a longer one and onError: warn are noted and not applied
        assertThat(shorter.getTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(shorter.getNotes()).isEmpty();
        assertThat(longer.getTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(longer.getOnError()).isEqualTo(ErrorPolicy.FAIL);
        assertThat(longer.getNotes())
                .containsExactly(
                        "release-gate.yaml: timeout 1h is longer than the profile's 10m; the profile's applies",
                        "release-gate.yaml: onError: warn would let unmeasured checks pass with a warning; the profile's onError: fail applies");
        assertThat(lenientProfile.getOnError()).isEqualTo(ErrorPolicy.FAIL);
        assertThat(lenientProfile.getNotes()).isEmpty();
    }

    @Test
    void shouldNarrowButNeverWidenTheApprovers() {
        // Given repository definitions that name a subset of the approvers (in another case), other people, and nobody
        // When they are merged
        GateDefinition narrowed = merge(repository("approval:\n  approvers: [OPS]\n"));
        GateDefinition widened = merge(repository("approval:\n  approvers: [ops, developers]\n"));
        GateDefinition emptied = merge(repository("approval:\n  approvers: []\n"));
        GateDefinition fromAnyone = merge(
                PROFILE.replace("  approvers: [ops, release-managers]\n", ""),
                repository("approval:\n  approvers: [developers]\n"));

        // Then only narrowing applies; widening is noted and not applied
        assertThat(narrowed.getApproval().getApprovers()).containsExactly("OPS");
        assertThat(narrowed.getNotes()).isEmpty();
        assertThat(widened.getApproval().getApprovers()).containsExactly("ops", "release-managers");
        assertThat(widened.getNotes())
                .containsExactly("release-gate.yaml: approval approvers developers are not among the "
                        + "profile's approvers (ops, release-managers); the profile's apply");
        assertThat(emptied.getApproval().getApprovers()).containsExactly("ops", "release-managers");
        assertThat(emptied.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval approvers: an empty list would widen the profile's approvers; the profile's apply");
        assertThat(fromAnyone.getApproval().getApprovers()).containsExactly("developers");
        assertThat(fromAnyone.getNotes()).isEmpty();
    }

    @Test
    void shouldNarrowABareNameToItsGroupButNotToAUserOfThatName() {
        // Given repository definitions that name the profile's bare 'ops' as a group, and as a user
        // When they are merged
        GateDefinition group = merge(repository("approval:\n  approvers: [group:OPS]\n"));
        GateDefinition user = merge(repository("approval:\n  approvers: [user:ops]\n"));
        GateDefinition overrider = merge(repository("approval:\n  onFail: override\n  overriders: [user:ops-leads]\n"));

        // Then the group narrows; a user whose id is the name could be someone outside the group, so that is noted
        assertThat(group.getApproval().getApprovers()).containsExactly("group:OPS");
        assertThat(group.getNotes()).isEmpty();
        assertThat(user.getApproval().getApprovers()).containsExactly("ops", "release-managers");
        assertThat(user.getNotes())
                .containsExactly("release-gate.yaml: approval approvers user:ops are not among the "
                        + "profile's approvers (ops, release-managers); the profile's apply");
        assertThat(overrider.getApproval().getOverriders()).containsExactly("ops-leads", "sre");
        assertThat(overrider.getNotes()).hasSize(1);
    }

    @Test
    void shouldNotWidenAGroupEntryToABareName() {
        // Given a profile that names the group ops, and a repository that names 'ops' without a prefix
        GateDefinition merged = merge(
                PROFILE.replace("approvers: [ops, release-managers]", "approvers: [group:ops, user:alice]"),
                repository("approval:\n  approvers: [ops, user:ALICE]\n"));

        // Then the bare name, which may also be a user, is not applied
        assertThat(merged.getApproval().getApprovers()).containsExactly("group:ops", "user:alice");
        assertThat(merged.getNotes()).singleElement().asString().contains("approvers ops are not among");
    }

    @Test
    void shouldTakeTheLargerQuorum() {
        // Given repository definitions asking for more and for fewer approvals
        // When they are merged
        GateDefinition more = merge(repository("approval:\n  minApprovals: 3\n"));
        GateDefinition fewer = merge(repository("approval:\n  minApprovals: 1\n"));

        // Then the larger quorum applies, and asking for fewer is noted
        assertThat(more.getApproval().getMinApprovals()).isEqualTo(3);
        assertThat(more.getNotes()).isEmpty();
        assertThat(fewer.getApproval().getMinApprovals()).isEqualTo(2);
        assertThat(fewer.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval minApprovals 1 is fewer than the profile's 2; the profile's applies");
    }

    @Test
    void shouldNeverAllowSelfApprovalTheProfileForbids() {
        // Given a repository definition allowing self-approval, and a lenient profile with one forbidding it
        // When they are merged
        GateDefinition allowing = merge(repository("approval:\n  allowSelfApproval: true\n"));
        GateDefinition forbidding =
                merge(PROFILE + "  allowSelfApproval: true\n", repository("approval:\n  allowSelfApproval: false\n"));

        // Then self-approval stays forbidden, with a note for the attempt
        assertThat(allowing.getApproval().isAllowSelfApproval()).isFalse();
        assertThat(allowing.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval allowSelfApproval: true is not applied; the profile forbids self-approval");
        assertThat(forbidding.getApproval().isAllowSelfApproval()).isFalse();
        assertThat(forbidding.getNotes()).isEmpty();
    }

    @Test
    void shouldOnlyAddTheExclusionOfChangeAuthors() {
        // Given a repository definition excluding authors under a profile that lets them approve, and a repository
        // definition letting them approve under a profile that keeps the default exclusion
        // When they are merged
        GateDefinition excluding = merge(
                PROFILE + "  excludeChangeAuthors: false\n", repository("approval:\n  excludeChangeAuthors: true\n"));
        GateDefinition including = merge(repository("approval:\n  excludeChangeAuthors: false\n"));

        // Then the exclusion applies either way, and the attempt to lift it is noted
        assertThat(excluding.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(excluding.getNotes()).isEmpty();
        assertThat(including.getApproval().isExcludeChangeAuthors()).isTrue();
        assertThat(including.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval excludeChangeAuthors: false is not applied; the profile excludes change authors");
    }

    @Test
    void shouldKeepTheStricterCommentRule() {
        // Given repository definitions requiring comments always and never
        // When they are merged
        GateDefinition always = merge(repository("approval:\n  requireComment: always\n"));
        GateDefinition never = merge(repository("approval:\n  requireComment: never\n"));

        // Then 'always' applies and 'never' is noted
        assertThat(always.getApproval().getRequireComment()).isEqualTo(ApprovalPolicy.CommentRule.ALWAYS);
        assertThat(always.getNotes()).isEmpty();
        assertThat(never.getApproval().getRequireComment()).isEqualTo(ApprovalPolicy.CommentRule.UNLESS_PASS);
        assertThat(never.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval requireComment is looser than the profile's; the profile's applies");
    }

    @Test
    void shouldLetTheRepositoryBlockButNeverOverride() {
        // Given a repository definition that blocks failing gates, and a blocking profile with one that allows
        // overrides
        // When they are merged
        GateDefinition blocking = merge(repository("approval:\n  onFail: block\n"));
        GateDefinition overriding = merge(
                PROFILE.replace("  onFail: override\n  overriders: [ops-leads, sre]\n", ""),
                repository("approval:\n  onFail: override\n  overriders: [developers]\n"));

        // Then blocking applies (and nobody is left to override), overriding is noted and not applied
        assertThat(blocking.getApproval().getOnFail()).isEqualTo(ApprovalPolicy.OnFail.BLOCK);
        assertThat(blocking.getApproval().getOverriders()).isEmpty();
        assertThat(blocking.getNotes()).isEmpty();
        assertThat(overriding.getApproval().getOnFail()).isEqualTo(ApprovalPolicy.OnFail.BLOCK);
        assertThat(overriding.getApproval().getOverriders()).isEmpty();
        assertThat(overriding.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval onFail: override is not applied; the profile blocks failing gates");
    }

    @Test
    void shouldNarrowButNeverWidenTheOverriders() {
        // Given repository definitions naming a subset of the overriders and someone else
        // When they are merged
        GateDefinition narrowed = merge(repository("approval:\n  onFail: override\n  overriders: [sre]\n"));
        GateDefinition widened = merge(repository("approval:\n  onFail: override\n  overriders: [developers]\n"));

        // Then narrowing applies, widening is noted
        assertThat(narrowed.getApproval().getOverriders()).containsExactly("sre");
        assertThat(narrowed.getNotes()).isEmpty();
        assertThat(widened.getApproval().getOverriders()).containsExactly("ops-leads", "sre");
        assertThat(widened.getNotes())
                .containsExactly("release-gate.yaml: approval overriders developers are not among the "
                        + "profile's overriders (ops-leads, sre); the profile's apply");
    }

    @Test
    void shouldTakeTheShorterApprovalWindowAndKeepTheProfilesTimeoutOutcome() {
        // Given repository definitions with a shorter window, a longer one, and another timeout outcome
        // When they are merged
        GateDefinition shorter = merge(repository("approval:\n  timeout: 1h\n"));
        GateDefinition longer = merge(repository("approval:\n  timeout: 48h\n"));
        GateDefinition outcome = merge(repository("approval:\n  onTimeout: fail\n"));
        GateDefinition sameOutcome = merge(repository("approval:\n  onTimeout: abort\n"));

        // Then the shorter window applies; the longer window and the other outcome are noted and not applied
        assertThat(shorter.getApproval().getTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(shorter.getNotes()).isEmpty();
        assertThat(longer.getApproval().getTimeout()).isEqualTo(Duration.ofHours(4));
        assertThat(longer.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval timeout 2d is longer than the profile's 4h; the profile's applies");
        assertThat(outcome.getApproval().getOnTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.ABORT);
        assertThat(outcome.getNotes())
                .containsExactly("release-gate.yaml: approval onTimeout is owned by the profile and is not applied");
        assertThat(sameOutcome.getNotes()).isEmpty();
    }

    @Test
    void shouldLetTheRepositoryFailOnWorseEvidenceButNotWait() {
        // Given a repository definition that fails on worse evidence, and a strict profile with one that waits
        // When they are merged
        GateDefinition failing = merge(repository("approval:\n  onWorseEvidence: fail\n"));
        GateDefinition waiting =
                merge(PROFILE + "  onWorseEvidence: fail\n", repository("approval:\n  onWorseEvidence: wait\n"));

        // Then failing applies either way, and the attempt to wait is noted
        assertThat(failing.getApproval().getOnWorseEvidence()).isEqualTo(ApprovalPolicy.OnWorseEvidence.FAIL);
        assertThat(failing.getNotes()).isEmpty();
        assertThat(waiting.getApproval().getOnWorseEvidence()).isEqualTo(ApprovalPolicy.OnWorseEvidence.FAIL);
        assertThat(waiting.getNotes())
                .containsExactly(
                        "release-gate.yaml: approval onWorseEvidence: wait is not applied; the profile fails the gate when evidence gets worse");
    }

    @Test
    void shouldNoteEveryLooseningAtOnce() {
        // Given a repository definition that tries to loosen several things at once
        // When it is merged
        GateDefinition merged = merge(repository("""
                timeout: 2h
                checks:
                  - {id: health, type: plain, required: false}
                approval:
                  minApprovals: 1
                  requireComment: never
                """));

        // Then each attempt has its note and none is applied
        assertThat(merged.getNotes()).hasSize(4);
        assertThat(merged.getTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(merged.getCheck("health").orElseThrow().isRequired()).isTrue();
        assertThat(merged.getApproval()).isEqualTo(load(PROFILE, "p").getApproval());
        assertThat(List.copyOf(merged.getNotes())).allMatch(note -> note.startsWith("release-gate.yaml: "));
    }

    @Test
    void shouldLoadTheProfileTheRepositoryOrBothMerged() throws InvalidDefinitionException {
        DefinitionText profile = new DefinitionText(PROFILE, "profile production");
        DefinitionText repository = new DefinitionText(repository("timeout: 2m\n"), "release-gate.yaml");

        assertThat(LOADER.loadMerged(null, null)).isEmpty();
        assertThat(LOADER.loadMerged(profile, null).orElseThrow().getName()).isEqualTo("production");
        assertThat(LOADER.loadMerged(null, repository).orElseThrow().getChecks())
                .isEmpty();
        GateDefinition merged = LOADER.loadMerged(profile, repository).orElseThrow();
        assertThat(merged.getName())
                .isEqualTo(merge(repository("timeout: 2m\n")).getName());
        assertThat(merged.getChecks()).hasSize(3);
        assertThat(merged.getApproval().getMinApprovals()).isEqualTo(2);
    }

    @Test
    void shouldNameTheFileWhoseProblemsStopTheLoading() {
        DefinitionText profile = new DefinitionText(PROFILE, "profile production");
        DefinitionText broken =
                new DefinitionText("version: 1\nname: orders\nchecks: []\ntimeout: soon\n", "release-gate.yaml");

        assertThatThrownBy(() -> LOADER.loadMerged(profile, broken))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("release-gate.yaml");
    }

    @Test
    void shouldReadADefinitionFileOfAWorkspaceOrSayWhereItIsMissing(@TempDir final Path workspace) throws Exception {
        Files.writeString(workspace.resolve("release-gate.yaml"), repository(""), StandardCharsets.UTF_8);
        LocalWorkspaceFiles files = new LocalWorkspaceFiles(workspace);

        assertThat(GateDefinitionLoader.readText(files, "release-gate.yaml")).isEqualTo(repository(""));
        assertThatThrownBy(() -> GateDefinitionLoader.readText(files, "gate.yaml"))
                .isInstanceOf(IOException.class)
                .hasMessage("The gate definition 'gate.yaml' does not exist in the workspace " + files.describe()
                        + ": check the path, and check out the repository before the gate runs");
        assertThatThrownBy(() -> GateDefinitionLoader.readText(files, "../outside.yaml"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is outside the workspace");
    }
}
