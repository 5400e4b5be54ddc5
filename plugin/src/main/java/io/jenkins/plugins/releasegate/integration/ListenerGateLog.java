package io.jenkins.plugins.releasegate.integration;

import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.spi.GateLog;
import io.jenkins.plugins.releasegate.spi.PrintableText;

/**
 * Writes the gate's progress lines to the build log, each prefixed with the gate, so that lines of
 * gates running in parallel stay apart. Control and format characters are replaced (see
 * {@link PrintableText}), so that remote data cannot write console notes, colours or reordered text.
 */
public final class ListenerGateLog implements GateLog {
    private final TaskListener listener;
    private final String prefix;

    /**
     * Creates the log.
     *
     * @param listener the build's listener
     * @param gateId the gate's id, shown in the prefix
     */
    public ListenerGateLog(final TaskListener listener, final String gateId) {
        this.listener = listener;
        this.prefix = "[release-gate " + gateId + "] ";
    }

    @Override
    public void info(final String line) {
        synchronized (listener) {
            for (String part : PrintableText.of(line).split("\n", -1)) {
                listener.getLogger().println(prefix + part);
            }
        }
    }
}
