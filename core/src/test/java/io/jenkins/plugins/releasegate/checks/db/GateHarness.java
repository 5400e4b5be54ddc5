package io.jenkins.plugins.releasegate.checks.db;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Measurement;
import io.jenkins.plugins.releasegate.spi.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a one-check gate definition end to end, through the loader and the runner, with one user name and
 * password as the credentials.
 */
final class GateHarness {
    private final List<String> log = new ArrayList<>();

    static GateHarness create() {
        return new GateHarness();
    }

    /**
     * Runs a dbLoad check.
     *
     * @param checkYaml the check's keys after {@code type: dbLoad}, indented by four spaces
     * @param user the user name of the credentials
     * @param password the password of the credentials
     * @return the check's result
     */
    CheckResult run(final String checkYaml, final String user, final String password) throws Exception {
        return runGate(checkYaml, user, password).getChecks().get(0).result();
    }

    /**
     * Runs a dbLoad check and returns the gate's result, from which reports are written.
     *
     * @param checkYaml the check's keys after {@code type: dbLoad}, indented by four spaces
     * @param user the user name of the credentials
     * @param password the password of the credentials
     * @return the gate's result
     */
    GateResult runGate(final String checkYaml, final String user, final String password) throws Exception {
        String yaml = "version: 1\nname: database load\nchecks:\n  - id: db\n    type: dbLoad\n" + checkYaml;
        GateDefinition definition = new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "gate.yaml");
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> Credentials.usernamePassword(id, user, Secret.of(password)))
                .log(log::add)
                .build();
        return new GateRunner().run(definition, environment, GateListener.none());
    }

    List<String> log() {
        return log;
    }

    static Optional<Measurement> measurement(final CheckResult result, final String metric) {
        return result.getMeasurements().stream()
                .filter(measurement -> measurement.name().equals(metric))
                .findFirst();
    }

    static double value(final CheckResult result, final String metric) {
        return measurement(result, metric)
                .orElseThrow(() -> new AssertionError(metric + " was not measured: " + result.getMeasurements()))
                .value();
    }
}
