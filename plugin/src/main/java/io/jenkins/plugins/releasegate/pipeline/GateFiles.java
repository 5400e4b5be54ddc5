package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.integration.FilePathWorkspaceFiles;
import io.jenkins.plugins.releasegate.integration.PipelineScm;
import io.jenkins.plugins.releasegate.integration.ScmWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import jenkins.scm.api.SCMFileSystem;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Where a gate in a build reads its files: inside {@code node}, the workspace; outside {@code node}, the repository
 * the Pipeline was loaded from, at the build's revision, without a workspace (so the gate waits without holding an
 * executor). A Pipeline whose script is written in the job, or whose SCM cannot be read without a checkout, has no
 * such repository: a definition there ends the step with a sentence saying what to do.
 */
final class GateFiles {
    private GateFiles() {}

    /**
     * Reads the text of the definition the step names.
     *
     * @param context the step's context
     * @param path the definition's path, relative to the workspace or repository root
     * @return the text and a log line saying where it was read and whether the wait holds an executor
     * @throws AbortException with a sentence saying what to do, if it cannot be read
     * @throws IOException if the build is gone
     * @throws InterruptedException if interrupted
     */
    static Definition readDefinition(final StepContext context, final String path)
            throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace != null) {
            String text = read(new FilePathWorkspaceFiles(workspace), path);
            return new Definition(
                    text, Messages.GateFiles_fromWorkspace(path, workspace.getRemote(), nodeOf(workspace)));
        }
        PipelineScm scm = PipelineScm.of(context.get(Run.class))
                .orElseThrow(() -> new AbortException(Messages.GateFiles_scriptInJob(path)));
        try (SCMFileSystem fileSystem = scm.open()) {
            if (fileSystem == null) {
                throw new AbortException(Messages.GateFiles_noFileSystem(path, scm.describe()));
            }
            WorkspaceFiles files = ScmWorkspaceFiles.of(scm, fileSystem);
            if (!isFile(files, path)) {
                throw new AbortException(Messages.GateFiles_notInRepository(path, files.describe()));
            }
            return new Definition(read(files, path), Messages.GateFiles_fromScm(path, files.describe()));
        }
    }

    /**
     * The files the checks read: the workspace inside {@code node}, else the repository the Pipeline was loaded
     * from at the build's revision, else none (a check that needs files reports ERROR).
     *
     * @param context the step's context
     * @return the files, or {@code null}
     * @throws IOException if the build is gone
     * @throws InterruptedException if interrupted
     */
    @CheckForNull
    static WorkspaceFiles forChecks(final StepContext context) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace != null) {
            return new FilePathWorkspaceFiles(workspace);
        }
        return PipelineScm.of(context.get(Run.class))
                .<WorkspaceFiles>map(ScmWorkspaceFiles::new)
                .orElse(null);
    }

    private static boolean isFile(final WorkspaceFiles files, final String path)
            throws AbortException, InterruptedException {
        try {
            return files.isFile(path);
        } catch (IOException exception) {
            throw new AbortException(exception.getMessage());
        }
    }

    private static String read(final WorkspaceFiles files, final String path)
            throws AbortException, InterruptedException {
        try {
            return GateDefinitionLoader.readText(files, path);
        } catch (IOException exception) {
            throw new AbortException(exception.getMessage());
        }
    }

    private static String nodeOf(final FilePath workspace) {
        Computer computer = workspace.toComputer();
        return computer == null ? "?" : computer.getDisplayName();
    }

    /**
     * A definition's text and where it was read.
     *
     * @param text the definition's text
     * @param logLine the build log's line saying where it was read and whether the wait holds an executor
     */
    record Definition(String text, String logLine) {}
}
