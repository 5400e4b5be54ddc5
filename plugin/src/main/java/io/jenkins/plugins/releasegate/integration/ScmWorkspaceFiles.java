package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.FileTreeWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.IOException;
import java.util.List;
import jenkins.scm.api.SCMFileSystem;

/**
 * The files of the repository a Pipeline was loaded from, at the build's revision, as the checks of a gate outside
 * {@code node} see them. The repository is opened when a check first asks for a file, so that a gate whose checks
 * read no file costs the SCM nothing; it is then kept for the checks of that run.
 */
public final class ScmWorkspaceFiles implements WorkspaceFiles {
    private final PipelineScm scm;

    @CheckForNull
    private WorkspaceFiles opened;

    /**
     * Creates the view.
     *
     * @param scm the SCM the build's Pipeline was loaded from
     */
    public ScmWorkspaceFiles(final PipelineScm scm) {
        this.scm = scm;
    }

    /**
     * Opens the repository at the build's revision as workspace files.
     *
     * @param scm the SCM the build's Pipeline was loaded from
     * @param fileSystem the repository opened by {@link PipelineScm#open()}
     * @return the files, with the path rules, bounds and link refusal of core's file trees
     */
    public static WorkspaceFiles of(final PipelineScm scm, final SCMFileSystem fileSystem) {
        return new FileTreeWorkspaceFiles(new ScmFileTree(fileSystem, scm.describe(fileSystem)));
    }

    @Override
    public String describe() {
        WorkspaceFiles files;
        synchronized (this) {
            files = opened;
        }
        return files == null ? scm.describe() : files.describe();
    }

    @Override
    public boolean isFile(final String path) throws IOException, InterruptedException {
        return files().isFile(path);
    }

    @Override
    public boolean isDirectory(final String path) throws IOException, InterruptedException {
        return files().isDirectory(path);
    }

    @Override
    public String read(final String path, final int maxBytes) throws IOException, InterruptedException {
        return files().read(path, maxBytes);
    }

    @Override
    public List<String> list(final String directory, final String pattern) throws IOException, InterruptedException {
        return files().list(directory, pattern);
    }

    private synchronized WorkspaceFiles files() throws IOException, InterruptedException {
        if (opened == null) {
            SCMFileSystem fileSystem = scm.open();
            if (fileSystem == null) {
                throw new IOException(Messages.ScmWorkspaceFiles_noFileSystem(scm.describe()));
            }
            opened = of(scm, fileSystem);
        }
        return opened;
    }
}
