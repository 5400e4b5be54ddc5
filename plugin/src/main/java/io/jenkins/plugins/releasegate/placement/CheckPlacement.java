package io.jenkins.plugins.releasegate.placement;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.Channel;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.DefinitionText;
import io.jenkins.plugins.releasegate.gate.GateHost;
import io.jenkins.plugins.releasegate.gate.PortableCheckRun;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Decides where a step's checks run and runs them there, for {@link GateHost#runChecks}. Inside a {@code node}
 * block whose agent is connected, on that agent, as the build's own steps do ({@link AgentCheckRun}): the
 * network access belongs there, and no allow-list applies. Outside {@code node}, or when the agent is gone, on
 * the controller, and only against the hosts {@link ReleaseGateConfiguration} allows.
 */
public final class CheckPlacement {
    private final StepContext context;
    private final String logPrefix;
    private final Consumer<String> log;

    /**
     * Creates the placement of one step's checks.
     *
     * @param context the step's context: where its build runs, and its log
     * @param logPrefix the prefix of the gate's lines in the build log
     * @param log writes a line to the gate's log on the controller
     */
    public CheckPlacement(final StepContext context, final String logPrefix, final Consumer<String> log) {
        this.context = context;
        this.logPrefix = logPrefix;
        this.log = log;
    }

    /** Runs checks in this JVM, as {@link GateHost#runChecks}'s default does. */
    @FunctionalInterface
    public interface HereRunner {
        /**
         * Runs the checks here.
         *
         * @param environment the environment, with the controller's host guard
         * @return the result
         * @throws InterruptedException if interrupted
         */
        GateResult run(GateEnvironment environment) throws InterruptedException;
    }

    /**
     * Runs checks where they belong.
     *
     * @param profile the ops profile the definition was loaded from, {@code null} if none
     * @param repository the repository's definition, {@code null} if none
     * @param checks the checks to run
     * @param environment the environment the host built for them
     * @param controller runs them on the controller
     * @return the result
     * @throws InterruptedException if interrupted; checks running on the agent are interrupted too
     * @throws IllegalStateException with a sentence, if the agent could not run them
     */
    public GateResult run(
            @CheckForNull final DefinitionText profile,
            @CheckForNull final DefinitionText repository,
            final List<CheckDefinition> checks,
            final GateEnvironment environment,
            final HereRunner controller)
            throws InterruptedException {
        FilePath workspace = workspace();
        if (workspace == null) {
            log.accept(Messages.CheckPlacement_onController(checks.size()));
            return controller.run(
                    environment.withHostGuard(ReleaseGateConfiguration.get().controllerGuard()));
        }
        VirtualChannel channel = workspace.getChannel();
        if (channel instanceof Channel remote && remote.isClosingOrClosed()) {
            log.accept(Messages.CheckPlacement_agentGone(checks.size(), nodeName(workspace)));
            return controller.run(
                    environment.withHostGuard(ReleaseGateConfiguration.get().controllerGuard()));
        }
        String node = nodeName(workspace);
        log.accept(Messages.CheckPlacement_onNode(checks.size(), node));
        try {
            byte[] run = PortableCheckRun.of(profile, repository, checks, environment)
                    .toBytes();
            // The checks are loaded afresh on the agent and keep nothing from the first run there, so the run
            // that confirms an approval gets the workspace too while its node block holds it: a check that read
            // a file in the first run (changeWindow's holiday calendar) reads it again instead of failing.
            byte[] result = channel.call(new AgentCheckRun(
                    run,
                    workspace.getRemote(),
                    context.get(TaskListener.class),
                    logPrefix,
                    Jenkins.get().getPluginManager().uberClassLoader));
            return PortableCheckRun.resultFromBytes(result);
        } catch (IOException exception) {
            if (Thread.currentThread().isInterrupted() || interruptedHere(exception)) {
                // a restart or a cancellation interrupted the run, not a failure of the agent: the session says so
                InterruptedException interrupted = new InterruptedException("The checks were interrupted on " + node);
                interrupted.initCause(exception);
                throw interrupted;
            }
            throw new IllegalStateException(Messages.CheckPlacement_agentFailed(node, describe(exception)), exception);
        }
    }

    /** Returns the workspace of the enclosing {@code node} block, {@code null} outside one or once it is gone. */
    @CheckForNull
    private FilePath workspace() throws InterruptedException {
        try {
            return context.get(FilePath.class);
        } catch (IOException exception) {
            return null;
        }
    }

    private static String nodeName(final FilePath workspace) {
        Computer computer = workspace.toComputer();
        if (computer == null) {
            return "?";
        }
        String name = computer.getName();
        return name.isEmpty() ? Jenkins.get().getSelfLabel().getName() : name;
    }

    /** Whether the run was interrupted on this JVM, as the built-in node's channel reports it. */
    private static boolean interruptedHere(final IOException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(final Throwable throwable) {
        Throwable cause = throwable;
        while (cause.getCause() != null
                && (cause.getMessage() == null || cause.getMessage().isBlank())) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
