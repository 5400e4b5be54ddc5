package io.jenkins.plugins.releasegate.integration;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * The build's workspace as the checks see it, read through {@link FilePath} so that it works on agents.
 * Paths that leave the workspace, directly or through a symbolic link, are refused; only regular files are read,
 * and only up to the reader's limit.
 */
public final class FilePathWorkspaceFiles implements WorkspaceFiles {
    private final FilePath root;

    /**
     * Creates the workspace view.
     *
     * @param root the workspace directory
     */
    public FilePathWorkspaceFiles(final FilePath root) {
        this.root = root;
    }

    @Override
    public String describe() {
        return root.getRemote();
    }

    @Override
    public boolean isFile(final String path) throws IOException, InterruptedException {
        FilePath file = resolve(path);
        return file.exists() && !file.isDirectory();
    }

    @Override
    public boolean isDirectory(final String path) throws IOException, InterruptedException {
        FilePath directory = resolve(path);
        return directory.exists() && directory.isDirectory();
    }

    @Override
    public String read(final String path, final int maxBytes) throws IOException, InterruptedException {
        return resolve(path).act(new BoundedRead(path, maxBytes));
    }

    @Override
    public List<String> list(final String directory, final String pattern) throws IOException, InterruptedException {
        FilePath start = resolve(directory);
        if (!start.exists() || !start.isDirectory()) {
            return List.of();
        }
        String prefix = WorkspaceFiles.normalize(directory);
        List<String> paths = new ArrayList<>();
        for (FilePath file : start.list(pattern, null, false)) {
            String relative = relativeTo(start, file);
            String path = prefix.isEmpty() ? relative : prefix + "/" + relative;
            if (root.isDescendant(path)) {
                paths.add(path);
            }
        }
        paths.sort(null);
        return paths;
    }

    private FilePath resolve(final String path) throws IOException, InterruptedException {
        String normalized = WorkspaceFiles.normalize(path);
        if (!normalized.isEmpty() && !root.isDescendant(normalized)) {
            throw new IOException("'" + path + "' is outside the workspace " + root.getRemote()
                    + ": use a path relative to the workspace root that stays inside it");
        }
        return normalized.isEmpty() ? root : root.child(normalized);
    }

    /**
     * Reads a regular file where it is (on the agent), checking its type and size before opening it and
     * reading at most one byte past the limit: a FIFO, a device or a huge file is refused, not read.
     */
    private static final class BoundedRead extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        private final String path;
        private final int maxBytes;

        BoundedRead(final String path, final int maxBytes) {
            this.path = path;
            this.maxBytes = maxBytes;
        }

        @Override
        public String invoke(final File file, final VirtualChannel channel) throws IOException {
            return LocalWorkspaceFiles.readRegularFile(file.toPath(), path, maxBytes);
        }
    }

    private static String relativeTo(final FilePath start, final FilePath file) {
        String base = start.getRemote().replace('\\', '/');
        String full = file.getRemote().replace('\\', '/');
        String relative = full.startsWith(base) ? full.substring(base.length()) : file.getName();
        return relative.startsWith("/") ? relative.substring(1) : relative;
    }
}
