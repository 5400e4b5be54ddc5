package io.jenkins.plugins.releasegate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.releasegate.spi.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ApprovalLedgerTest {
    private static final Instant OPENED = Instant.parse("2025-05-01T10:00:00Z");
    private static final Instant SOON = OPENED.plusSeconds(60);
    private static final String DIGEST = "digest-of-what-was-seen";

    private static final Person ALICE = new Person("alice", "Alice Admin", Set.of("developers"), true, false);
    private static final Person BOB = new Person("bob", "Bob Ops", Set.of("ops"), true, false);
    private static final Person CAROL = new Person("carol", "Carol Ops", Set.of("ops"), true, false);
    private static final Person DAVE = new Person("dave", "Dave Lead", Set.of("ops", "Ops-Leads"), true, true);
    private static final Person ERIN = new Person("erin", "Erin Dev", Set.of("developers"), true, true);
    private static final Person FRANK = new Person("frank", "Frank Author", Set.of("ops"), true, false);
    private static final Person VISITOR = new Person("visitor", "Visitor", Set.of("ops"), false, false);

    private static ApprovalLedger ledger(final ApprovalPolicy policy, final Status verdict) {
        return new ApprovalLedger(
                policy, IdentityMatcher.CASE_INSENSITIVE, Set.of("Alice"), Set.of("frank"), verdict, DIGEST, OPENED);
    }

    private static ApprovalLedger ledger(final Status verdict) {
        return ledger(ApprovalPolicy.defaults(), verdict);
    }

    private static ApprovalPolicy.Builder policy() {
        return ApprovalPolicy.builder();
    }

    @Test
    void shouldRefuseSelfApprovalWhateverTheCase() throws DecisionRefusedException {
        // Given a gate started by 'Alice'
        ApprovalLedger ledger = ledger(Status.PASS);

        // When 'alice' approves, Then she is refused: she started the build
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(ALICE, "", null, "web", SOON))
                .withMessage(
                        "Alice Admin (alice) started this build, and the policy forbids self-approval: another approver must decide.");
        assertThat(ledger.whyMayNotApprove(ALICE, SOON)).isPresent();
        assertThat(ledger.getEntries()).isEmpty();

        // And when the policy allows self-approval, her approval counts
        ApprovalLedger lenient = ledger(policy().allowSelfApproval(true).build(), Status.PASS);
        assertThat(lenient.approve(ALICE, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldRefuseEveryUserWhoStartedTheBuild() throws DecisionRefusedException {
        // Given a build that bob started through an upstream build and carol started too (merged in the queue)
        ApprovalLedger ledger = new ApprovalLedger(
                policy().minApprovals(1).build(),
                IdentityMatcher.CASE_INSENSITIVE,
                Set.of("Bob", "carol"),
                Set.of(),
                Status.PASS,
                DIGEST,
                OPENED);

        // When each of them approves, Then both are refused as initiators, and someone else's approval counts
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "", null, "api", SOON))
                .withMessageContaining("Bob Ops (bob) started this build");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(CAROL, "", null, "api", SOON))
                .withMessageContaining("Carol Ops (carol) started this build");
        assertThat(ledger.getEntries()).isEmpty();
        assertThat(ledger.approve(DAVE, "", null, "api", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldCompareUsersAsTheSecurityRealmDoes() throws DecisionRefusedException {
        // Given a realm whose user ids are case-sensitive: 'Alice' started the build, 'alice' is someone else
        ApprovalLedger ledger = new ApprovalLedger(
                ApprovalPolicy.defaults(), new CaseSensitive(), Set.of("Alice"), Set.of(), Status.PASS, DIGEST, OPENED);

        // When 'alice' approves, Then she is not the initiator
        assertThat(ledger.approve(ALICE, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldExcludeChangeAuthorsWhenThePolicySaysSo() throws DecisionRefusedException {
        // Given a gate whose changes were authored by frank, under the default policy (which excludes authors) and
        // one that does not
        ApprovalLedger strict = ledger(Status.PASS);
        ApprovalLedger lenient = ledger(policy().excludeChangeAuthors(false).build(), Status.PASS);

        // When frank approves, Then only the lenient policy takes his approval
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() ->
                        strict.approve(new Person("FRANK", "Frank", Set.of(), true, false), "", null, "web", SOON))
                .withMessageContaining("authored a change in this build");
        assertThat(lenient.approve(FRANK, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldNeedAQuorumOfDistinctPeople() throws DecisionRefusedException {
        // Given a policy that needs two approvers
        ApprovalLedger ledger = ledger(policy().minApprovals(2).build(), Status.PASS);

        // When bob approves, tries again under another spelling, and carol approves
        GateState afterBob = ledger.approve(BOB, "looks fine", null, "web", SOON);
        int remainingAfterBob = ledger.getRemainingApprovals();
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(
                        new Person("BOB", "Bob again", Set.of("ops"), true, false), "", null, "api", SOON))
                .withMessage(
                        "Bob again (BOB) has already approved; the policy needs 2 distinct approvers, so another person must approve.");
        GateState afterCarol = ledger.approve(CAROL, "", null, "api", SOON);

        // Then the gate waits after one approval and is approved by two distinct people
        assertThat(afterBob).isEqualTo(GateState.PENDING);
        assertThat(remainingAfterBob).isEqualTo(1);
        assertThat(afterCarol).isEqualTo(GateState.APPROVED);
        assertThat(ledger.getApprovers()).containsExactly("bob", "carol");
        assertThat(ledger.getRemainingApprovals()).isZero();
        assertThat(ledger.getEntries())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.APPROVE);
    }

    @Test
    void shouldRecordWhoDecidedWhatWhenOnWhichEvidence() throws DecisionRefusedException {
        // Given a pending gate
        ApprovalLedger ledger = ledger(Status.WARN);

        // When bob approves with a comment
        ledger.approve(BOB, "  replication lag is known and harmless  ", DIGEST, "api", SOON);

        // Then the entry says who, with which groups, when, what, the evidence and the channel
        assertThat(ledger.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.APPROVE);
            assertThat(entry.userId()).isEqualTo("bob");
            assertThat(entry.displayName()).isEqualTo("Bob Ops");
            assertThat(entry.groups()).containsExactly("ops");
            assertThat(entry.at()).isEqualTo(SOON);
            assertThat(entry.comment()).isEqualTo("replication lag is known and harmless");
            assertThat(entry.digest()).isEqualTo(DIGEST);
            assertThat(entry.channel()).isEqualTo("api");
            assertThat(entry.isApproval()).isTrue();
        });
        assertThat(ledger.getDeadline()).isEqualTo(OPENED.plus(Duration.ofHours(24)));
        assertThat(ledger.getInitiators()).containsExactly("Alice");
        assertThat(ledger.getOpenedAt()).isEqualTo(OPENED);
    }

    @Test
    void shouldRefuseDecisionsOnASettledGate() throws DecisionRefusedException {
        // Given an approved gate and a rejected one
        ApprovalLedger approved = ledger(Status.PASS);
        approved.approve(BOB, "", null, "web", SOON);
        ApprovalLedger rejected = ledger(Status.PASS);
        rejected.reject(BOB, "wrong release", "web", SOON);

        // When anyone decides again, Then the decision is refused and nothing is recorded
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> approved.approve(CAROL, "", null, "web", SOON))
                .withMessage("This gate is already approved; no further decisions are taken.");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> approved.reject(CAROL, "no", "web", SOON));
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> rejected.approve(CAROL, "", null, "web", SOON))
                .withMessage("This gate is already rejected; no further decisions are taken.");
        assertThat(approved.getEntries()).hasSize(1);
        assertThat(rejected.getEntries()).hasSize(1);
        assertThat(rejected.getState()).isEqualTo(GateState.REJECTED);
        assertThat(approved.whyMayNotReject(CAROL, SOON))
                .contains("This gate is already approved; no further decisions are taken.");
    }

    @Test
    void shouldTimeOutWhenNobodyDecidesInTime() {
        // Given a policy with a one-hour window
        ApprovalLedger ledger = ledger(
                policy().timeout(Duration.ofHours(1))
                        .onTimeout(ApprovalPolicy.OnTimeout.FAIL)
                        .build(),
                Status.PASS);

        // When the window is still open, nothing happens
        assertThat(ledger.expireIfDue(OPENED.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(ledger.getState()).isEqualTo(GateState.PENDING);

        // When bob approves just as the window closes, Then he is refused and the timeout is recorded, not a rejection
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "", null, "web", OPENED.plus(Duration.ofHours(1))))
                .withMessage("This gate is already closed: nobody decided in time; no further decisions are taken.");
        assertThat(ledger.getState()).isEqualTo(GateState.TIMED_OUT);
        assertThat(ledger.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.TIMEOUT);
            assertThat(entry.userId()).isEqualTo(LedgerEntry.SYSTEM);
            assertThat(entry.comment()).isEqualTo("Nobody decided within 1h; the policy says fail");
            assertThat(entry.channel()).isEqualTo("system");
        });

        // And expiring again records nothing more
        assertThat(ledger.expireIfDue(OPENED.plus(Duration.ofHours(2)))).isTrue();
        assertThat(ledger.getEntries()).hasSize(1);
    }

    @Test
    void shouldLetOnlyAllowedPeopleOverrideAFailingGateWithAJustification() throws DecisionRefusedException {
        // Given failing gates under a blocking policy and under an override policy restricted to ops-leads
        ApprovalLedger blocking = ledger(Status.FAIL);
        ApprovalLedger overridable = ledger(
                policy().onFail(ApprovalPolicy.OnFail.OVERRIDE)
                        .overriders(List.of("ops-leads"))
                        .build(),
                Status.FAIL);

        // When people try to approve
        // Then a blocking policy refuses everyone
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> blocking.approve(DAVE, "urgent fix", null, "web", SOON))
                .withMessageContaining(
                        "The checks ended in FAIL and the policy blocks a failing gate, so it cannot be approved");
        // And without the Override permission, or outside the overriders, or without justification, nobody may override
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> overridable.approve(BOB, "urgent fix", null, "web", SOON))
                .withMessageContaining("lacks the Release Gate/Override permission");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> overridable.approve(ERIN, "urgent fix", null, "web", SOON))
                .withMessageContaining("only ops-leads may override them, and Erin Dev (erin) is not among them");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> overridable.approve(DAVE, " ", null, "web", SOON))
                .withMessageStartingWith(
                        "Overriding a FAIL needs a justification: write in words why releasing is acceptable");
        assertThat(overridable.whyMayNotApprove(DAVE, SOON)).isEmpty();
        // And someone allowed to override, with a justification, approves as an override
        assertThat(overridable.approve(DAVE, "hotfix for the outage, DB load is expected", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
        assertThat(overridable.getEntries())
                .singleElement()
                .extracting(LedgerEntry::kind)
                .isEqualTo(LedgerEntry.Kind.OVERRIDE);
    }

    @Test
    void shouldTreatAnErrorVerdictLikeAFailure() throws DecisionRefusedException {
        // Given a gate whose checks could not measure, under an override policy open to anyone with the permission
        ApprovalLedger ledger =
                ledger(policy().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(), Status.ERROR);

        // When someone without the Override permission approves, Then it is refused; with it, it is an override
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "fine", null, "web", SOON))
                .withMessageContaining("The checks ended in ERROR");
        assertThat(ledger.approve(ERIN, "monitoring is down, checked by hand", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
        assertThat(ledger.getEntries()).extracting(LedgerEntry::kind).containsExactly(LedgerEntry.Kind.OVERRIDE);
    }

    @Test
    void shouldRequireACommentUnlessTheChecksPassed() throws DecisionRefusedException {
        // Given gates that warned and passed, under the default rule and the other rules
        ApprovalLedger warned = ledger(Status.WARN);
        ApprovalLedger passed = ledger(Status.PASS);
        ApprovalLedger always = ledger(
                policy().requireComment(ApprovalPolicy.CommentRule.ALWAYS).build(), Status.PASS);
        ApprovalLedger never =
                ledger(policy().requireComment(ApprovalPolicy.CommentRule.NEVER).build(), Status.WARN);

        // When people approve without a comment
        // Then a warning needs one by default, and every decision under 'always'
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> warned.approve(BOB, "  ", null, "web", SOON))
                .withMessageStartingWith(
                        "A comment is required because the checks reported WARN: write in words why releasing is acceptable.");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> always.approve(BOB, "", null, "web", SOON))
                .withMessageContaining("A comment is required");
        assertThat(warned.whyMayNotApprove(BOB, SOON))
                .as("the button is shown before a comment is typed")
                .isEmpty();
        assertThat(passed.approve(BOB, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
        assertThat(never.approve(BOB, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
        assertThat(warned.approve(BOB, "lag is expected during the batch window", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldNeedAReasonToReject() throws DecisionRefusedException {
        // Given pending gates under the default rule and under 'never'
        ApprovalLedger ledger = ledger(Status.PASS);
        ApprovalLedger never =
                ledger(policy().requireComment(ApprovalPolicy.CommentRule.NEVER).build(), Status.PASS);

        // When bob rejects without a reason, Then that is refused; with one, the gate is rejected
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.reject(BOB, "", "web", SOON))
                .withMessageStartingWith(
                        "A rejection needs a reason: write in words what must change before this release may proceed.");
        assertThat(ledger.reject(BOB, "the rollback plan is missing", "web", SOON))
                .isEqualTo(GateState.REJECTED);
        assertThat(ledger.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.REJECT);
            assertThat(entry.isApproval()).isFalse();
            assertThat(entry.comment()).isEqualTo("the rollback plan is missing");
        });
        assertThat(never.reject(BOB, "", "web", SOON)).isEqualTo(GateState.REJECTED);
    }

    @Test
    void shouldRefuseAJustificationWithoutAVisibleLetterOrDigit() throws DecisionRefusedException {
        // Given a failing gate that dave may override
        ApprovalLedger ledger =
                ledger(policy().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(), Status.FAIL);

        // When he overrides with nothing, blanks, invisible characters or punctuation only, Then each is refused and
        // nothing is recorded
        for (String empty :
                Arrays.asList(null, "", " \t\n", "\u200b", "\u200b\u00a0\u2060\ufeff", "\u3164", "...!?", "- / -")) {
            assertThatExceptionOfType(DecisionRefusedException.class)
                    .as(
                            "%s",
                            empty == null ? "null" : empty.codePoints().boxed().toList())
                    .isThrownBy(() -> ledger.approve(DAVE, empty, null, "web", SOON))
                    .withMessage(
                            "Overriding a FAIL needs a justification: write in words why releasing is acceptable despite the failing "
                                    + "checks. Blanks, punctuation or invisible characters alone are not one.");
        }
        assertThat(ledger.getEntries()).isEmpty();

        // And a justification in any script, or a ticket number, is taken
        assertThat(ledger(policy().onFail(ApprovalPolicy.OnFail.OVERRIDE).build(), Status.FAIL)
                        .approve(DAVE, "既知の負荷です", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
        assertThat(ledger.approve(DAVE, " #4711 ", null, "web", SOON)).isEqualTo(GateState.APPROVED);
        assertThat(ledger.getEntries())
                .singleElement()
                .extracting(LedgerEntry::comment)
                .isEqualTo("#4711");
    }

    @Test
    void shouldRefuseARequiredCommentOrReasonWithoutAVisibleLetterOrDigit() throws DecisionRefusedException {
        // Given a gate that warned under the default rule, and one whose policy never requires comments
        ApprovalLedger warned = ledger(Status.WARN);
        ApprovalLedger never =
                ledger(policy().requireComment(ApprovalPolicy.CommentRule.NEVER).build(), Status.WARN);

        // When bob approves or rejects with no comment, an invisible one, or punctuation only, Then each is refused
        for (String empty : Arrays.asList(null, "\u200b", "?!")) {
            assertThatExceptionOfType(DecisionRefusedException.class)
                    .isThrownBy(() -> warned.approve(BOB, empty, null, "web", SOON))
                    .withMessage(
                            "A comment is required because the checks reported WARN: write in words why releasing is acceptable. "
                                    + "Blanks, punctuation or invisible characters alone are not one.");
            assertThatExceptionOfType(DecisionRefusedException.class)
                    .isThrownBy(() -> warned.reject(BOB, empty, "web", SOON))
                    .withMessage(
                            "A rejection needs a reason: write in words what must change before this release may proceed. "
                                    + "Blanks, punctuation or invisible characters alone are not one.");
        }
        assertThat(warned.getEntries()).isEmpty();

        // And where the policy requires no comment, none is needed, and a missing one is recorded as empty
        assertThat(never.approve(BOB, null, null, "web", SOON)).isEqualTo(GateState.APPROVED);
        assertThat(never.getEntries())
                .singleElement()
                .extracting(LedgerEntry::comment)
                .isEqualTo("");
        ApprovalLedger neverRejected =
                ledger(policy().requireComment(ApprovalPolicy.CommentRule.NEVER).build(), Status.WARN);
        assertThat(neverRejected.reject(BOB, null, "web", SOON)).isEqualTo(GateState.REJECTED);
    }

    @Test
    void shouldRefusePeopleWithoutTheApprovePermission() {
        // Given a pending gate
        ApprovalLedger ledger = ledger(Status.PASS);

        // When someone without the Approve permission decides, Then both approving and rejecting are refused
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(VISITOR, "ok", null, "web", SOON))
                .withMessage(
                        "Visitor (visitor) lacks the Release Gate/Approve permission: ask an administrator to grant it.");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.reject(VISITOR, "no", "web", SOON))
                .withMessageContaining("lacks the Release Gate/Approve permission");
        assertThat(ledger.whyMayNotReject(VISITOR, SOON)).isPresent();
        assertThat(ledger.getState()).isEqualTo(GateState.PENDING);
    }

    @Test
    void shouldOnlyTakeDecisionsFromTheNamedApprovers() throws DecisionRefusedException {
        // Given a policy naming the user carol and the group ops-leads
        ApprovalLedger ledger = ledger(
                policy().approvers(List.of("Carol", "ops-leads"))
                        .minApprovals(2)
                        .build(),
                Status.PASS);

        // When people decide
        // Then bob, who is neither, is refused for approving and rejecting
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "", null, "web", SOON))
                .withMessage("Bob Ops (bob) is not an approver of this gate: the policy names Carol, ops-leads.");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.reject(BOB, "no", "web", SOON))
                .withMessageContaining("is not an approver of this gate");
        // And carol by name and dave by group (whatever the case) are taken
        assertThat(ledger.approve(CAROL, "", null, "web", SOON)).isEqualTo(GateState.PENDING);
        assertThat(ledger.approve(DAVE, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldNotLetAUserWhoseIdIsAGroupNamePassAsThatGroup() throws DecisionRefusedException {
        // Given a failing gate that only the group ops-leads may approve and override, and mallory, whose user id is
        // 'ops-leads' but who is not in that group, holding both permissions
        Person mallory = new Person("ops-leads", "Mallory", Set.of("developers"), true, true);
        ApprovalLedger ledger = ledger(
                policy().approvers(List.of("group:ops-leads"))
                        .onFail(ApprovalPolicy.OnFail.OVERRIDE)
                        .overriders(List.of("group:ops-leads"))
                        .build(),
                Status.FAIL);
        ApprovalLedger overridersOnly = ledger(
                policy().onFail(ApprovalPolicy.OnFail.OVERRIDE)
                        .overriders(List.of("group:ops-leads"))
                        .build(),
                Status.FAIL);

        // When mallory decides, Then she is neither an approver nor an overrider
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(mallory, "urgent fix", null, "web", SOON))
                .withMessage("Mallory (ops-leads) is not an approver of this gate: the policy names group:ops-leads.");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> overridersOnly.approve(mallory, "urgent fix", null, "web", SOON))
                .withMessageContaining(
                        "only group:ops-leads may override them, and Mallory (ops-leads) is not among them");
        assertThat(ledger.whyMayNotReject(mallory, SOON)).isPresent();

        // And dave, who is in the group (whatever the case), may
        assertThat(ledger.approve(DAVE, "hotfix for the outage", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
        assertThat(overridersOnly.approve(DAVE, "hotfix for the outage", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldMatchAUserEntryByUserIdOnly() throws DecisionRefusedException {
        // Given a policy naming the user carol, and someone in a group called 'carol'
        ApprovalLedger ledger = ledger(policy().approvers(List.of("USER:Carol")).build(), Status.PASS);
        Person member = new Person("erin", "Erin", Set.of("carol"), true, false);

        // When people decide, Then only carol is taken
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(member, "", null, "web", SOON))
                .withMessageContaining("is not an approver of this gate");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "", null, "web", SOON))
                .withMessageContaining("is not an approver of this gate");
        assertThat(ledger.approve(CAROL, "", null, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldReadABareNameAsTheGroupOnlyWhenTheRealmKnowsThatGroup() throws DecisionRefusedException {
        // Given a realm that knows the group ops-leads, and a policy naming ops-leads and carol without a prefix
        IdentityMatcher realm = new KnownGroups(Set.of("ops-leads"));
        Person mallory = new Person("ops-leads", "Mallory", Set.of("developers"), true, true);
        ApprovalPolicy policy = policy().approvers(List.of("ops-leads", "carol"))
                .onFail(ApprovalPolicy.OnFail.OVERRIDE)
                .overriders(List.of("ops-leads", "carol"))
                .build();
        ApprovalLedger ledger = new ApprovalLedger(policy, realm, Set.of(), Set.of(), Status.FAIL, DIGEST, OPENED);

        // When mallory, whose user id is the group's name, decides, Then the bare name means the group and she is
        // refused
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(mallory, "urgent fix", null, "web", SOON))
                .withMessageContaining("is not an approver of this gate");

        // And a member of the group, and carol, whose id names no group, are taken
        Person carol = new Person("carol", "Carol Ops", Set.of("ops"), true, true);
        assertThat(ledger.approve(carol, "known outage, failover tested", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
        ApprovalLedger again = new ApprovalLedger(policy, realm, Set.of(), Set.of(), Status.FAIL, DIGEST, OPENED);
        assertThat(again.approve(DAVE, "known outage, failover tested", null, "web", SOON))
                .isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldLetNoOneInThroughAnEntryItCannotRead() {
        // Given a policy built in code with an entry of an unknown kind, such as one persisted under other rules
        ApprovalLedger ledger = ledger(policy().approvers(List.of("team:ops")).build(), Status.PASS);

        // When someone whose user id or group reads the same decides, Then nobody matches it
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(
                        new Person("team:ops", "T", Set.of("team:ops", "ops"), true, false), "", null, "web", SOON))
                .withMessageContaining("is not an approver of this gate");
    }

    @Test
    void shouldRefuseADecisionOnStaleEvidence() throws DecisionRefusedException {
        // Given a pending gate
        ApprovalLedger ledger = ledger(Status.PASS);

        // When bob approves what he saw before the checks ran again, Then he is told to review the new results
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "", "digest-of-older-evidence", "web", SOON))
                .withMessageContaining("The evidence changed since you looked at it");
        assertThat(ledger.approve(BOB, "", DIGEST, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldVoidApprovalsAndWaitAgainWhenEvidenceGetsWorse() throws DecisionRefusedException {
        // Given a gate approved by bob and carol, under a policy that waits when evidence gets worse
        ApprovalLedger ledger = ledger(policy().minApprovals(2).build(), Status.PASS);
        ledger.approve(BOB, "", DIGEST, "web", SOON);
        ledger.approve(CAROL, "", DIGEST, "web", SOON);

        // When the re-run checks are worse
        GateState state = ledger.voidApprovals(
                List.of("db: PASS → WARN (load 75%)"), Status.WARN, "new-digest", SOON.plusSeconds(60));

        // Then the gate waits again on the new evidence, and the old approvals no longer count
        assertThat(state).isEqualTo(GateState.PENDING);
        assertThat(ledger.getVerdict()).isEqualTo(Status.WARN);
        assertThat(ledger.getDigest()).isEqualTo("new-digest");
        assertThat(ledger.getValidApprovals()).isEmpty();
        assertThat(ledger.getApprovers()).isEmpty();
        assertThat(ledger.getRemainingApprovals()).isEqualTo(2);
        assertThat(ledger.getEntries()).last().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.VOID);
            assertThat(entry.comment()).isEqualTo("The checks got worse after approval: db: PASS → WARN (load 75%)");
        });
        // And approving the old evidence is refused, while the same people may approve the new one
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(BOB, "ok", DIGEST, "web", SOON))
                .withMessageContaining("The evidence changed");
        assertThat(ledger.approve(BOB, "lag is fine", "new-digest", "web", SOON))
                .isEqualTo(GateState.PENDING);
        assertThat(ledger.approve(CAROL, "agreed", "new-digest", "web", SOON)).isEqualTo(GateState.APPROVED);
        assertThat(ledger.getValidApprovals()).hasSize(2);
        assertThat(ledger.getEntries()).hasSize(5);
    }

    @Test
    void shouldFailTheGateWhenTheWorseEvidenceCouldNotBeApprovedByAnyone() throws DecisionRefusedException {
        // Given an approved gate whose policy waits on worse evidence but blocks failing gates
        ApprovalLedger ledger = ledger(Status.PASS);
        ledger.approve(BOB, "", DIGEST, "web", SOON);

        // When the re-run checks now fail
        GateState state = ledger.voidApprovals(List.of("db: PASS → FAIL"), Status.FAIL, "new-digest", SOON);

        // Then waiting would be pointless: the gate fails at once
        assertThat(state).isEqualTo(GateState.EVIDENCE_WORSENED);
        assertThat(ledger.getEntries())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.VOID);
    }

    @Test
    void shouldOpenANewApprovalWindowWhenApprovalsAreVoided() throws DecisionRefusedException {
        // Given a gate approved late in its window
        ApprovalLedger ledger = ledger(Status.PASS);
        Instant late = ledger.getDeadline().minusSeconds(60);
        ledger.approve(BOB, "", DIGEST, "web", late);

        // When the approvals are voided just before the original deadline
        ledger.voidApprovals(List.of("db: PASS → WARN"), Status.WARN, "new-digest", late.plusSeconds(30));

        // Then the approvers get the policy's whole timeout again to review the new evidence
        assertThat(ledger.getDeadline())
                .isEqualTo(late.plusSeconds(30).plus(ledger.getPolicy().getTimeout()));
        assertThat(ledger.expireIfDue(late.plusSeconds(120))).isFalse();
        assertThat(ledger.approve(CAROL, "the load is expected", "new-digest", "web", late.plusSeconds(120)))
                .isEqualTo(GateState.APPROVED);
    }

    @Test
    void shouldFailTheGateWhenEvidenceGetsWorseIfThePolicySaysSo() throws DecisionRefusedException {
        // Given an approved gate under a policy that fails when evidence gets worse
        ApprovalLedger ledger = ledger(
                policy().onWorseEvidence(ApprovalPolicy.OnWorseEvidence.FAIL).build(), Status.PASS);
        ledger.approve(BOB, "", null, "web", SOON);

        // When the approvals are voided
        GateState state = ledger.voidApprovals(List.of("db: PASS → FAIL"), Status.FAIL, "new-digest", SOON);

        // Then the gate fails and takes no more decisions
        assertThat(state).isEqualTo(GateState.EVIDENCE_WORSENED);
        assertThat(state.isSettled()).isTrue();
        assertThat(ledger.getValidApprovals()).isEmpty();
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> ledger.approve(CAROL, "", null, "web", SOON))
                .withMessage(
                        "This gate is already failed: the checks got worse after approval; no further decisions are taken.");
    }

    @Test
    void shouldOnlyVoidTheApprovalsOfAnApprovedGate() {
        // Given a pending gate, When its approvals are voided, Then that is a programming error
        ApprovalLedger ledger = ledger(Status.PASS);
        assertThatIllegalStateException()
                .isThrownBy(() -> ledger.voidApprovals(List.of(), Status.FAIL, "d", SOON))
                .withMessageContaining("PENDING");
    }

    @Test
    void shouldCancelAnApprovedGateWhoseReleaseHasNotProceeded() throws DecisionRefusedException {
        // Given an approved gate, and one that timed out
        ApprovalLedger approved = ledger(Status.PASS);
        approved.approve(BOB, "", null, "web", SOON);
        ApprovalLedger timedOut = ledger(Status.PASS);
        timedOut.expireIfDue(SOON.plus(Duration.ofDays(30)));

        // When their builds are stopped before the release proceeds
        boolean approvedCancelled = approved.cancelBeforeRelease("Aborted by erin", SOON);
        boolean timedOutCancelled = timedOut.cancelBeforeRelease("Aborted by erin", SOON);

        // Then the approvals lead nowhere and the cancellation is recorded; an ended gate stays as it ended
        assertThat(approvedCancelled).isTrue();
        assertThat(approved.getState()).isEqualTo(GateState.CANCELLED);
        assertThat(approved.getEntries())
                .extracting(LedgerEntry::kind)
                .containsExactly(LedgerEntry.Kind.APPROVE, LedgerEntry.Kind.CANCEL);
        assertThat(timedOutCancelled).isFalse();
        assertThat(timedOut.getState()).isEqualTo(GateState.TIMED_OUT);
    }

    @Test
    void shouldCancelAPendingGateOnly() throws DecisionRefusedException {
        // Given a pending gate and an approved one
        ApprovalLedger pending = ledger(Status.PASS);
        ApprovalLedger approved = ledger(Status.PASS);
        approved.approve(BOB, "", null, "web", SOON);

        // When the builds are stopped
        boolean pendingCancelled = pending.cancel("Aborted by erin", SOON);
        boolean approvedCancelled = approved.cancel("Aborted by erin", SOON);

        // Then only the pending gate is cancelled, with the reason recorded
        assertThat(pendingCancelled).isTrue();
        assertThat(pending.getState()).isEqualTo(GateState.CANCELLED);
        assertThat(pending.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.CANCEL);
            assertThat(entry.comment()).isEqualTo("Aborted by erin");
        });
        assertThat(approvedCancelled).isFalse();
        assertThat(approved.getState()).isEqualTo(GateState.APPROVED);
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> pending.approve(BOB, "", null, "web", SOON))
                .withMessageContaining("cancelled: the build was stopped");
    }

    @Test
    void shouldTakeExactlyTheNeededApprovalsFromManyThreadsAtOnce() throws Exception {
        // Given a gate that needs three approvals, and twenty people approving at the same moment
        ApprovalLedger ledger = ledger(policy().minApprovals(3).build(), Status.PASS);
        List<Person> people = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            people.add(new Person("approver-" + index, "Approver " + index, Set.of("ops"), true, false));
        }

        // When they all approve
        List<Throwable> failures = decideAtOnce(people.stream()
                .map(person -> (Decision) () -> ledger.approve(person, "ok", DIGEST, "api", SOON))
                .toList());

        // Then exactly three approvals are recorded, the gate is approved, and everyone else was refused
        assertThat(ledger.getState()).isEqualTo(GateState.APPROVED);
        assertThat(ledger.getEntries()).hasSize(3).allMatch(entry -> entry.kind() == LedgerEntry.Kind.APPROVE);
        assertThat(ledger.getApprovers()).hasSize(3).doesNotHaveDuplicates();
        assertThat(failures)
                .hasSize(17)
                .allSatisfy(failure -> assertThat(failure)
                        .isInstanceOf(DecisionRefusedException.class)
                        .hasMessage("This gate is already approved; no further decisions are taken."));
    }

    @Test
    void shouldCountOnePersonOnceWhenTheyApproveFromManyThreads() throws Exception {
        // Given a gate that needs two approvals, and one person clicking twenty times at once
        ApprovalLedger ledger = ledger(policy().minApprovals(2).build(), Status.PASS);

        // When all the clicks arrive
        List<Throwable> failures =
                decideAtOnce(Collections.nCopies(20, () -> ledger.approve(BOB, "ok", null, "web", SOON)));

        // Then one approval is recorded, the gate still waits, and the other clicks were refused
        assertThat(ledger.getEntries()).hasSize(1);
        assertThat(ledger.getState()).isEqualTo(GateState.PENDING);
        assertThat(failures)
                .hasSize(19)
                .allSatisfy(failure -> assertThat(failure)
                        .isInstanceOf(DecisionRefusedException.class)
                        .hasMessageContaining("has already approved"));
    }

    @FunctionalInterface
    private interface Decision {
        GateState decide() throws DecisionRefusedException;
    }

    /** Starts every decision at the same moment and returns what each one threw. */
    private static List<Throwable> decideAtOnce(final List<Decision> decisions) throws Exception {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ExecutorService executor = Executors.newFixedThreadPool(decisions.size());
            try {
                CountDownLatch ready = new CountDownLatch(decisions.size());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (Decision decision : decisions) {
                    futures.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        return decision.decide();
                    }));
                }
                ready.await();
                go.countDown();
                List<Throwable> failures = new ArrayList<>();
                for (Future<?> future : futures) {
                    try {
                        future.get();
                    } catch (java.util.concurrent.ExecutionException exception) {
                        failures.add(exception.getCause());
                    }
                }
                return failures;
            } finally {
                executor.shutdownNow();
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void shouldSurviveJavaSerializationWhilePending() throws Exception {
        // Given a pending gate with one of two approvals
        ApprovalLedger ledger =
                ledger(policy().minApprovals(2).approvers(List.of("ops")).build(), Status.WARN);
        ledger.approve(BOB, "lag is expected", DIGEST, "web", SOON);

        // When it is serialized and read back, as when a controller restarts
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(ledger);
        }
        ApprovalLedger restored;
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (ApprovalLedger) input.readObject();
        }

        // Then it holds the same record and policy, and decisions continue under the same rules
        assertThat(restored.getState()).isEqualTo(GateState.PENDING);
        assertThat(restored.getEntries()).isEqualTo(ledger.getEntries());
        assertThat(restored.getPolicy()).isEqualTo(ledger.getPolicy());
        assertThat(restored.getDigest()).isEqualTo(DIGEST);
        assertThat(restored.getVerdict()).isEqualTo(Status.WARN);
        assertThat(restored.getDeadline()).isEqualTo(ledger.getDeadline());
        assertThat(restored.getRemainingApprovals()).isEqualTo(1);
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> restored.approve(BOB, "again", null, "web", SOON))
                .withMessageContaining("has already approved");
        assertThatExceptionOfType(DecisionRefusedException.class)
                .isThrownBy(() -> restored.approve(
                        new Person("ALICE", "Alice", Set.of("ops"), true, false), "me", null, "web", SOON))
                .withMessageContaining("started this build");
        assertThat(restored.approve(CAROL, "agreed", DIGEST, "web", SOON)).isEqualTo(GateState.APPROVED);
    }

    /** Compares without case, and knows which groups exist, as a security realm that can look groups up. */
    private static final class KnownGroups implements IdentityMatcher {
        private static final long serialVersionUID = 1L;

        private final Set<String> groups;

        KnownGroups(final Set<String> groups) {
            this.groups = Set.copyOf(groups);
        }

        @Override
        public boolean sameUser(final String first, final String second) {
            return first.equalsIgnoreCase(second);
        }

        @Override
        public boolean sameGroup(final String first, final String second) {
            return first.equalsIgnoreCase(second);
        }

        @Override
        public boolean isKnownGroup(final String name) {
            return groups.stream().anyMatch(name::equalsIgnoreCase);
        }
    }

    private static final class CaseSensitive implements IdentityMatcher {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean sameUser(final String first, final String second) {
            return first.equals(second);
        }

        @Override
        public boolean sameGroup(final String first, final String second) {
            return first.equals(second);
        }
    }
}
