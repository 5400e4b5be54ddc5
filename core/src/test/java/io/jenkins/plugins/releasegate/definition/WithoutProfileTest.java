package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WithoutProfileTest {
    private static final GateDefinitionLoader LOADER =
            Definitions.loader(Map.of("ok", context -> CheckResult.of(Status.PASS, "ok")));
    private static final String REASON = "no ops profile is configured: ask an administrator to configure one";

    private static final String PROFILE = """
            version: 1
            name: production
            checks: []
            approval:
              approvers: [group:ops]
            """;

    /** A repository definition with one check and the given lines under 'approval:'. */
    private static DefinitionText repository(final String approval) {
        return new DefinitionText(
                "version: 1\nname: orders\ntimeout: 30m\nonError: warn\nchecks:\n"
                        + "  - {id: db, type: scripted, script: ok}\n"
                        + (approval.isEmpty() ? "" : "approval:\n" + approval),
                "release-gate.yaml");
    }

    private static GateDefinition withoutProfile(final String approval) throws InvalidDefinitionException {
        return LOADER.loadMerged(null, repository(approval), REASON).orElseThrow();
    }

    @Test
    void shouldNotApplyAnyLooseningApprovalKeyAndNameThemAllInOneNote() throws InvalidDefinitionException {
        // Given a repository definition that loosens every approval setting it can, with no profile applying
        // When it is loaded as a host that expects a profile loads it
        GateDefinition gate = withoutProfile("""
                  approvers: [user:friend, group:devs]
                  allowSelfApproval: true
                  excludeChangeAuthors: false
                  requireComment: never
                  onFail: override
                  overriders: [user:friend]
                """);

        // Then the default policy applies in their place, the gate is marked as without profile, and one note
        // names every setting that was not applied and why
        assertThat(gate.getApproval()).isEqualTo(ApprovalPolicy.defaults());
        assertThat(gate.isWithoutProfile()).isTrue();
        assertThat(gate.getNotes())
                .singleElement()
                .asString()
                .startsWith("release-gate.yaml: approval approvers [user:friend, group:devs], allowSelfApproval: true,"
                        + " excludeChangeAuthors: false, requireComment: never, onFail: override, overriders [user:friend] are not applied: "
                        + REASON + ".")
                .contains("may tighten the approval policy but not loosen it");
    }

    @Test
    void shouldApplyEverythingThatTightensOrLoosensNothing() throws InvalidDefinitionException {
        // Given a repository definition that only tightens the approval policy, with no profile applying
        GateDefinition gate = withoutProfile("""
                  minApprovals: 2
                  allowSelfApproval: false
                  excludeChangeAuthors: true
                  requireComment: always
                  onFail: block
                  timeout: 2h
                  onTimeout: fail
                  onWorseEvidence: fail
                """);

        // Then every setting applies as written, with no note
        ApprovalPolicy policy = gate.getApproval();
        assertThat(policy.getMinApprovals()).isEqualTo(2);
        assertThat(policy.isExcludeChangeAuthors()).isTrue();
        assertThat(policy.getRequireComment()).isEqualTo(ApprovalPolicy.CommentRule.ALWAYS);
        assertThat(policy.getTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(policy.getOnTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.FAIL);
        assertThat(policy.getOnWorseEvidence()).isEqualTo(ApprovalPolicy.OnWorseEvidence.FAIL);
        assertThat(gate.getNotes()).isEmpty();
        assertThat(gate.isWithoutProfile()).isTrue();
    }

    @Test
    void shouldKeepTheRepositorysChecksAndGateSettingsOutsideTheApprovalPolicy() throws InvalidDefinitionException {
        // Given a repository definition with its own timeout and error policy, with no profile applying
        GateDefinition gate = withoutProfile("  excludeChangeAuthors: true\n  requireComment: unlessPass\n");

        // Then the rule touches only the approval policy: checks, timeout and onError are the repository's,
        // and settings equal to the defaults loosen nothing, so they are not noted
        assertThat(gate.getChecks()).extracting(CheckDefinition::getId).containsExactly("db");
        assertThat(gate.getTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(gate.getOnError()).isEqualTo(ErrorPolicy.WARN);
        assertThat(gate.getSource()).isEqualTo("release-gate.yaml");
        assertThat(gate.getApproval()).isEqualTo(ApprovalPolicy.defaults());
        assertThat(gate.getNotes()).isEmpty();
    }

    @Test
    void shouldSayIsForASingleKeyNotApplied() throws InvalidDefinitionException {
        // Given a repository definition that only allows self-approval
        GateDefinition gate = withoutProfile("  allowSelfApproval: true\n");

        // Then the note names that one setting
        assertThat(gate.getNotes())
                .singleElement()
                .asString()
                .startsWith("release-gate.yaml: approval allowSelfApproval: true is not applied: " + REASON);
        assertThat(gate.getApproval().isAllowSelfApproval()).isFalse();
    }

    @Test
    void shouldLeaveTheRuleToTheProfileWhenOneApplies() throws InvalidDefinitionException {
        // Given a profile that names approvers, and a repository that names a subset of them
        DefinitionText profile = new DefinitionText(PROFILE, "profile production");

        // When both are loaded as a host that expects a profile loads them
        GateDefinition gate = LOADER.loadMerged(profile, repository("  approvers: [group:ops]\n"), REASON)
                .orElseThrow();

        // Then the profile governs: the narrowing applies, the gate is not marked as without profile, and the notes
        // are the profile merger's own (timeout, onError), none about approval
        assertThat(gate.isWithoutProfile()).isFalse();
        assertThat(gate.getApproval().getApprovers()).containsExactly("group:ops");
        assertThat(gate.getNotes()).hasSize(2).noneMatch(note -> note.contains("approval"));
    }

    @Test
    void shouldLoadAProfileAloneAsItIs() throws InvalidDefinitionException {
        // Given only a profile
        // When it is loaded as a host that expects a profile loads it
        Optional<GateDefinition> gate =
                LOADER.loadMerged(new DefinitionText(PROFILE, "profile production"), null, REASON);

        // Then it is the profile, not marked; and with neither there is nothing to load
        assertThat(gate.orElseThrow().isWithoutProfile()).isFalse();
        assertThat(gate.orElseThrow().getApproval().getApprovers()).containsExactly("group:ops");
        assertThat(LOADER.loadMerged(null, null, REASON)).isEmpty();
    }

    @Test
    void shouldMarkNothingWhenLoadedWithoutTheRule() throws InvalidDefinitionException {
        // Given a repository definition that allows self-approval
        // When it is loaded as the command line loads it, without the rule
        GateDefinition gate = LOADER.loadMerged(null, repository("  allowSelfApproval: true\n"))
                .orElseThrow();

        // Then it applies as written
        assertThat(gate.isWithoutProfile()).isFalse();
        assertThat(gate.getApproval().isAllowSelfApproval()).isTrue();
    }
}
