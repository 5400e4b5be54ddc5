package io.jenkins.plugins.releasegate.definition;

import java.util.Objects;

/**
 * A named ops profile as configured: its name and its base gate definition (YAML).
 *
 * @param name the profile's name, such as {@code production}
 * @param yaml the base gate definition
 */
public record ProfileText(String name, String yaml) {
    /**
     * Creates the profile.
     */
    public ProfileText {
        Objects.requireNonNull(name);
        Objects.requireNonNull(yaml);
    }

    /**
     * Returns where this profile's definition comes from in messages: {@code profile NAME}.
     *
     * @return the source
     */
    public String source() {
        return Profiles.source(name);
    }

    /**
     * Returns the definition text to load, with its source.
     *
     * @return the text
     */
    public DefinitionText definition() {
        return new DefinitionText(yaml, source());
    }
}
