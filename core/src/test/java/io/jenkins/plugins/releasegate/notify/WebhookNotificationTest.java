package io.jenkins.plugins.releasegate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jenkins.plugins.releasegate.spi.CheckException;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.testsupport.RecordingScheduler;
import io.jenkins.plugins.releasegate.testsupport.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookNotificationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The schema documented in the repository's docs directory (tests run in the core module). */
    private static final Path SCHEMA = Path.of("..", "docs", "notification-schema.json");

    private static final String SECRET = "whsec-7f3a9c1e2b";
    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);
    private static final CredentialsResolver SECRETS = id -> {
        if (!id.equals("release-gate-webhook")) {
            throw new CheckException("No credentials with id '" + id + "' are available here");
        }
        return Credentials.secretText(id, Secret.of(SECRET));
    };

    private static JsonSchema schema;

    private final WebhookReceiver receiver;
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();

    WebhookNotificationTest() throws IOException {
        receiver = new WebhookReceiver();
    }

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(MAPPER.readTree(SCHEMA.toFile()), config);
    }

    @AfterEach
    void stop() {
        receiver.close();
        scheduler.close();
    }

    @Test
    void shouldPostTheGenericPayloadThatMatchesTheSchemaSignedWithTheSecret() throws Exception {
        // Given a webhook whose payloads are signed with a secret text credential
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, "release-gate-webhook"));

        // When the gate starts waiting
        notifier.accept(waiting());

        // Then the webhook receives the generic payload once, matching the schema, with every field of the event
        assertThat(nextOutcome().status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
        WebhookReceiver.Received request = receiver.received().get(0);
        JsonNode payload = MAPPER.readTree(request.body());
        assertThat(violations(payload)).isEmpty();
        assertThat(payload.get("event").asText()).isEqualTo("waiting");
        assertThat(payload.at("/gate/id").asText()).isEqualTo("orders");
        assertThat(payload.at("/gate/url").asText())
                .isEqualTo("https://jenkins.example.com/job/orders/42/release-gate-orders/");
        assertThat(payload.at("/build/url").asText()).isEqualTo("https://jenkins.example.com/job/orders/42/");
        assertThat(payload.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(payload.at("/blockingChecks/0/id").asText()).isEqualTo("orders-db");
        assertThat(payload.at("/approval/policy").asText()).isEqualTo("2 approvals from group:ops");
        assertThat(payload.at("/approval/deadline").asText()).isEqualTo("2026-12-01T13:00:00Z");
        assertThat(payload.get("deliveryId").asText())
                .isEqualTo(request.headers().get("x-release-gate-delivery"));
        assertThat(request.headers()).containsEntry("x-release-gate-event", "waiting");
        // And the signature is the HMAC-SHA256 of the exact body with the secret, which never travels itself
        assertThat(request.headers().get("x-release-gate-signature"))
                .isEqualTo("sha256=" + hmac(request.body(), SECRET));
        assertThat(Signature.verify(
                        request.body(), Secret.of(SECRET), request.headers().get("x-release-gate-signature")))
                .isTrue();
        assertThat(Signature.verify(
                        request.body(),
                        Secret.of("another secret"),
                        request.headers().get("x-release-gate-signature")))
                .isFalse();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        assertThat(request.headers().toString()).doesNotContain(SECRET);
    }

    @Test
    void shouldWriteEveryEventKindAsTheSchemaSays() throws Exception {
        // Given one event of each kind, with what each carries
        NotificationPayloads payloads = new NotificationPayloads(Locale.ENGLISH);
        List<GateEvent> events = List.of(
                waiting(),
                event(GateEvent.Kind.APPROVED).decision(alice()).build(),
                event(GateEvent.Kind.OVERRIDDEN).decision(alice()).build(),
                event(GateEvent.Kind.DECIDED)
                        .phase("APPROVED")
                        .outcome("approved")
                        .build(),
                event(GateEvent.Kind.DECIDED)
                        .phase("REJECTED")
                        .outcome("rejected")
                        .decision(alice())
                        .build(),
                event(GateEvent.Kind.VOIDED)
                        .outcome("waiting")
                        .worsened(List.of("orders-db: WARN then FAIL"))
                        .build(),
                event(GateEvent.Kind.TIMED_OUT)
                        .phase("TIMED_OUT")
                        .outcome("abort")
                        .build(),
                event(GateEvent.Kind.REMINDER).reminderFraction(0.9).build());

        for (GateEvent event : events) {
            // When each is written
            JsonNode payload = MAPPER.readTree(payloads.generic(event, "0f8e2b4c-1d3a-4e5f-8a9b-0c1d2e3f4a5b"));

            // Then it matches the schema
            assertThat(violations(payload)).as(event.kind().name()).isEmpty();
        }
        JsonNode reminder = MAPPER.readTree(payloads.generic(events.get(7), "0f8e2b4c-1d3a-4e5f-8a9b-0c1d2e3f4a5b"));
        assertThat(reminder.at("/reminder/fraction").asDouble()).isEqualTo(0.9);
        assertThat(payloads.headline(events.get(7))).contains("90%");
    }

    @Test
    void shouldPostASlackCompatibleMessage() throws Exception {
        // Given a webhook in Slack's format
        Notifier notifier = notifier(webhook(WebhookTarget.Format.SLACK, null));

        // When the gate starts waiting
        notifier.accept(waiting());

        // Then the webhook receives text and blocks, with the gate's link and the blocking check, escaped for mrkdwn
        assertThat(nextOutcome().isDelivered()).isTrue();
        JsonNode message = MAPPER.readTree(receiver.received().get(0).body());
        assertThat(message.get("text").asText()).startsWith("Release gate 'orders' waits for approval (FAIL)");
        assertThat(message.get("blocks")).isNotEmpty();
        assertThat(message.toString())
                .contains("orders-db (FAIL): 92% of connections used &lt;db1&gt;")
                .contains("<https://jenkins.example.com/job/orders/42/release-gate-orders/|Open the gate>");
        assertThat(receiver.received().get(0).headers()).doesNotContainKey("x-release-gate-signature");
    }

    @Test
    void shouldRetryAfterAServerErrorAndDeliverTheSameBody() throws Exception {
        // Given a webhook that fails once with 500, then accepts
        receiver.answering(500, 200);
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, "release-gate-webhook"));

        // When an event is sent
        notifier.accept(waiting());

        // Then it is delivered on the second attempt, after the first backoff, with the very same signed body
        DeliveryOutcome outcome = nextOutcome();
        assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(scheduler.waits()).containsExactly(WebhookSender.FIRST_BACKOFF);
        List<WebhookReceiver.Received> requests = receiver.received();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(requests.get(1).headers().get("x-release-gate-signature"))
                .isEqualTo(requests.get(0).headers().get("x-release-gate-signature"));
    }

    @Test
    void shouldNotRetryARefusal() throws Exception {
        // Given a webhook that answers 400
        receiver.answering(400);
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, null));

        // When an event is sent
        notifier.accept(waiting());

        // Then it fails after one attempt, and the outcome names the webhook by its origin only
        DeliveryOutcome outcome = nextOutcome();
        assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.FAILED);
        assertThat(outcome.attempts()).isOne();
        assertThat(outcome.detail()).isEqualTo("HTTP 400");
        assertThat(outcome.target())
                .isEqualTo("webhook " + receiver.url("").toString().replaceAll("/$", ""));
        assertThat(outcome.describe()).doesNotContain("/hooks/T0001/secret-path");
        assertThat(receiver.received()).hasSize(1);
        assertThat(scheduler.waits()).isEmpty();
    }

    @Test
    void shouldBoundTheAttemptsAgainstAnEndpointThatAlwaysFails() throws Exception {
        // Given a webhook that always answers 500
        receiver.answering(500);
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, null));

        // When three events are sent
        notifier.accept(waiting());
        notifier.accept(event(GateEvent.Kind.APPROVED).decision(alice()).build());
        notifier.accept(event(GateEvent.Kind.REMINDER).reminderFraction(0.5).build());

        // Then the first is tried MAX_ATTEMPTS times with growing waits, and once it failed, the endpoint counts as
        // down: the next ones are tried once each, in order, never at the same time
        List<DeliveryOutcome> results = List.of(nextOutcome(), nextOutcome(), nextOutcome());
        assertThat(results).extracting(DeliveryOutcome::status).containsOnly(DeliveryOutcome.Status.FAILED);
        assertThat(results)
                .extracting(DeliveryOutcome::event)
                .containsExactly(GateEvent.Kind.WAITING, GateEvent.Kind.APPROVED, GateEvent.Kind.REMINDER);
        assertThat(results).extracting(DeliveryOutcome::attempts).containsExactly(WebhookSender.MAX_ATTEMPTS, 1, 1);
        assertThat(results.get(0).detail()).isEqualTo("HTTP 500 after 4 attempts");
        assertThat(receiver.received()).hasSize(WebhookSender.MAX_ATTEMPTS + 2);
        assertThat(scheduler.waits())
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void shouldDropEventsBeyondTheQueueInsteadOfPilingUp() throws Exception {
        // Given a webhook whose deliveries cannot start, because the host's threads are busy
        List<Runnable> held = new ArrayList<>();
        Notifier notifier = new Notifier(
                NotificationSettings.of(List.of(webhook(WebhookTarget.Format.GENERIC, null)), null, List.of()),
                SECRETS,
                (delay, task) -> held.add(task),
                CLOCK,
                Locale.ENGLISH,
                null,
                outcomes::add);

        // When more events arrive than the queue holds
        for (int index = 0; index < WebhookSender.MAX_QUEUED + 3; index++) {
            notifier.accept(waiting());
        }

        // Then the surplus is dropped and reported at once, and nothing more is sent
        assertThat(outcomes)
                .hasSize(3)
                .extracting(DeliveryOutcome::status)
                .containsOnly(DeliveryOutcome.Status.DROPPED);
        assertThat(held).hasSize(1);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void shouldWaitWhatRetryAfterAsksButNoLongerThanTheBound() throws Exception {
        // Given a webhook that asks to come back in an hour, then accepts
        receiver.answeringWithRetryAfter(429, "3600").answering(200);
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, null));

        // When an event is sent
        notifier.accept(waiting());

        // Then the retry waits the bound, not an hour
        assertThat(nextOutcome().attempts()).isEqualTo(2);
        assertThat(scheduler.waits()).containsExactly(WebhookSender.MAX_BACKOFF);
    }

    @Test
    void shouldRetryWhenTheEndpointCannotBeReached() throws Exception {
        // Given a webhook whose server is gone
        WebhookTarget gone = webhook(WebhookTarget.Format.GENERIC, null);
        receiver.close();
        Notifier notifier = notifier(gone);

        // When an event is sent
        notifier.accept(waiting());

        // Then every attempt is made and the outcome says why, without the URL's path
        DeliveryOutcome outcome = nextOutcome();
        assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.FAILED);
        assertThat(outcome.attempts()).isEqualTo(WebhookSender.MAX_ATTEMPTS);
        assertThat(outcome.describe()).doesNotContain("secret-path");
    }

    @Test
    void shouldNotSendUnsignedWhenTheSecretCannotBeRead() throws Exception {
        // Given a webhook that names credentials that do not exist
        Notifier notifier = notifier(webhook(WebhookTarget.Format.GENERIC, "missing-credentials"));

        // When an event is sent
        notifier.accept(waiting());

        // Then nothing is sent, and the outcome says why
        DeliveryOutcome outcome = nextOutcome();
        assertThat(outcome.status()).isEqualTo(DeliveryOutcome.Status.DROPPED);
        assertThat(outcome.detail()).contains("missing-credentials");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void shouldSendOnlyTheEventsATargetWants() throws Exception {
        // Given a webhook that wants decisions only
        WebhookTarget decisions = new WebhookTarget(
                receiver.url("/hooks/T0001/secret-path"),
                WebhookTarget.Format.GENERIC,
                null,
                EnumSet.of(GateEvent.Kind.DECIDED));
        Notifier notifier = notifier(decisions);

        // When the gate waits, then is decided
        notifier.accept(waiting());
        notifier.accept(event(GateEvent.Kind.DECIDED).outcome("approved").build());

        // Then only the decision is sent
        assertThat(nextOutcome().event()).isEqualTo(GateEvent.Kind.DECIDED);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void shouldSendNothingWithoutNotifications() throws Exception {
        // Given a gate whose profile has no notifications
        Notifier notifier = new Notifier(
                NotificationSettings.none(), SECRETS, scheduler, CLOCK, Locale.ENGLISH, null, outcomes::add);

        // When events happen
        notifier.accept(waiting());
        notifier.accept(event(GateEvent.Kind.DECIDED).outcome("approved").build());

        // Then nothing is scheduled or sent
        assertThat(scheduler.waits()).isEmpty();
        assertThat(outcomes).isEmpty();
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void shouldMailThroughTheHostAndSayWhenItCannot() throws Exception {
        // Given e-mail recipients, once with a host that sends mail and once with one that cannot
        List<String> sent = new ArrayList<>();
        EmailTarget ops = new EmailTarget(List.of("ops@example.com"), EnumSet.allOf(GateEvent.Kind.class));
        Notifier mailing = new Notifier(
                NotificationSettings.of(List.of(), ops, List.of()),
                SECRETS,
                scheduler,
                CLOCK,
                Locale.ENGLISH,
                (to, subject, body) -> sent.add(to + " " + subject + "\n" + body),
                outcomes::add);
        Notifier withoutMail = new Notifier(
                NotificationSettings.of(List.of(), ops, List.of()),
                SECRETS,
                scheduler,
                CLOCK,
                Locale.ENGLISH,
                null,
                outcomes::add);

        // When the gate waits
        mailing.accept(waiting());
        withoutMail.accept(waiting());
        withoutMail.accept(waiting());

        // Then the mail names the gate and links its page and its build, and the host without mail says so once
        List<DeliveryOutcome> results = List.of(nextOutcome(), nextOutcome());
        assertThat(results)
                .extracting(DeliveryOutcome::status)
                .containsExactlyInAnyOrder(DeliveryOutcome.Status.DELIVERED, DeliveryOutcome.Status.DROPPED);
        assertThat(outcomes).isEmpty();
        assertThat(sent)
                .singleElement()
                .asString()
                .startsWith("[ops@example.com] [Release Gate] orders: Release gate 'orders' waits for approval (FAIL)")
                .contains("\nOpen the gate: https://jenkins.example.com/job/orders/42/release-gate-orders/\n")
                .endsWith("\nBuild: https://jenkins.example.com/job/orders/42/\n");
    }

    // ------------------------------------------------------------------ helpers

    private Notifier notifier(final WebhookTarget target) {
        return new Notifier(
                NotificationSettings.of(List.of(target), null, List.of()),
                SECRETS,
                scheduler,
                CLOCK,
                Locale.ENGLISH,
                null,
                outcomes::add);
    }

    private WebhookTarget webhook(final WebhookTarget.Format format, final String secret) {
        return new WebhookTarget(
                receiver.url("/hooks/T0001/secret-path"), format, secret, EnumSet.allOf(GateEvent.Kind.class));
    }

    private DeliveryOutcome nextOutcome() throws InterruptedException {
        DeliveryOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome was reported").isNotNull();
        return outcome;
    }

    private static GateEvent waiting() {
        return event(GateEvent.Kind.WAITING).build();
    }

    private static GateEvent.Builder event(final GateEvent.Kind kind) {
        return GateEvent.builder(kind, "orders", "orders", AT)
                .source("profile production + release-gate.yaml")
                .release("2.8.0")
                .links(
                        "https://jenkins.example.com/job/orders/42/",
                        "https://jenkins.example.com/job/orders/42/release-gate-orders/")
                .phase("WAITING")
                .verdict(
                        "FAIL",
                        List.of(new GateEvent.BlockingCheck("orders-db", "FAIL", "92% of connections used <db1>")))
                .approval("2 approvals from group:ops", AT.plus(Duration.ofHours(4)), 2, List.of());
    }

    private static GateEvent.Decision alice() {
        return new GateEvent.Decision("alice", "Alice", "dashboards calm", "web");
    }

    private static Set<String> violations(final JsonNode payload) {
        return schema.validate(payload).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }

    private static String hmac(final byte[] body, final String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
