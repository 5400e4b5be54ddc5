package io.jenkins.plugins.releasegate.testing;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import io.jenkins.plugins.releasegate.spi.Unit;
import java.util.List;
import java.util.Map;

/**
 * The check type {@value #NAME}: a definition names a script with {@code script: <name>}, and the check runs
 * the {@link Check} the test registered under that name. It declares two metrics, {@value #LOAD} (a
 * percentage, higher is worse, warn 70%, fail 90%) and {@value #FREE_SPACE} (bytes, lower is worse, warn
 * 1GiB, fail 100MiB), so that definitions can set thresholds.
 */
public final class ScriptedCheckType implements CheckType {
    /** The type name. */
    public static final String NAME = "scripted";
    /** A metric where higher is worse. */
    public static final String LOAD = "load";
    /** A metric where lower is worse. */
    public static final String FREE_SPACE = "freeSpace";

    private final Map<String, Check> scripts;

    /**
     * Creates the type.
     *
     * @param scripts the checks by script name
     */
    public ScriptedCheckType(final Map<String, Check> scripts) {
        this.scripts = Map.copyOf(scripts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs a check written by the test";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(
                ThresholdSpec.above(LOAD, Unit.PERCENT, 70.0, 90.0, "how busy the system is"),
                ThresholdSpec.below(
                        FREE_SPACE, Unit.BYTES, 1024.0 * 1024 * 1024, 100.0 * 1024 * 1024, "free disk space"));
    }

    @Override
    public Check create(final Settings settings) {
        String script = settings.requiredString("script", "the name of a script registered by the test");
        Check check = scripts.get(script);
        if (check == null) {
            settings.problem("script", "no script named '" + script + "': known scripts are " + scripts.keySet());
            return context -> CheckResult.error("no script");
        }
        return check;
    }
}
