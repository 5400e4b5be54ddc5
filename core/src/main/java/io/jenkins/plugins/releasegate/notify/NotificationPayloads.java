package io.jenkins.plugins.releasegate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Sentences;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The payloads sent for a {@link GateEvent}: the generic JSON (schema {@code docs/notification-schema.json},
 * version {@value #SCHEMA_VERSION}), a Slack-compatible incoming-webhook message ({@code text} and {@code blocks}),
 * and an e-mail's subject and body. None holds a secret: an event carries none.
 */
public final class NotificationPayloads {
    /** The version of the generic payload's schema. */
    public static final int SCHEMA_VERSION = 1;

    /** The most blocking checks a Slack message or an e-mail lists; the generic payload lists all. */
    static final int MAX_LISTED_CHECKS = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Locale locale;

    /**
     * Creates the payloads' writer, with sentences in a language.
     *
     * @param locale the language of the Slack message and the e-mail; the generic payload's fields are the same
     *     in every language
     */
    public NotificationPayloads(final Locale locale) {
        this.locale = locale;
    }

    /**
     * Writes the generic JSON payload.
     *
     * @param event the event
     * @param deliveryId the delivery's id, the same for every attempt
     * @return the body, UTF-8
     */
    public byte[] generic(final GateEvent event, final String deliveryId) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("deliveryId", deliveryId);
        root.put("event", event.kind().yamlName());
        root.put("at", event.at().toString());
        ObjectNode gate = root.putObject("gate");
        gate.put("id", event.gateId());
        gate.put("name", event.gateName());
        gate.put("source", event.source());
        gate.put("release", event.release());
        gate.put("url", event.gateUrl());
        gate.put("phase", event.phase());
        root.putObject("build").put("url", event.buildUrl());
        root.put("verdict", event.verdict());
        ArrayNode blocking = root.putArray("blockingChecks");
        for (GateEvent.BlockingCheck check : event.blockingChecks()) {
            blocking.addObject()
                    .put("id", check.id())
                    .put("status", check.status())
                    .put("summary", check.summary());
        }
        ObjectNode approval = root.putObject("approval");
        approval.put("policy", event.policy());
        Instant deadline = event.deadline();
        approval.put("deadline", deadline == null ? null : deadline.toString());
        approval.put("remainingApprovals", event.remainingApprovals());
        ArrayNode approvers = approval.putArray("approvers");
        event.approvers().forEach(approvers::add);
        GateEvent.Decision decision = event.decision();
        if (decision == null) {
            root.putNull("decision");
        } else {
            root.putObject("decision")
                    .put("userId", decision.userId())
                    .put("displayName", decision.displayName())
                    .put("comment", decision.comment())
                    .put("channel", decision.channel());
        }
        root.put("outcome", event.outcome());
        Double fraction = event.reminderFraction();
        if (fraction == null) {
            root.putNull("reminder");
        } else {
            root.putObject("reminder")
                    .put("fraction", BigDecimal.valueOf(fraction).stripTrailingZeros());
        }
        ArrayNode worsened = root.putArray("worsened");
        event.worsened().forEach(worsened::add);
        return write(root);
    }

    /**
     * Writes a Slack-compatible incoming-webhook message: {@code text} (the headline, also the notification's
     * fallback) and {@code blocks} (the headline, the blocking checks, the policy and deadline, a link to the gate).
     *
     * @param event the event
     * @return the body, UTF-8
     */
    public byte[] slack(final GateEvent event) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("text", headline(event));
        ArrayNode blocks = root.putArray("blocks");
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", "*" + escapeSlack(headline(event)) + "*");
        List<String> details = details(event);
        if (!details.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (String line : details) {
                text.append(text.length() == 0 ? "" : "\n").append(escapeSlack(line));
            }
            blocks.addObject()
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", text.toString());
        }
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        context.addObject().put("type", "mrkdwn").put("text", escapeSlack(sentence("policy", event.policy())));
        String gateUrl = event.gateUrl();
        if (gateUrl != null) {
            context.addObject()
                    .put("type", "mrkdwn")
                    .put("text", "<" + escapeSlack(gateUrl) + "|" + escapeSlack(sentence("openGate")) + ">");
        }
        return write(root);
    }

    /**
     * Writes an e-mail about the event: the headline, the details, the policy, and the links to the gate page and the
     * build when the host knows them.
     *
     * @param event the event
     * @return the subject and the plain-text body
     */
    public Email email(final GateEvent event) {
        StringBuilder body = new StringBuilder(headline(event)).append("\n\n");
        details(event).forEach(line -> body.append(line).append('\n'));
        body.append(sentence("policy", event.policy())).append('\n');
        if (event.gateUrl() != null || event.buildUrl() != null) {
            body.append('\n');
        }
        if (event.gateUrl() != null) {
            body.append(sentence("openGate"))
                    .append(": ")
                    .append(event.gateUrl())
                    .append('\n');
        }
        if (event.buildUrl() != null) {
            body.append(sentence("build", event.buildUrl())).append('\n');
        }
        return new Email(sentence("subject", event.gateName(), headline(event)), body.toString());
    }

    /**
     * An e-mail's subject and body.
     *
     * @param subject the subject
     * @param body the plain-text body
     */
    public record Email(String subject, String body) {}

    /**
     * Returns the event's headline in one line, such as {@code Release gate 'orders' waits for approval (WARN)}.
     *
     * @param event the event
     * @return the headline
     */
    public String headline(final GateEvent event) {
        Instant windowDeadline = event.deadline();
        String deadline = windowDeadline == null ? "" : format(windowDeadline);
        return switch (event.kind()) {
            case WAITING ->
                sentence("WAITING", event.gateName(), event.verdict(), event.remainingApprovals(), deadline);
            case APPROVED -> sentence("APPROVED", event.gateName(), who(event), event.remainingApprovals());
            case OVERRIDDEN -> sentence("OVERRIDDEN", event.gateName(), who(event), event.verdict());
            case DECIDED ->
                "rejected".equals(event.outcome())
                        ? sentence("REJECTED", event.gateName(), who(event))
                        : sentence("DECIDED", event.gateName(), String.join(", ", event.approvers()));
            case VOIDED ->
                "failed".equals(event.outcome())
                        ? sentence("VOIDED_FAILED", event.gateName())
                        : sentence("VOIDED", event.gateName());
            case TIMED_OUT -> sentence("TIMED_OUT", event.gateName(), String.valueOf(event.outcome()));
            case REMINDER ->
                sentence(
                        "REMINDER",
                        event.gateName(),
                        percent(event.reminderFraction()),
                        event.remainingApprovals(),
                        deadline);
        };
    }

    private List<String> details(final GateEvent event) {
        List<String> lines = new ArrayList<>();
        if (event.release() != null) {
            lines.add(sentence("release", event.release()));
        }
        List<GateEvent.BlockingCheck> blocking = event.blockingChecks();
        for (GateEvent.BlockingCheck check : blocking.subList(0, Math.min(blocking.size(), MAX_LISTED_CHECKS))) {
            lines.add("• " + check.id() + " (" + check.status() + "): " + check.summary());
        }
        if (blocking.size() > MAX_LISTED_CHECKS) {
            lines.add(sentence("moreChecks", blocking.size() - MAX_LISTED_CHECKS));
        }
        event.optionalDecision()
                .filter(decision -> !decision.comment().isBlank())
                .ifPresent(decision -> lines.add(sentence("comment", decision.comment())));
        event.worsened().forEach(line -> lines.add("• " + line));
        return lines;
    }

    private static String who(final GateEvent event) {
        return event.optionalDecision()
                .map(decision -> decision.displayName() + " (" + decision.userId() + ")")
                .orElse("?");
    }

    private static String percent(@CheckForNull final Double fraction) {
        return fraction == null
                ? "?"
                : BigDecimal.valueOf(fraction)
                                .movePointRight(2)
                                .stripTrailingZeros()
                                .toPlainString() + "%";
    }

    private static String format(final Instant instant) {
        return instant.toString();
    }

    /** Escapes the three characters Slack's mrkdwn gives a meaning to. */
    static String escapeSlack(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String sentence(final String key, final Object... values) {
        return Sentences.format(NotificationPayloads.class, locale, key, values);
    }

    private static byte[] write(final ObjectNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException exception) {
            throw new UncheckedIOException(exception);
        }
    }
}
