package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.notify.EmailTarget;
import io.jenkins.plugins.releasegate.notify.GateEvent;
import io.jenkins.plugins.releasegate.notify.NotificationSettings;
import io.jenkins.plugins.releasegate.notify.WebhookTarget;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.testing.Definitions;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code notifications:} section: how it is read, and that only an ops profile's applies. */
class NotificationsDefinitionTest {
    private static final GateDefinitionLoader LOADER =
            Definitions.loader(Map.of("ok", context -> CheckResult.of(Status.PASS, "ok")));
    private static final String CHECKS = "version: 1\nname: orders\nchecks:\n  - {id: health, type: plain}\n";

    @Test
    void shouldReadWebhooksEmailAndReminders() throws Exception {
        // Given a profile that notifies a signed webhook, a Slack channel and the ops mailbox
        String yaml = CHECKS
                + "notifications:\n"
                + "  reminders: [25%, 0.75]\n"
                + "  webhooks:\n"
                + "    - url: https://hooks.example.com/release-gate\n"
                + "      secret: release-gate-webhook\n"
                + "    - url: https://hooks.slack.com/services/T000/B000/XXXX\n"
                + "      format: slack\n"
                + "      events: [waiting, decided, timedOut, reminder]\n"
                + "  email:\n"
                + "    to: [ops@example.com]\n"
                + "    events: [waiting]\n";

        // When it is loaded
        NotificationSettings notifications =
                LOADER.load(yaml, "profile production").getNotifications();

        // Then every target is read, and each webhook is shown by its origin only
        assertThat(notifications.getReminders()).containsExactly(0.25, 0.75);
        assertThat(notifications.getWebhooks())
                .containsExactly(
                        new WebhookTarget(
                                URI.create("https://hooks.example.com/release-gate"),
                                WebhookTarget.Format.GENERIC,
                                "release-gate-webhook",
                                EnumSet.allOf(GateEvent.Kind.class)),
                        new WebhookTarget(
                                URI.create("https://hooks.slack.com/services/T000/B000/XXXX"),
                                WebhookTarget.Format.SLACK,
                                null,
                                EnumSet.of(
                                        GateEvent.Kind.WAITING,
                                        GateEvent.Kind.DECIDED,
                                        GateEvent.Kind.TIMED_OUT,
                                        GateEvent.Kind.REMINDER)));
        assertThat(notifications.getWebhooks().get(1).describe()).isEqualTo("https://hooks.slack.com");
        assertThat(notifications.getEmail())
                .contains(new EmailTarget(List.of("ops@example.com"), EnumSet.of(GateEvent.Kind.WAITING)));
        assertThat(notifications.wants(GateEvent.Kind.OVERRIDDEN)).isTrue();
    }

    @Test
    void shouldRemindAtHalfAndNineTenthsByDefaultAndNotifyNobodyWithoutTheSection() throws Exception {
        // Given a definition with webhooks but no reminders, and one without notifications
        GateDefinition notifying =
                LOADER.load(CHECKS + "notifications:\n  webhooks:\n    - url: http://hooks.internal:8080/x\n", "p");
        GateDefinition silent = LOADER.load(CHECKS, "p");

        // Then the first reminds at the default fractions, and the second notifies nobody and reminds never
        assertThat(notifying.getNotifications().getReminders()).containsExactly(0.5, 0.9);
        assertThat(silent.getNotifications().isEmpty()).isTrue();
        assertThat(silent.getNotifications().getReminders()).isEmpty();
    }

    @Test
    void shouldApplyTheProfilesNotificationsOnlyAndNoteTheRepositorys() throws Exception {
        // Given a profile that notifies ops, and a repository that names its own webhook
        GateDefinition profile = LOADER.load(
                CHECKS + "notifications:\n  webhooks:\n    - url: https://ops.example.com/hook\n",
                "profile production");
        GateDefinition repository = LOADER.load(
                CHECKS + "notifications:\n  webhooks:\n    - url: https://attacker.example.net/hook\n",
                "release-gate.yaml");

        // When the repository's definition is merged onto the profile, and read without any profile
        GateDefinition merged = new ProfileMerger().merge(profile, repository);
        GateDefinition alone = new ProfileMerger().withoutProfile(repository, "no ops profile is configured");

        // Then only the profile's webhook applies, and the repository's section is a note each time
        assertThat(merged.getNotifications()).isEqualTo(profile.getNotifications());
        assertThat(merged.getNotes())
                .contains("release-gate.yaml: notifications are owned by the profile and are not applied: ask a Jenkins"
                        + " administrator to add them to the profile, so that ops decide who is told");
        assertThat(alone.getNotifications().isEmpty()).isTrue();
        assertThat(alone.getNotes())
                .contains("release-gate.yaml: notifications are not applied: no ops profile is configured."
                        + " Notifications belong to an ops profile, so that ops decide who is told");
    }

    @Test
    void shouldKeepTheProfilesNotificationsWhenTheRepositoryNamesNone() throws Exception {
        // Given a profile that notifies ops and a repository without notifications
        GateDefinition profile = LOADER.load(
                CHECKS + "notifications:\n  webhooks:\n    - url: https://ops.example.com/hook\n",
                "profile production");
        GateDefinition repository = LOADER.load(CHECKS, "release-gate.yaml");

        // When they are merged
        GateDefinition merged = new ProfileMerger().merge(profile, repository);

        // Then the profile's notifications apply without a note
        assertThat(merged.getNotifications().getWebhooks()).hasSize(1);
        assertThat(merged.getNotes()).isEmpty();
    }
}
