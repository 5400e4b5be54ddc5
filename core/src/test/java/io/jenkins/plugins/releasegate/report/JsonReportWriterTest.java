package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jenkins.plugins.releasegate.approval.ApprovalLedger;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.IdentityMatcher;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {
    /** The schema and its documentation, in the repository's docs directory (tests run in the core module). */
    private static final Path SCHEMA = Path.of("..", "docs", "report-schema.json");

    private static final Path SCHEMA_DOCUMENTATION = Path.of("..", "docs", "report-schema.md");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(MAPPER.readTree(SCHEMA.toFile()), config);
    }

    private static Set<String> violations(final JsonNode report) {
        return schema.validate(report).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }

    private static JsonNode write(final GateReport report) throws IOException {
        String json = new JsonReportWriter().write(report);
        assertThat(json).endsWith("}\n");
        return MAPPER.readTree(json);
    }

    @Test
    void shouldWriteAReportWithoutApprovalThatMatchesTheSchema() throws IOException {
        // Given a result with checks of every status, reported without approval
        GateResult result = ReportFixtures.result();

        // When it is written as JSON
        JsonNode report =
                write(GateReport.withoutApproval(result, ApprovalPolicy.defaults(), null, "release-gate.yaml"));

        // Then it matches the schema and holds the evidence
        assertThat(violations(report)).isEmpty();
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(report.get("gate").asText()).isEqualTo("orders release");
        assertThat(report.get("release").isNull()).isTrue();
        assertThat(report.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(report.get("startedAt").asText()).isEqualTo("2025-05-01T10:00:00.123456789Z");
        assertThat(report.get("digest").asText()).isEqualTo(result.digest());
        assertThat(report.get("counts").toString()).isEqualTo("{\"PASS\":1,\"WARN\":1,\"ERROR\":1,\"FAIL\":1}");
        JsonNode database = report.get("checks").get(0);
        assertThat(database.get("id").asText()).isEqualTo("orders-db");
        assertThat(database.get("required").asBoolean()).isTrue();
        assertThat(database.get("durationMillis").asLong()).isEqualTo(1500);
        assertThat(database.get("description").asText()).isEqualTo("Database load of orders release");
        JsonNode measurement = database.get("measurements").get(0);
        assertThat(measurement.toString())
                .isEqualTo(
                        "{\"name\":\"connectionsUsed\",\"value\":42.5,\"unit\":\"%\","
                                + "\"direction\":\"above\",\"warnAt\":70.0,\"failAt\":85.0,\"status\":\"PASS\",\"display\":\"42.5%\"}");
        assertThat(database.get("measurements").get(1).get("warnAt").isNull()).isTrue();
        assertThat(database.get("measurements").get(1).get("direction").asText())
                .isEqualTo("below");
        assertThat(report.get("checks").get(2).get("details")).hasSize(2);
        assertThat(report.get("checks").get(3).get("required").asBoolean()).isFalse();
        assertThat(report.get("approval").get("state").asText()).isEqualTo(GateReport.NOT_REQUESTED);
        assertThat(report.get("approval").get("deadline").isNull()).isTrue();
        assertThat(report.get("approval").get("decisions")).isEmpty();
        assertThat(report.get("approval").get("policy").get("timeoutSeconds").asLong())
                .isEqualTo(86_400);
        assertThat(report.get("notes").get(0).asText()).isEqualTo("a note about the merge");
    }

    @Test
    void shouldWriteTheApprovalRecordThatMatchesTheSchema() throws Exception {
        // Given a result and a ledger with approvals, a voiding and an override
        GateResult result = ReportFixtures.result();
        ApprovalLedger ledger = ReportFixtures.eventfulLedger(result, "lag is expected");

        // When the report is written
        JsonNode report =
                write(GateReport.withApproval(result, ledger, "2.8.0", "profile production + release-gate.yaml"));

        // Then it matches the schema and holds every decision
        assertThat(violations(report)).isEmpty();
        assertThat(report.get("release").asText()).isEqualTo("2.8.0");
        JsonNode approval = report.get("approval");
        assertThat(approval.get("state").asText()).isEqualTo("PENDING");
        assertThat(approval.get("deadline").asText())
                .isEqualTo(ledger.getDeadline().toString());
        assertThat(approval.get("policy").get("approvers").toString()).isEqualTo("[\"ops\"]");
        assertThat(approval.get("policy").get("onFail").asText()).isEqualTo("override");
        List<String> kinds = new ArrayList<>();
        approval.get("decisions")
                .forEach(decision -> kinds.add(decision.get("kind").asText()));
        assertThat(kinds).containsExactly("APPROVE", "APPROVE", "VOID", "OVERRIDE");
        JsonNode first = approval.get("decisions").get(0);
        assertThat(first.get("user").asText()).isEqualTo("bob");
        assertThat(first.get("groups").toString()).isEqualTo("[\"ops\",\"release-managers\"]");
        assertThat(first.get("comment").asText()).isEqualTo("lag is expected");
        assertThat(approval.get("decisions").get(2).get("digest").isNull()).isTrue();
        assertThat(approval.get("decisions").get(3).get("digest").asText()).isEqualTo(result.digest());
    }

    @Test
    void shouldMatchTheSchemaInEveryApprovalState() throws Exception {
        // Given ledgers that were rejected, timed out and cancelled
        GateResult result = ReportFixtures.passing();
        List<ApprovalLedger> ledgers = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            ledgers.add(new ApprovalLedger(
                    ApprovalPolicy.defaults(),
                    IdentityMatcher.CASE_INSENSITIVE,
                    Set.of(),
                    Set.of(),
                    Status.PASS,
                    result.digest(),
                    ReportFixtures.STARTED));
        }
        Instant soon = ReportFixtures.FINISHED.plusSeconds(60);
        ledgers.get(0).reject(ReportFixtures.person("bob", "Bob", false), "not today", "web", soon);
        ledgers.get(1).expireIfDue(ReportFixtures.STARTED.plusSeconds(86_400));
        ledgers.get(2).cancel("Aborted by erin", soon);

        // When their reports are written, Then each matches the schema
        for (ApprovalLedger ledger : ledgers) {
            JsonNode report = write(GateReport.withApproval(result, ledger, null, "gate.yaml"));
            assertThat(violations(report)).as(ledger.getState().name()).isEmpty();
        }
    }

    @Test
    void shouldRejectReportsThatDoNotMatch() throws IOException {
        // Given valid reports spoilt in several ways
        JsonNode valid = write(
                GateReport.withoutApproval(ReportFixtures.result(), ApprovalPolicy.defaults(), null, "gate.yaml"));
        ObjectNode missingVerdict = valid.deepCopy();
        missingVerdict.remove("verdict");
        ObjectNode unknownField = valid.deepCopy();
        unknownField.put("colour", "blue");
        ObjectNode badTime = valid.deepCopy();
        badTime.put("startedAt", "yesterday");
        ObjectNode badStatus = valid.deepCopy();
        ((ObjectNode) badStatus.get("checks").get(0)).put("status", "OK");
        ObjectNode missingThreshold = valid.deepCopy();
        ((ObjectNode) missingThreshold.get("checks").get(0).get("measurements").get(0)).remove("failAt");

        // When they are validated, Then the schema catches each (so the tests above can fail)
        assertThat(violations(missingVerdict)).isNotEmpty();
        assertThat(violations(unknownField)).isNotEmpty();
        assertThat(violations(badTime)).isNotEmpty();
        assertThat(violations(badStatus)).isNotEmpty();
        assertThat(violations(missingThreshold)).isNotEmpty();
    }

    @Test
    void shouldDocumentEveryFieldOfTheSchema() throws IOException {
        // Given the schema and its documentation
        JsonNode schemaTree = MAPPER.readTree(SCHEMA.toFile());
        String documentation = Files.readString(SCHEMA_DOCUMENTATION, StandardCharsets.UTF_8);

        // When every property name of the schema is collected
        List<String> names = new ArrayList<>();
        collectPropertyNames(schemaTree, names);

        // Then each one is documented in a table row (the four counts together), and the example matches the schema
        names.removeAll(List.of("PASS", "WARN", "ERROR", "FAIL"));
        assertThat(documentation).contains("`{\"PASS\": n, \"WARN\": n, \"ERROR\": n, \"FAIL\": n}`");
        assertThat(names).hasSizeGreaterThan(40);
        assertThat(names).allSatisfy(name -> assertThat(documentation).contains("| `" + name + "` |"));
        Matcher example = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(documentation);
        assertThat(example.find()).isTrue();
        assertThat(violations(MAPPER.readTree(example.group(1)))).isEmpty();
    }

    private static void collectPropertyNames(final JsonNode node, final List<String> names) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null) {
                properties.fieldNames().forEachRemaining(names::add);
            }
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collectPropertyNames(children.next(), names);
            }
        }
    }
}
