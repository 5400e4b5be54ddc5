package io.jenkins.plugins.releasegate;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Status;

/**
 * A check type of the plugin tests only, registered in the tests' {@code META-INF/services}: its check answers
 * the id of the process it runs in, so that a test can tell the controller's JVM from an agent's. Found on an
 * agent only if the agent loads check types from the controller's class loader of all plugins.
 */
public final class WhereChecksRunType implements io.jenkins.plugins.releasegate.spi.CheckType {
    /** The start of the summary, before the process id. */
    static final String RAN_IN_PROCESS = "ran in process ";

    @Override
    public String name() {
        return "whereChecksRun";
    }

    @Override
    public String description() {
        return "Answers the process the check runs in (plugin tests only)";
    }

    @Override
    public Check create(final Settings settings) {
        return context -> CheckResult.of(
                Status.PASS, RAN_IN_PROCESS + ProcessHandle.current().pid());
    }
}
