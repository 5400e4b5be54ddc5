package io.jenkins.plugins.releasegate.checks.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.CheckOutcome;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a gate with one {@code alerts} check through the definition loader the command line uses (every check
 * type found on the class path) and runs it through the gate runner.
 */
final class AlertGates {
    private static final Duration SAFETY_NET = Duration.ofSeconds(90);

    private AlertGates() {}

    /**
     * Loads a gate whose only check has the given keys.
     *
     * @param checkKeys the keys of the check besides id and type, as YAML lines without indentation
     * @return the definition
     * @throws InvalidDefinitionException if the definition has problems
     */
    static GateDefinition load(final String checkKeys) throws InvalidDefinitionException {
        String yaml = "version: 1\nname: orders release\nchecks:\n  - id: no-critical-alerts\n    type: alerts\n"
                + checkKeys.strip().indent(4);
        return new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "gate.yaml");
    }

    /**
     * Loads and runs a gate whose only check has the given keys.
     *
     * @param checkKeys the keys of the check, as YAML lines without indentation
     * @param environment the gate's environment, with its credentials
     * @return the check's result
     * @throws Exception if the definition is invalid
     */
    static CheckResult run(final String checkKeys, final GateEnvironment environment) throws Exception {
        GateDefinition definition = load(checkKeys);
        GateResult result = assertTimeoutPreemptively(
                SAFETY_NET, () -> new GateRunner().run(definition, environment, GateListener.none()));
        CheckOutcome outcome = result.getChecks().get(0);
        assertThat(result.getVerdict()).isEqualTo(outcome.status());
        return outcome.result();
    }

    /**
     * Loads and runs a gate whose only check has the given keys, without credentials.
     *
     * @param checkKeys the keys of the check, as YAML lines without indentation
     * @return the check's result
     * @throws Exception if the definition is invalid
     */
    static CheckResult run(final String checkKeys) throws Exception {
        return run(checkKeys, GateEnvironment.builder().build());
    }

    /**
     * Returns the value of a measurement.
     *
     * @param result the result
     * @param metric the metric
     * @return the value
     */
    static double value(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst()
                .map(Measurement::value)
                .orElseThrow(() -> new AssertionError(metric + " was not measured: " + result.getMeasurements()));
    }

    /**
     * Returns the summary, details and measurement names of a result as one text.
     *
     * @param result the result
     * @return the text
     */
    static String everything(final CheckResult result) {
        List<String> texts = new ArrayList<>();
        texts.add(result.getSummary());
        texts.addAll(result.getDetails());
        result.getMeasurements().forEach(measurement -> texts.add(measurement.name()));
        return String.join("\n", texts);
    }
}
