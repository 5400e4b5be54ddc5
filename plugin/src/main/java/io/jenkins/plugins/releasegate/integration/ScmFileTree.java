package io.jenkins.plugins.releasegate.integration;

import io.jenkins.plugins.releasegate.spi.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jenkins.scm.api.SCMFile;
import jenkins.scm.api.SCMFileSystem;

/**
 * A repository at one revision as scm-api's {@link SCMFileSystem} shows it, without a checkout. It only translates
 * {@link SCMFile}s; core's {@link io.jenkins.plugins.releasegate.spi.FileTreeWorkspaceFiles} holds the rules.
 * Entries found by listing a directory are kept, so that the types the SCM answered along are not asked again.
 */
public final class ScmFileTree implements FileTree {
    private final SCMFileSystem fileSystem;
    private final String description;
    private final Map<String, SCMFile> known = new HashMap<>();

    /**
     * Creates the tree.
     *
     * @param fileSystem the open file system; the caller closes it
     * @param description the repository and revision, for messages
     */
    public ScmFileTree(final SCMFileSystem fileSystem, final String description) {
        this.fileSystem = fileSystem;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Type type(final String path) throws IOException, InterruptedException {
        return switch (file(path).getType()) {
            case REGULAR_FILE -> Type.FILE;
            case DIRECTORY -> Type.DIRECTORY;
            case LINK -> Type.LINK;
            case OTHER -> Type.OTHER;
            case NONEXISTENT -> Type.MISSING;
        };
    }

    @Override
    public List<String> children(final String directory) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (SCMFile child : file(directory).children()) {
            String name = child.getName();
            names.add(name);
            synchronized (known) {
                known.put(directory.isEmpty() ? name : directory + "/" + name, child);
            }
        }
        return names;
    }

    @Override
    public InputStream open(final String file) throws IOException, InterruptedException {
        return file(file).content();
    }

    private SCMFile file(final String path) {
        if (path.isEmpty()) {
            return fileSystem.getRoot();
        }
        synchronized (known) {
            return known.computeIfAbsent(path, fileSystem::child);
        }
    }
}
