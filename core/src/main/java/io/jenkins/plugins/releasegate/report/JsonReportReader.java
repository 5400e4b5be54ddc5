package io.jenkins.plugins.releasegate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.definition.ErrorPolicy;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@code report.json} written by {@link JsonReportWriter} back into a {@link GateReport}, so that
 * a host can show archived evidence (such as Jenkins' gate page after a restart).
 */
public final class JsonReportReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads a report.
     *
     * @param reader the JSON text
     * @return the report
     * @throws IOException if the text cannot be read or is not JSON
     * @throws IllegalArgumentException if the JSON is not a report of schema version {@value JsonReportWriter#SCHEMA_VERSION}
     */
    public GateReport read(final Reader reader) throws IOException {
        JsonNode root = MAPPER.readTree(reader);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a release gate report: the JSON is not an object");
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version != JsonReportWriter.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported report schema version " + version
                    + "; this reader reads version " + JsonReportWriter.SCHEMA_VERSION);
        }
        List<CheckOutcome> checks = new ArrayList<>();
        for (JsonNode check : root.path("checks")) {
            checks.add(outcome(check));
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(note -> notes.add(note.asText()));
        GateResult result = new GateResult(
                text(root, "gate"),
                Instant.parse(text(root, "startedAt")),
                Instant.parse(text(root, "finishedAt")),
                enumValue(ErrorPolicy.class, text(root, "onError")),
                checks,
                notes);
        JsonNode approval = root.path("approval");
        List<LedgerEntry> decisions = new ArrayList<>();
        for (JsonNode entry : approval.path("decisions")) {
            decisions.add(entry(entry));
        }
        List<Involvement> exclusions = new ArrayList<>();
        for (JsonNode exclusion : approval.path("excluded")) {
            exclusions.add(new Involvement(
                    text(exclusion, "user"),
                    enumValue(Involvement.Kind.class, text(exclusion, "kind")),
                    nullableText(exclusion, "change"),
                    nullableText(exclusion, "build")));
        }
        String deadline = nullableText(approval, "deadline");
        return GateReport.restored(
                result,
                policy(approval.path("policy")),
                text(approval, "state"),
                decisions,
                exclusions,
                deadline == null ? null : Instant.parse(deadline),
                nullableText(root, "release"),
                text(root, "source"));
    }

    private static CheckOutcome outcome(final JsonNode check) {
        CheckResult.Builder builder = CheckResult.builder();
        for (JsonNode measurement : check.path("measurements")) {
            builder.measurement(new Measurement(
                    text(measurement, "name"),
                    measurement.path("value").asDouble(),
                    unit(text(measurement, "unit")),
                    enumValue(Direction.class, text(measurement, "direction")),
                    nullableDouble(measurement, "warnAt"),
                    nullableDouble(measurement, "failAt"),
                    Status.valueOf(text(measurement, "status"))));
        }
        check.path("details").forEach(detail -> builder.detail(detail.asText()));
        CheckResult result = builder.raise(Status.valueOf(text(check, "status")))
                .summary(text(check, "summary"))
                .build();
        return new CheckOutcome(
                text(check, "id"),
                text(check, "type"),
                check.path("required").asBoolean(true),
                nullableText(check, "description"),
                result,
                Instant.parse(text(check, "startedAt")),
                Duration.ofMillis(check.path("durationMillis").asLong()));
    }

    private static ApprovalPolicy policy(final JsonNode policy) {
        if (policy.isMissingNode() || policy.isNull()) {
            return ApprovalPolicy.defaults();
        }
        List<String> approvers = new ArrayList<>();
        policy.path("approvers").forEach(approver -> approvers.add(approver.asText()));
        List<String> overriders = new ArrayList<>();
        policy.path("overriders").forEach(overrider -> overriders.add(overrider.asText()));
        return ApprovalPolicy.builder()
                .approvers(approvers)
                .minApprovals(policy.path("minApprovals").asInt(1))
                .allowSelfApproval(policy.path("allowSelfApproval").asBoolean(false))
                .excludeChangeAuthors(policy.path("excludeChangeAuthors").asBoolean(true))
                .requireComment(enumValue(ApprovalPolicy.CommentRule.class, text(policy, "requireComment")))
                .onFail(enumValue(ApprovalPolicy.OnFail.class, text(policy, "onFail")))
                .overriders(overriders)
                .timeout(Duration.ofSeconds(
                        policy.path("timeoutSeconds").asLong(ApprovalPolicy.DEFAULT_TIMEOUT.toSeconds())))
                .onTimeout(enumValue(ApprovalPolicy.OnTimeout.class, text(policy, "onTimeout")))
                .onWorseEvidence(enumValue(ApprovalPolicy.OnWorseEvidence.class, text(policy, "onWorseEvidence")))
                .build();
    }

    private static LedgerEntry entry(final JsonNode entry) {
        Set<String> groups = new LinkedHashSet<>();
        entry.path("groups").forEach(group -> groups.add(group.asText()));
        List<String> confirmed = new ArrayList<>();
        entry.path("confirmed").forEach(item -> confirmed.add(item.asText()));
        return new LedgerEntry(
                LedgerEntry.Kind.valueOf(text(entry, "kind")),
                text(entry, "user"),
                text(entry, "displayName"),
                groups,
                Instant.parse(text(entry, "at")),
                text(entry, "comment"),
                nullableText(entry, "digest"),
                text(entry, "channel"),
                confirmed);
    }

    private static Unit unit(final String symbol) {
        for (Unit unit : Unit.values()) {
            if (unit.symbol().equals(symbol)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + symbol + "' in the report");
    }

    /** Reads an enum written in its YAML name, such as {@code onFail} for {@code ON_FAIL}. */
    private static <E extends Enum<E>> E enumValue(final Class<E> type, final String yamlName) {
        String constant = yamlName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return Enum.valueOf(type, constant);
    }

    private static String text(final JsonNode node, final String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the report lacks '" + field + "'");
        }
        return value.asText();
    }

    @CheckForNull
    private static String nullableText(final JsonNode node, final String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @CheckForNull
    private static Double nullableDouble(final JsonNode node, final String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
