package io.jenkins.plugins.releasegate.definition;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * The text of a gate definition as it was read, and where it came from: kept by a host that must load the
 * definition again, such as after a restart, from the very text the gate started with.
 *
 * @param yaml the YAML text
 * @param source where it came from, for messages, such as {@code release-gate.yaml} or {@code profile production}
 */
public record DefinitionText(String yaml, String source) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the text.
     */
    public DefinitionText {
        Objects.requireNonNull(yaml);
        Objects.requireNonNull(source);
    }
}
