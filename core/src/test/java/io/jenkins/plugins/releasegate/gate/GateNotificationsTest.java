package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.notify.DeliveryOutcome;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.notify.Notifier;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testsupport.RecordingScheduler;
import io.jenkins.plugins.releasegate.testsupport.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The events a gate's session emits through its host, the reminders it schedules, and who hears about them. */
class GateNotificationsTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private static final Person ALICE = new Person("alice", "Alice", Set.of("ops"), true, false);
    private static final Person CAROL = new Person("carol", "Carol", Set.of("ops"), true, true);
    private static final String NOTIFICATIONS =
            "notifications:\n  webhooks:\n    - url: https://hooks.example.com/release-gate\n";

    private final AtomicReference<Status> status = new AtomicReference<>(Status.PASS);
    private final TestHost host = new TestHost(START);

    @Test
    void shouldTellThatTheGateWaitsIsApprovedAndIsDecided() throws Exception {
        // Given a gate that needs two approvals
        GateSession session = session("  minApprovals: 2\n  timeout: 4h\n", NOTIFICATIONS);

        // When its checks pass, alice and carol approve, and the evidence is confirmed
        session.runChecks();
        session.approve(ALICE, "dashboards calm", null, "web");
        session.approve(CAROL, "", null, "api");
        host.runBackground();

        // Then the host heard each step in order, with the gate's links, verdict, deadline and who decided
        assertThat(host.events())
                .extracting(GateEvent::kind)
                .containsExactly(
                        GateEvent.Kind.WAITING,
                        GateEvent.Kind.APPROVED,
                        GateEvent.Kind.APPROVED,
                        GateEvent.Kind.DECIDED);
        GateEvent waiting = host.events().get(0);
        assertThat(waiting.gateUrl()).isEqualTo("https://jenkins.example.com/job/orders/42/release-gate-orders/");
        assertThat(waiting.buildUrl()).isEqualTo("https://jenkins.example.com/job/orders/42/");
        assertThat(waiting.verdict()).isEqualTo("PASS");
        assertThat(waiting.deadline()).isEqualTo(START.plus(Duration.ofHours(4)));
        assertThat(waiting.remainingApprovals()).isEqualTo(2);
        assertThat(waiting.release()).isEqualTo("2.8.0");
        assertThat(host.events().get(1).decision())
                .isEqualTo(new GateEvent.Decision("alice", "Alice", "dashboards calm", "web"));
        assertThat(host.events().get(2).phase()).isEqualTo("CONFIRMING");
        GateEvent decided = host.events().get(3);
        assertThat(decided.outcome()).isEqualTo("approved");
        assertThat(decided.phase()).isEqualTo("APPROVED");
        assertThat(decided.approvers()).containsExactly("alice", "carol");
        assertThat(decided.deadline()).isNull();
    }

    @Test
    void shouldTellARejectionWithItsReason() throws Exception {
        // Given a waiting gate
        GateSession session = session("", NOTIFICATIONS);
        session.runChecks();

        // When alice rejects
        session.reject(ALICE, "batch still running", "web");

        // Then the decision names her and her reason
        GateEvent decided = host.events().get(host.events().size() - 1);
        assertThat(decided.kind()).isEqualTo(GateEvent.Kind.DECIDED);
        assertThat(decided.outcome()).isEqualTo("rejected");
        assertThat(decided.decision())
                .isEqualTo(new GateEvent.Decision("alice", "Alice", "batch still running", "web"));
    }

    @Test
    void shouldTellAnOverrideOfABlockingVerdict() throws Exception {
        // Given a failing gate that an overrider may approve
        status.set(Status.FAIL);
        GateSession session = session("  onFail: override\n", NOTIFICATIONS);
        session.runChecks();

        // When carol overrides
        session.approve(CAROL, "known issue, rollback ready", null, "web");

        // Then the override is told with the blocking check
        assertThat(host.events())
                .extracting(GateEvent::kind)
                .containsExactly(GateEvent.Kind.WAITING, GateEvent.Kind.OVERRIDDEN);
        GateEvent overridden = host.events().get(1);
        assertThat(overridden.verdict()).isEqualTo("FAIL");
        assertThat(overridden.blockingChecks())
                .containsExactly(new GateEvent.BlockingCheck("database", "FAIL", "92% of connections used"));
    }

    @Test
    void shouldTellThatApprovalsWereVoidedAndTheGateWaitsAgain() throws Exception {
        // Given an approved gate whose checks get worse before they are confirmed
        GateSession session = session("", NOTIFICATIONS);
        session.runChecks();
        session.approve(ALICE, "fine", null, "web");
        status.set(Status.WARN);

        // When the confirming run finds it
        host.runBackground();

        // Then the voiding is told with what got worse, and the gate waits again with a new deadline
        assertThat(host.events())
                .extracting(GateEvent::kind)
                .containsExactly(
                        GateEvent.Kind.WAITING, GateEvent.Kind.APPROVED, GateEvent.Kind.VOIDED, GateEvent.Kind.WAITING);
        GateEvent voided = host.events().get(2);
        assertThat(voided.outcome()).isEqualTo("waiting");
        assertThat(voided.worsened()).singleElement().asString().contains("database");
    }

    @Test
    void shouldTellATimeoutWithThePolicysOutcome() {
        // Given a waiting gate that fails on timeout
        GateSession session = session(
                "  timeout: 1h\n  onTimeout: fail\n",
                "notifications:\n  reminders: []\n"
                        + "  webhooks:\n    - url: https://hooks.example.com/release-gate\n");
        session.runChecks();

        // When nobody decides within the window
        host.advance(Duration.ofHours(1));

        // Then the timeout is told, and no reminder was sent since none is configured
        assertThat(host.events())
                .extracting(GateEvent::kind)
                .containsExactly(GateEvent.Kind.WAITING, GateEvent.Kind.TIMED_OUT);
        assertThat(host.events().get(1).outcome()).isEqualTo("fail");
        assertThat(host.events().get(1).phase()).isEqualTo("TIMED_OUT");
    }

    @Test
    void shouldRemindAtTheDefaultFractionsOfTheWindow() {
        // Given a waiting gate with a window of 10 hours and the default reminders
        GateSession session = session("  timeout: 10h\n", NOTIFICATIONS);
        session.runChecks();

        // When 5 hours pass, then 4 more
        host.advance(Duration.ofHours(5));
        host.advance(Duration.ofHours(4));

        // Then it reminded at 50 % and at 90 %, each once, with the time left
        List<GateEvent> reminders = reminders();
        assertThat(reminders).extracting(GateEvent::reminderFraction).containsExactly(0.5, 0.9);
        assertThat(reminders.get(0).at()).isEqualTo(START.plus(Duration.ofHours(5)));
        assertThat(reminders.get(1).deadline()).isEqualTo(START.plus(Duration.ofHours(10)));
    }

    @Test
    void shouldNotRemindTwiceAfterARestart() throws Exception {
        // Given a gate that reminded at 50 %
        GateSession session = session("  timeout: 10h\n", NOTIFICATIONS);
        session.runChecks();
        host.advance(Duration.ofHours(5));
        assertThat(reminders()).hasSize(1);

        // When the host restarts an hour later and the gate resumes
        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START.plus(Duration.ofHours(6)));
        restored.resume(restarted, definition("  timeout: 10h\n", NOTIFICATIONS));
        restarted.advance(Duration.ZERO);
        restarted.advance(Duration.ofHours(3));

        // Then the 50 % reminder is not sent again, and the 90 % one is sent once
        assertThat(restarted.events())
                .filteredOn(event -> event.kind() == GateEvent.Kind.REMINDER)
                .extracting(GateEvent::reminderFraction)
                .containsExactly(0.9);
    }

    @Test
    void shouldSendOnlyTheLatestReminderThatFellDueWhileTheHostWasDown() throws Exception {
        // Given a waiting gate that reminded nothing yet
        GateSession session = session("  timeout: 10h\n", NOTIFICATIONS);
        session.runChecks();

        // When the host was down past both reminders, and the gate resumes before its deadline
        GateSession restored = restore(session);
        TestHost restarted = new TestHost(START.plus(Duration.ofHours(9).plusMinutes(30)));
        restored.resume(restarted, definition("  timeout: 10h\n", NOTIFICATIONS));
        restarted.advance(Duration.ZERO);

        // Then only the 90 % reminder is sent
        assertThat(restarted.events())
                .extracting(GateEvent::kind, GateEvent::reminderFraction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(GateEvent.Kind.REMINDER, 0.9));
    }

    @Test
    void shouldNotRemindOnceTheGateIsDecided() throws Exception {
        // Given a waiting gate
        GateSession session = session("  timeout: 10h\n", NOTIFICATIONS);
        session.runChecks();

        // When it is rejected before any reminder, and the window passes
        session.reject(ALICE, "not today", "web");
        host.advance(Duration.ofHours(10));

        // Then no reminder was sent
        assertThat(reminders()).isEmpty();
    }

    @Test
    void shouldNotifyOnlyWhatTheOpsProfileConfigures() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                RecordingScheduler scheduler = new RecordingScheduler()) {
            String repositoryNotifications =
                    "notifications:\n  webhooks:\n    - url: " + receiver.url("/repository") + "\n";
            String profileNotifications = "notifications:\n  webhooks:\n    - url: " + receiver.url("/ops") + "\n";

            // Given a gate without a profile whose repository definition names a webhook
            GateDefinition alone = loader().loadMerged(
                            null,
                            text("", repositoryNotifications, "release-gate.yaml"),
                            "no ops profile is configured")
                    .orElseThrow();
            // And a gate whose profile names a webhook, merged with the same repository definition
            GateDefinition covered = loader().loadMerged(
                            text("", profileNotifications, "profile production"),
                            text("", repositoryNotifications, "release-gate.yaml"),
                            "no ops profile is configured")
                    .orElseThrow();

            // When both gates start waiting, each with a notifier of its own definition
            BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
            for (GateDefinition gate : List.of(alone, covered)) {
                TestHost gateHost = new TestHost(START);
                Notifier notifier = new Notifier(
                        gate.getNotifications(),
                        CredentialsResolver.none(),
                        scheduler,
                        Clock.fixed(START, ZoneOffset.UTC),
                        Locale.ENGLISH,
                        null,
                        outcomes::add);
                gateHost.tellEventsTo(notifier::accept);
                newSession(gate, gateHost).runChecks();
            }

            // Then only the profile's webhook is told, once, and the repository's notifications are a note
            assertThat(outcomes.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().get(0).headers()).containsEntry("x-release-gate-event", "waiting");
            assertThat(alone.getNotifications().isEmpty()).isTrue();
            assertThat(alone.getNotes()).anySatisfy(note -> assertThat(note).contains("notifications are not applied"));
            assertThat(covered.getNotes())
                    .anySatisfy(note -> assertThat(note).contains("notifications are owned by the profile"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<GateEvent> reminders() {
        return host.events().stream()
                .filter(event -> event.kind() == GateEvent.Kind.REMINDER)
                .toList();
    }

    private GateSession session(final String approval, final String notifications) {
        return newSession(definition(approval, notifications), host);
    }

    private static GateSession newSession(final GateDefinition gate, final TestHost on) {
        return new GateSession(
                "orders", gate, true, "2.8.0", IdentityMatcher.CASE_INSENSITIVE, Set.of("bob"), Set.of(), on);
    }

    private GateDefinition definition(final String approval, final String notifications) {
        try {
            return loader().load(yaml(approval, notifications), "release-gate.yaml");
        } catch (Exception exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static DefinitionText text(final String approval, final String notifications, final String source) {
        return new DefinitionText(yaml(approval, notifications), source);
    }

    private static String yaml(final String approval, final String notifications) {
        return "version: 1\nname: orders\nchecks:\n  - {id: database, type: live}\n"
                + (approval.isEmpty() ? "" : "approval:\n" + approval)
                + notifications;
    }

    private GateDefinitionLoader loader() {
        CheckType live = new CheckType() {
            @Override
            public String name() {
                return "live";
            }

            @Override
            public String description() {
                return "a check whose status the test sets";
            }

            @Override
            public Check create(final Settings settings) {
                return context -> {
                    Status now = status.get();
                    return CheckResult.of(now, now == Status.PASS ? "fine" : "92% of connections used");
                };
            }
        };
        return new GateDefinitionLoader(new CheckTypes(List.of(live)));
    }

    private static GateSession restore(final GateSession session) throws Exception {
        return (GateSession) SavedState.read(SavedState.write(session))[0];
    }
}
