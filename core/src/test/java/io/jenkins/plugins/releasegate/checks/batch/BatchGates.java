package io.jenkins.plugins.releasegate.checks.batch;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CredentialsResolver;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Loads a gate with one {@code batchHealth} check through the definition loader and runs it through the
 * gate runner, as the CLI and the plugin do.
 */
final class BatchGates {
    private BatchGates() {}

    /**
     * Loads a gate whose only check has the given keys.
     *
     * @param checkKeys the keys of the check besides id and type, as YAML lines without indentation
     * @return the definition
     * @throws InvalidDefinitionException if the definition has problems
     */
    static GateDefinition load(final String checkKeys) throws InvalidDefinitionException {
        StringBuilder yaml =
                new StringBuilder("version: 1\nname: batch release\nchecks:\n  - id: batch\n    type: batchHealth\n");
        checkKeys
                .strip()
                .lines()
                .forEach(line -> yaml.append("    ").append(line).append('\n'));
        return new GateDefinitionLoader(CheckTypes.discover()).load(yaml.toString(), "gate.yaml");
    }

    /**
     * Loads and runs a gate whose only check has the given keys.
     *
     * @param checkKeys the keys of the check, as YAML lines without indentation
     * @param clock the clock of the run
     * @param credentials the credentials
     * @param log where the gate's log lines go
     * @return the check's result
     * @throws Exception if the definition is invalid or the run is interrupted
     */
    static CheckResult run(
            final String checkKeys, final Clock clock, final CredentialsResolver credentials, final List<String> log)
            throws Exception {
        GateDefinition definition = load(checkKeys);
        GateEnvironment environment = GateEnvironment.builder()
                .clock(clock)
                .credentials(credentials)
                .log(log::add)
                .build();
        return new GateRunner()
                .run(definition, environment, GateListener.none())
                .getChecks()
                .get(0)
                .result();
    }

    /**
     * Loads and runs a gate whose only check has the given keys.
     *
     * @param checkKeys the keys of the check, as YAML lines without indentation
     * @param clock the clock of the run
     * @param credentials the credentials
     * @return the check's result
     * @throws Exception if the definition is invalid or the run is interrupted
     */
    static CheckResult run(final String checkKeys, final Clock clock, final CredentialsResolver credentials)
            throws Exception {
        return run(checkKeys, clock, credentials, Collections.synchronizedList(new ArrayList<>()));
    }
}
