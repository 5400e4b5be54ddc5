package io.jenkins.plugins.releasegate.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.checks.http.HttpHealthCheckType;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.testing.Definitions;
import io.jenkins.plugins.releasegate.testing.PlainCheckType;
import io.jenkins.plugins.releasegate.testing.ScriptedCheckType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidDefinitionsTest {
    private static final GateDefinitionLoader LOADER =
            Definitions.loader(Map.of("ok", context -> CheckResult.of(Status.PASS, "ok")));

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path directory = Path.of(Objects.requireNonNull(ValidDefinitionsTest.class.getResource("/definitions/valid"))
                .toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static GateDefinition load(final String name) throws Exception {
        return LOADER.load(
                Path.of(Objects.requireNonNull(ValidDefinitionsTest.class.getResource("/definitions/valid/" + name))
                        .toURI()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldLoadEveryValidDefinition(final Path file) {
        // Given a valid definition, When it is loaded, Then there is no problem
        assertThatNoException().isThrownBy(() -> LOADER.load(file));
    }

    @Test
    void shouldApplyDefaultsToAMinimalDefinition() throws Exception {
        // Given a definition with only the required keys
        // When it is loaded
        GateDefinition gate = load("minimal.yaml");

        // Then every other setting has its documented default
        assertThat(gate.getName()).isEqualTo("orders release");
        assertThat(gate.getSource()).endsWith("minimal.yaml");
        assertThat(gate.getTimeout()).isEqualTo(GateDefinition.DEFAULT_TIMEOUT).isEqualTo(Duration.ofMinutes(10));
        assertThat(gate.getOnError()).isEqualTo(ErrorPolicy.FAIL);
        assertThat(gate.getApproval()).isEqualTo(ApprovalPolicy.defaults());
        assertThat(gate.getNotes()).isEmpty();
        assertThat(gate.getChecks()).singleElement().satisfies(check -> {
            assertThat(check.getId()).isEqualTo("orders-health");
            assertThat(check.getType().name()).isEqualTo(PlainCheckType.NAME);
            assertThat(check.isRequired()).isTrue();
            assertThat(check.getTimeout())
                    .isEqualTo(GateDefinitionLoader.DEFAULT_CHECK_TIMEOUT)
                    .isEqualTo(Duration.ofSeconds(60));
            assertThat(check.getDescription()).isNull();
            assertThat(check.getSettings()).isEmpty();
            assertThat(check.getLocation()).endsWith("minimal.yaml:4:9");
        });
        ApprovalPolicy approval = gate.getApproval();
        assertThat(approval.getApprovers()).isEmpty();
        assertThat(approval.getMinApprovals()).isEqualTo(1);
        assertThat(approval.isAllowSelfApproval()).isFalse();
        assertThat(approval.isExcludeChangeAuthors()).isTrue();
        assertThat(approval.getRequireComment()).isEqualTo(ApprovalPolicy.CommentRule.UNLESS_PASS);
        assertThat(approval.getOnFail()).isEqualTo(ApprovalPolicy.OnFail.BLOCK);
        assertThat(approval.getTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(approval.getOnTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.ABORT);
        assertThat(approval.getOnWorseEvidence()).isEqualTo(ApprovalPolicy.OnWorseEvidence.WAIT);
    }

    @Test
    void shouldReadEverySetting() throws Exception {
        // Given a definition that sets every key
        // When it is loaded
        GateDefinition gate = load("full.yaml");

        // Then each value is read as written
        assertThat(gate.getTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(gate.getOnError()).isEqualTo(ErrorPolicy.WARN);
        assertThat(gate.getExplicitKeys())
                .contains("version", "name", "description", "timeout", "onError", "checks", "approval");
        assertThat(gate.getChecks()).extracting(CheckDefinition::getId).containsExactly("orders-db", "orders.cache_1");

        CheckDefinition database = gate.getCheck("orders-db").orElseThrow();
        assertThat(database.getType().name()).isEqualTo(ScriptedCheckType.NAME);
        assertThat(database.getDescription()).isEqualTo("Database load");
        assertThat(database.getTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(database.getSettings()).containsExactly(Map.entry("script", "ok"));
        assertThat(database.getExplicitThresholds()).containsExactlyInAnyOrder("load", "freeSpace");
        assertThat(database.getThresholds().get(ScriptedCheckType.LOAD))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(60.0, 80.0);
        assertThat(database.getThresholds().get(ScriptedCheckType.FREE_SPACE))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(null, 500.0 * 1024 * 1024);

        CheckDefinition cache = gate.getCheck("orders.cache_1").orElseThrow();
        assertThat(cache.isRequired()).isFalse();
        assertThat(cache.getTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cache.getThresholds().asMap()).isEmpty();
        assertThat(cache.getExplicitKeys())
                .containsExactlyInAnyOrder("id", "type", "required", "timeout", "status", "summary");

        ApprovalPolicy approval = gate.getApproval();
        assertThat(approval.getApprovers()).containsExactly("ops", "release-managers");
        assertThat(approval.getMinApprovals()).isEqualTo(2);
        assertThat(approval.isExcludeChangeAuthors()).isTrue();
        assertThat(approval.getRequireComment()).isEqualTo(ApprovalPolicy.CommentRule.ALWAYS);
        assertThat(approval.getOnFail()).isEqualTo(ApprovalPolicy.OnFail.OVERRIDE);
        assertThat(approval.getOverriders()).containsExactly("ops-leads");
        assertThat(approval.getTimeout()).isEqualTo(Duration.ofHours(4));
        assertThat(approval.getOnTimeout()).isEqualTo(ApprovalPolicy.OnTimeout.FAIL);
        assertThat(approval.getOnWorseEvidence()).isEqualTo(ApprovalPolicy.OnWorseEvidence.FAIL);
        assertThat(gate.getExplicitApprovalKeys()).hasSize(10);
        assertThat(approval.describe())
                .isEqualTo(
                        "2 distinct approvals from ops, release-managers; the build's initiator may not "
                                + "approve, nor the change's authors; FAIL may be overridden with a justification; decide within 4h, then fail");
    }

    @Test
    void shouldKeepTheTypeDefaultsOfMetricsNotSet() throws Exception {
        // Given an httpHealth check with a latency threshold and one without
        // When the definition is loaded
        GateDefinition gate = load("http.yaml");

        // Then the set threshold applies to one and the type's default to the other
        assertThat(gate.getCheck("orders-health").orElseThrow().getThresholds().get(HttpHealthCheckType.LATENCY))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(0.5, 2.0);
        assertThat(gate.getCheck("orders-head").orElseThrow().getThresholds().get(HttpHealthCheckType.LATENCY))
                .extracting(Threshold::warn, Threshold::fail)
                .containsExactly(1.0, 5.0);
        assertThat(gate.getCheck("orders-head").orElseThrow().getExplicitThresholds())
                .isEmpty();
    }

    @Test
    void shouldFindTheBuiltInCheckTypes() {
        // Given the check types registered with the service loader
        // When they are discovered
        CheckTypes types = CheckTypes.discover();

        // Then the built-in types are found by name
        assertThat(types.names()).contains("httpHealth");
        assertThat(types.get("httpHealth")).get().isInstanceOf(HttpHealthCheckType.class);
        assertThat(types.get("nope")).isEmpty();
        assertThat(types.all())
                .allSatisfy(type -> assertThat(type.description()).isNotBlank());
    }

    @Test
    void shouldRefuseTwoTypesOfTheSameName() {
        // Given two different types with one name
        PlainCheckType plain = new PlainCheckType();
        CheckType impostor = new CheckType() {
            @Override
            public String name() {
                return PlainCheckType.NAME;
            }

            @Override
            public String description() {
                return "pretends to be plain";
            }

            @Override
            public Check create(final Settings settings) {
                return context -> CheckResult.of(Status.FAIL, "impostor");
            }
        };

        // When they are registered, Then that is refused, naming both classes
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CheckTypes(List.of(plain, impostor)))
                .withMessageContaining("'plain'")
                .withMessageContaining(PlainCheckType.class.getName());
    }
}
