package io.jenkins.plugins.releasegate.testing;

import io.jenkins.plugins.releasegate.checks.checklist.ChecklistCheckType;
import io.jenkins.plugins.releasegate.checks.http.HttpHealthCheckType;
import io.jenkins.plugins.releasegate.checks.prometheus.PrometheusCheckType;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.spi.Check;
import java.util.List;
import java.util.Map;

/**
 * Loads gate definitions written in tests, with the check types {@value PlainCheckType#NAME},
 * {@value ScriptedCheckType#NAME}, {@code httpHealth} and {@code prometheus}.
 */
public final class Definitions {
    private Definitions() {}

    /**
     * Returns the check types used by tests.
     *
     * @param scripts the scripted checks by name
     * @return the types
     */
    public static CheckTypes types(final Map<String, Check> scripts) {
        return new CheckTypes(List.of(
                new PlainCheckType(),
                new ScriptedCheckType(scripts),
                new HttpHealthCheckType(),
                new ChecklistCheckType(),
                new PrometheusCheckType()));
    }

    /**
     * Returns a loader for the check types used by tests.
     *
     * @param scripts the scripted checks by name
     * @return the loader
     */
    public static GateDefinitionLoader loader(final Map<String, Check> scripts) {
        return new GateDefinitionLoader(types(scripts));
    }

    /**
     * Loads a definition that must be valid.
     *
     * @param yaml the definition
     * @param scripts the scripted checks by name
     * @return the definition
     * @throws IllegalArgumentException listing the problems if it is not valid
     */
    public static GateDefinition load(final String yaml, final Map<String, Check> scripts) {
        try {
            return loader(scripts).load(yaml, "gate.yaml");
        } catch (InvalidDefinitionException exception) {
            throw new IllegalArgumentException(exception.getMessage(), exception);
        }
    }

    /**
     * Loads a definition that must be valid and uses no scripted checks.
     *
     * @param yaml the definition
     * @return the definition
     */
    public static GateDefinition load(final String yaml) {
        return load(yaml, Map.of());
    }
}
