package io.jenkins.plugins.releasegate.testing;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;

/**
 * The check type {@value #NAME}, without thresholds: its check reports the {@code status} and
 * {@code summary} its definition names (default PASS, "as configured").
 */
public final class PlainCheckType implements CheckType {
    /** The type name. */
    public static final String NAME = "plain";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Reports the status its definition names";
    }

    @Override
    public Check create(final Settings settings) {
        Status status = settings.choice("status", Status.class, Status.PASS);
        String summary = settings.string("summary", "as configured");
        return context -> CheckResult.of(status, summary);
    }
}
