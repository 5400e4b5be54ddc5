package io.jenkins.plugins.releasegate.placement;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.DelegatingCallable;
import io.jenkins.plugins.releasegate.gate.PortableCheckRun;
import io.jenkins.plugins.releasegate.integration.FilePathWorkspaceFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.GateLog;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs a gate's checks on the agent of the enclosing {@code node} block. It carries the run as bytes written by
 * core ({@link PortableCheckRun}: the definition's texts, the check ids, the resolved credentials the checks
 * name), the workspace's path on the agent, and the build's listener, whose log the checks' lines go to; it
 * brings the result back as bytes. Bytes, strings and the listener are all that cross the channel, so neither
 * side's class filter has to accept a Release Gate class.
 *
 * <p>The classes come from the controller's class loader of all plugins, so check types of other plugins are
 * found on the agent too.</p>
 */
final class AgentCheckRun extends MasterToSlaveCallable<byte[], IOException>
        implements DelegatingCallable<byte[], IOException> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the bytes hold secrets; they only ever cross the channel, never a disk or a log
    private final byte[] run;

    @CheckForNull
    private final String workspace;

    private final TaskListener listener;
    private final String logPrefix;

    /** The class loader the classes come from, on the controller; {@code null} once on the agent. */
    @CheckForNull
    private final transient ClassLoader classLoader;

    AgentCheckRun(
            final byte[] run,
            @CheckForNull final String workspace,
            final TaskListener listener,
            final String logPrefix,
            final ClassLoader classLoader) {
        this.run = run.clone();
        this.workspace = workspace;
        this.listener = listener;
        this.logPrefix = logPrefix;
        this.classLoader = classLoader;
    }

    @Override
    @CheckForNull
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public byte[] call() throws IOException {
        ClassLoader checkTypes =
                classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        PrintStream logger = listener.getLogger();
        try {
            GateResult result = PortableCheckRun.fromBytes(run)
                    .run(
                            checkTypes,
                            workspace == null ? null : new FilePathWorkspaceFiles(new FilePath(new File(workspace))),
                            GateLog.prefixed(logger, logPrefix));
            return PortableCheckRun.resultToBytes(result);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IOException("The release gate's checks were interrupted on this agent", exception);
        } finally {
            logger.flush();
        }
    }
}
