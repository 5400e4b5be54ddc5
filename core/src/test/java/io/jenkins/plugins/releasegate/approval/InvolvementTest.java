package io.jenkins.plugins.releasegate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.jenkins.plugins.releasegate.spi.Status;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who took part in a build, and why each of them may not approve its gate: the host hands the ledger the facts,
 * the ledger decides under the policy and says why.
 */
class InvolvementTest {
    private static final Instant OPENED = Instant.parse("2025-05-01T10:00:00Z");
    private static final Instant SOON = OPENED.plusSeconds(60);
    private static final String DIGEST = "digest-of-what-was-seen";

    private static final List<Involvement> EVERY_WAY = List.of(
            Involvement.startedBuild("alice"),
            Involvement.startedUpstreamBuild("bob", "orders-build #12"),
            Involvement.contributedChangeRequest("carol", "PR-7"),
            Involvement.authoredChange("dave", "4f2a9c1: Raise the connection pool"),
            Involvement.authoredChange("erin", null),
            Involvement.authoredUpstreamChange("frank", "9b1e0d2: Add the index", "orders-build #12"),
            Involvement.authoredUpstreamChange("grace", null, "orders-build #12"));

    private static ApprovalLedger ledger(final ApprovalPolicy policy) {
        return new ApprovalLedger(
                policy, IdentityMatcher.CASE_INSENSITIVE, EVERY_WAY, Status.PASS, DIGEST, OPENED, List.of());
    }

    private static Person person(final String id) {
        return new Person(id, id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1), Set.of(), true, false);
    }

    @Test
    void shouldRefuseEveryoneWhoTookPartByDefaultAndSayHowTheyDid() throws DecisionRefusedException {
        // Given a gate under the default policy, whose build people took part in every way a host can report
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());

        // When each of them tries to approve, Then each is refused with a sentence naming how they took part
        assertThat(ledger.whyMayNotApprove(person("alice"), SOON))
                .contains("Alice (alice) started this build, and the policy forbids self-approval: another approver"
                        + " must decide.");
        assertThat(ledger.whyMayNotApprove(person("bob"), SOON))
                .contains("Bob (bob) started orders-build #12, which triggered this build, and the policy forbids"
                        + " self-approval: another approver must decide.");
        assertThat(ledger.whyMayNotApprove(person("carol"), SOON))
                .contains("Carol (carol) is the contributor of the change request PR-7 that this build is for, and the"
                        + " policy forbids self-approval: another approver must decide.");
        assertThat(ledger.whyMayNotApprove(person("dave"), SOON))
                .contains("Dave (dave) authored the change 4f2a9c1: Raise the connection pool in this build, and the"
                        + " policy excludes change authors from approving: another approver must decide.");
        assertThat(ledger.whyMayNotApprove(person("erin"), SOON))
                .contains("Erin (erin) authored a change in this build, and the policy excludes change authors from"
                        + " approving: another approver must decide.");
        assertThat(ledger.whyMayNotApprove(person("frank"), SOON))
                .contains("Frank (frank) authored the change 9b1e0d2: Add the index in orders-build #12, which"
                        + " triggered this build, and the policy excludes change authors from approving: another"
                        + " approver must decide.");
        assertThat(ledger.whyMayNotApprove(person("grace"), SOON))
                .contains("Grace (grace) authored a change in orders-build #12, which triggered this build, and the"
                        + " policy excludes change authors from approving: another approver must decide.");

        // And an approval by one of them is refused with that sentence and not recorded, in any spelling of the id
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(person("DAVE"), "", null, "web", SOON))
                .withMessageContaining("authored the change 4f2a9c1");
        assertThat(ledger.getEntries()).isEmpty();

        // And someone who took no part approves
        assertThat(ledger.approve(person("heidi"), "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldSayWhyInJapaneseToo() {
        // Given a gate under the default policy
        ApprovalLedger ledger = ledger(ApprovalPolicy.defaults());

        // When the author of an upstream change asks in Japanese, Then the sentence is Japanese and names the change
        assertThat(ledger.whyMayNotApprove(person("frank"), SOON, Locale.JAPANESE))
                .contains("Frank (frank) はこのビルドを起動した orders-build #12 に含まれる変更 9b1e0d2: Add the index"
                        + " の作成者であり、ポリシーにより変更の作成者は承認できません。別の承認者が判断してください。");
    }

    @Test
    void shouldNameAPersonWhoTookPartTwiceAsAnInitiator() {
        // Given a person who started the build and authored one of its changes
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.defaults(),
                IdentityMatcher.CASE_INSENSITIVE,
                List.of(Involvement.authoredChange("alice", "4f2a9c1: x"), Involvement.startedBuild("alice")),
                Status.PASS,
                DIGEST,
                OPENED,
                List.of());

        // Then the refusal gives the stronger reason, starting the build
        assertThat(ledger.whyMayNotApprove(person("alice"), SOON))
                .get()
                .asString()
                .contains("started this build");
    }

    @Test
    void shouldListWhoIsExcludedUnderThePolicy() {
        // Given the same build under the default policy, one allowing self-approval and one that also lets change
        // authors approve
        ApprovalLedger strict = ledger(ApprovalPolicy.defaults());
        ApprovalLedger selfApproval =
                ledger(ApprovalPolicy.builder().allowSelfApproval(true).build());
        ApprovalLedger lenient = ledger(ApprovalPolicy.builder()
                .allowSelfApproval(true)
                .excludeChangeAuthors(false)
                .build());

        // Then each lists exactly the people its policy bars, and says how they took part
        assertThat(strict.getExclusions()).isEqualTo(EVERY_WAY);
        assertThat(selfApproval.getExclusions())
                .extracting(Involvement::userId)
                .containsExactly("dave", "erin", "frank", "grace");
        assertThat(lenient.getExclusions()).isEmpty();
        assertThat(lenient.whyMayNotApprove(person("frank"), SOON)).isEmpty();
        assertThat(EVERY_WAY)
                .extracting(involvement -> involvement.describe(Locale.ROOT))
                .containsExactly(
                        "started this build",
                        "started orders-build #12, which triggered this build",
                        "contributed the change request PR-7",
                        "authored the change 4f2a9c1: Raise the connection pool",
                        "authored a change in this build",
                        "authored the change 9b1e0d2: Add the index in orders-build #12, which triggered this build",
                        "authored a change in orders-build #12, which triggered this build");
    }

    @Test
    void shouldReadUserIdsOfOlderHostsAsStartingTheBuildAndAuthoringAChange() {
        // Given a host that hands only user ids of initiators and change authors
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.defaults(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("alice"),
                Set.of("dave"),
                Status.PASS,
                DIGEST,
                OPENED);

        // Then they count as having started the build and authored a change in it
        assertThat(ledger.getExclusions())
                .containsExactly(Involvement.startedBuild("alice"), Involvement.authoredChange("dave", null));
        assertThat(ledger.getInitiators()).containsExactly("alice");
    }
}
