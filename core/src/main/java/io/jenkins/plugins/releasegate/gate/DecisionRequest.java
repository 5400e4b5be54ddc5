package io.jenkins.plugins.releasegate.gate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A decision as a person or a client sends it: approve or reject, a comment, and the digest of the evidence
 * they looked at. Read from the form of a gate page or from the JSON body of a decision request
 * ({@code {"decision": "approve"|"reject", "comment": "...", "digest": "..."}}), so that every host reads
 * decisions alike. A missing or unknown decision is never read as a rejection.
 *
 * @param approval {@code true} to approve, {@code false} to reject
 * @param comment the comment, stripped; empty if none
 * @param digest the digest of the evidence seen, or {@code null} if not sent
 * @param confirmed the ids of the checklist items confirmed with an approval, empty if none
 */
public record DecisionRequest(
        boolean approval, String comment, @CheckForNull String digest, List<String> confirmed) {
    /** The longest comment taken, in characters. */
    public static final int MAX_COMMENT_LENGTH = 4000;

    /** The most checklist items one decision confirms. */
    public static final int MAX_CONFIRMED = 100;

    /** The largest JSON body read, in bytes. */
    public static final int MAX_BODY_LENGTH = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Creates a request.
     */
    public DecisionRequest {
        Objects.requireNonNull(comment);
        confirmed = List.copyOf(confirmed);
    }

    /**
     * Creates a request that confirms no checklist item.
     *
     * @param approval {@code true} to approve, {@code false} to reject
     * @param comment the comment, stripped; empty if none
     * @param digest the digest of the evidence seen, or {@code null} if not sent
     */
    public DecisionRequest(final boolean approval, final String comment, @CheckForNull final String digest) {
        this(approval, comment, digest, List.of());
    }

    /**
     * Reads a decision from form fields.
     *
     * @param approval {@code true} for the approve button, {@code false} for the reject button
     * @param comment the comment field, {@code null} if absent
     * @param digest the digest field, {@code null} if absent
     * @param locale the language of the refusal's sentence
     * @return the request
     * @throws InvalidDecisionException if the comment is too long
     */
    public static DecisionRequest ofForm(
            final boolean approval,
            @CheckForNull final String comment,
            @CheckForNull final String digest,
            final Locale locale)
            throws InvalidDecisionException {
        return checked(approval, comment, digest, List.of(), locale);
    }

    /**
     * Reads a decision from form fields, with the checklist items ticked on the form.
     *
     * @param approval {@code true} for the approve button, {@code false} for the reject button
     * @param comment the comment field, {@code null} if absent
     * @param digest the digest field, {@code null} if absent
     * @param confirmed the values of the ticked checklist boxes, {@code null} if none
     * @param locale the language of the refusal's sentence
     * @return the request
     * @throws InvalidDecisionException if the comment is too long
     */
    public static DecisionRequest ofForm(
            final boolean approval,
            @CheckForNull final String comment,
            @CheckForNull final String digest,
            @CheckForNull final String[] confirmed,
            final Locale locale)
            throws InvalidDecisionException {
        return checked(approval, comment, digest, confirmed == null ? List.of() : Arrays.asList(confirmed), locale);
    }

    /**
     * Reads a decision from a JSON body.
     *
     * @param body the body; empty means no decision
     * @param locale the language of the refusal's sentence
     * @return the request
     * @throws InvalidDecisionException if the body is not such a JSON object, names no decision, has fields
     *     of the wrong type, or carries too long a comment
     */
    public static DecisionRequest ofJson(final String body, final Locale locale) throws InvalidDecisionException {
        JsonNode tree;
        try {
            tree = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException exception) {
            throw new InvalidDecisionException(GateSession.text(locale, "invalidJson"));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidDecisionException(GateSession.text(locale, "invalidJson"));
        }
        JsonNode decision = tree.get("decision");
        String verb = decision != null && decision.isTextual() ? decision.asText() : "";
        if (!"approve".equals(verb) && !"reject".equals(verb)) {
            throw new InvalidDecisionException(GateSession.text(locale, "missingDecision"));
        }
        return checked(
                "approve".equals(verb),
                text(tree, "comment", locale),
                text(tree, "digest", locale),
                texts(tree, "confirmed", locale),
                locale);
    }

    /**
     * Reads a decision from the JSON body of a request, reading no more than {@value #MAX_BODY_LENGTH} bytes
     * of it.
     *
     * @param body the body
     * @param encoding the character encoding the request names, {@code null} for UTF-8
     * @param locale the language of the refusal's sentence
     * @return the request
     * @throws InvalidDecisionException if the body cannot be read, is too large, names an unknown encoding, or
     *     is not a decision (see {@link #ofJson(String, Locale)})
     */
    public static DecisionRequest ofJson(
            final InputStream body, @CheckForNull final String encoding, final Locale locale)
            throws InvalidDecisionException {
        byte[] content;
        try {
            content = body.readNBytes(MAX_BODY_LENGTH + 1);
        } catch (IOException exception) {
            throw new InvalidDecisionException(GateSession.text(locale, "unreadableBody", exception.getMessage()));
        }
        if (content.length > MAX_BODY_LENGTH) {
            throw new InvalidDecisionException(GateSession.text(locale, "bodyTooLarge", MAX_BODY_LENGTH));
        }
        Charset charset;
        try {
            charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException exception) {
            throw new InvalidDecisionException(GateSession.text(locale, "unknownEncoding", encoding));
        }
        return ofJson(new String(content, charset), locale);
    }

    @CheckForNull
    private static String text(final JsonNode tree, final String field, final Locale locale)
            throws InvalidDecisionException {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidDecisionException(GateSession.text(locale, "invalidFields"));
        }
        return value.asText();
    }

    private static List<String> texts(final JsonNode tree, final String field, final Locale locale)
            throws InvalidDecisionException {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    break;
                }
                texts.add(item.asText());
            }
        }
        if (!value.isArray() || texts.size() != value.size()) {
            throw new InvalidDecisionException(GateSession.text(locale, "invalidConfirmed"));
        }
        return texts;
    }

    private static DecisionRequest checked(
            final boolean approval,
            @CheckForNull final String comment,
            @CheckForNull final String digest,
            final List<String> confirmed,
            final Locale locale)
            throws InvalidDecisionException {
        String stripped = comment == null ? "" : comment.strip();
        if (stripped.length() > MAX_COMMENT_LENGTH) {
            throw new InvalidDecisionException(GateSession.text(locale, "commentTooLong", MAX_COMMENT_LENGTH));
        }
        String seen = digest == null || digest.isBlank() ? null : digest.strip();
        if (confirmed.size() > MAX_CONFIRMED) {
            throw new InvalidDecisionException(GateSession.text(locale, "tooManyConfirmed", MAX_CONFIRMED));
        }
        return new DecisionRequest(
                approval,
                stripped,
                seen,
                confirmed.stream()
                        .map(String::strip)
                        .filter(id -> !id.isEmpty())
                        .distinct()
                        .toList());
    }

    /**
     * Returns the digest of the evidence seen.
     *
     * @return the digest, if sent
     */
    public Optional<String> digestSeen() {
        return Optional.ofNullable(digest);
    }

    /** A decision request that cannot be read; its message says what to send instead. */
    public static final class InvalidDecisionException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDecisionException(final String message) {
            super(message);
        }
    }
}
