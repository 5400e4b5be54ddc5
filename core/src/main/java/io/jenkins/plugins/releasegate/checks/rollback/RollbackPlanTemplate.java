package io.jenkins.plugins.releasegate.checks.rollback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The commented template of a rollback plan that {@code release-gate rollback-plan init} writes. Every
 * value a team must decide is a {@code TODO} placeholder, and a plan that still holds one fails
 * validation, so that an unedited template never passes the gate.
 */
public final class RollbackPlanTemplate {
    /** Where the plan is looked for unless the check names another path. */
    public static final String DEFAULT_PATH = ".release/rollback.yaml";

    private static final String RESOURCE = "rollback-plan-template.yaml";

    private RollbackPlanTemplate() {}

    /**
     * Returns the template text.
     *
     * @return the YAML text, with comments
     */
    public static String text() {
        try (InputStream stream = RollbackPlanTemplate.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new IllegalStateException(
                        "The rollback plan template " + RESOURCE + " is missing from the release-gate-core jar");
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException exception) {
            throw new UncheckedIOException("Cannot read the rollback plan template " + RESOURCE, exception);
        }
    }
}
