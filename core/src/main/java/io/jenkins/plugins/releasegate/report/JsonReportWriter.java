package io.jenkins.plugins.releasegate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.util.Locale;

/**
 * Writes {@code report.json}, schema version {@value #SCHEMA_VERSION}, as documented in
 * {@code docs/report-schema.md} and {@code docs/report-schema.json}.
 */
public final class JsonReportWriter {
    /** The version of the report format. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Renders a report as JSON.
     *
     * @param report the report
     * @return the JSON text
     */
    public String write(final GateReport report) {
        try {
            return MAPPER.writeValueAsString(toJson(report)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException exception) {
            throw new IllegalStateException("A report tree always serializes", exception);
        }
    }

    /**
     * Builds the JSON tree of a report.
     *
     * @param report the report
     * @return the tree
     */
    public ObjectNode toJson(final GateReport report) {
        GateResult result = report.getResult();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("gate", result.getGate());
        root.put("source", report.getSource());
        putNullable(root, "release", report.getRelease().orElse(null));
        root.put("verdict", result.getVerdict().name());
        root.put("onError", Settings.yamlName(result.getOnError()));
        root.put("startedAt", result.getStartedAt().toString());
        root.put("finishedAt", result.getFinishedAt().toString());
        root.put("digest", result.digest());
        ObjectNode counts = root.putObject("counts");
        result.countByStatusName().forEach(counts::put);
        ArrayNode checks = root.putArray("checks");
        for (CheckOutcome outcome : result.getChecks()) {
            checks.add(toJson(outcome));
        }
        root.set("approval", approval(report));
        ArrayNode notes = root.putArray("notes");
        result.getNotes().forEach(notes::add);
        return root;
    }

    private static ObjectNode toJson(final CheckOutcome outcome) {
        ObjectNode check = MAPPER.createObjectNode();
        check.put("id", outcome.id());
        check.put("type", outcome.type());
        check.put("required", outcome.required());
        putNullable(check, "description", outcome.description());
        check.put("status", outcome.status().name());
        check.put("summary", outcome.result().getSummary());
        check.put("startedAt", outcome.startedAt().toString());
        check.put("durationMillis", outcome.duration().toMillis());
        ArrayNode measurements = check.putArray("measurements");
        for (Measurement measurement : outcome.result().getMeasurements()) {
            ObjectNode node = measurements.addObject();
            node.put("name", measurement.name());
            node.put("value", measurement.value());
            node.put("unit", measurement.unit().symbol());
            node.put("direction", Settings.yamlName(measurement.direction()));
            putNullable(node, "warnAt", measurement.warnAt());
            putNullable(node, "failAt", measurement.failAt());
            node.put("status", measurement.status().name());
            node.put("display", measurement.formattedValue());
        }
        ArrayNode details = check.putArray("details");
        outcome.result().getDetails().forEach(details::add);
        return check;
    }

    private static ObjectNode approval(final GateReport report) {
        ObjectNode approval = MAPPER.createObjectNode();
        ApprovalPolicy policy = report.getPolicy();
        ObjectNode policyNode = approval.putObject("policy");
        ArrayNode approvers = policyNode.putArray("approvers");
        policy.getApprovers().forEach(approvers::add);
        policyNode.put("minApprovals", policy.getMinApprovals());
        policyNode.put("allowSelfApproval", policy.isAllowSelfApproval());
        policyNode.put("excludeChangeAuthors", policy.isExcludeChangeAuthors());
        policyNode.put("requireComment", Settings.yamlName(policy.getRequireComment()));
        policyNode.put("onFail", Settings.yamlName(policy.getOnFail()));
        ArrayNode overriders = policyNode.putArray("overriders");
        policy.getOverriders().forEach(overriders::add);
        policyNode.put("timeoutSeconds", policy.getTimeout().toSeconds());
        policyNode.put("onTimeout", Settings.yamlName(policy.getOnTimeout()));
        policyNode.put("onWorseEvidence", Settings.yamlName(policy.getOnWorseEvidence()));
        policyNode.put("description", policy.describe());
        approval.put("state", report.getApprovalState());
        putNullable(
                approval,
                "deadline",
                report.getApprovalDeadline().map(Object::toString).orElse(null));
        ArrayNode excluded = approval.putArray("excluded");
        for (Involvement exclusion : report.getExclusions()) {
            ObjectNode node = excluded.addObject();
            node.put("user", exclusion.userId());
            node.put("kind", exclusion.kind().name());
            putNullable(node, "change", exclusion.change());
            putNullable(node, "build", exclusion.build());
            node.put("reason", exclusion.describe(Locale.ROOT));
        }
        ArrayNode decisions = approval.putArray("decisions");
        for (LedgerEntry entry : report.getDecisions()) {
            ObjectNode node = decisions.addObject();
            node.put("kind", entry.kind().name());
            node.put("user", entry.userId());
            node.put("displayName", entry.displayName());
            ArrayNode groups = node.putArray("groups");
            entry.groups().stream().sorted().forEach(groups::add);
            node.put("at", entry.at().toString());
            node.put("comment", entry.comment());
            putNullable(node, "digest", entry.digest());
            node.put("channel", entry.channel());
            ArrayNode confirmed = node.putArray("confirmed");
            entry.confirmed().forEach(confirmed::add);
        }
        return approval;
    }

    private static void putNullable(final ObjectNode node, final String name, @CheckForNull final Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Double number) {
            node.put(name, number);
        } else {
            node.put(name, value.toString());
        }
    }
}
