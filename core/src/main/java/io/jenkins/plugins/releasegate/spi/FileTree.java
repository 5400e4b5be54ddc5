package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A read-only tree of files as a host's API shows it, such as a repository at one revision read without a
 * checkout. It answers plain questions about normalized paths ({@code /} separators, no {@code .} or {@code ..}
 * segments, empty for the root); {@link FileTreeWorkspaceFiles} holds the rules that make it a
 * {@link WorkspaceFiles}: which paths may be used, links, sizes and listing.
 */
public interface FileTree {
    /** What an entry of the tree is. */
    enum Type {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link; where it leads is not known. */
        LINK,
        /** Something else, such as a submodule. */
        OTHER,
        /** Nothing at that path. */
        MISSING
    }

    /**
     * Describes the tree for messages, such as the repository and its revision.
     *
     * @return the description
     */
    String describe();

    /**
     * Returns what is at a path, without following a link.
     *
     * @param path a normalized path; empty for the root
     * @return the type
     * @throws IOException if the tree cannot be read
     * @throws InterruptedException if interrupted
     */
    Type type(String path) throws IOException, InterruptedException;

    /**
     * Returns the names of a directory's entries.
     *
     * @param directory a normalized path of a directory; empty for the root
     * @return the entries' names, without a path
     * @throws IOException if the tree cannot be read
     * @throws InterruptedException if interrupted
     */
    List<String> children(String directory) throws IOException, InterruptedException;

    /**
     * Opens a regular file; the caller closes the stream and reads only as much as it takes.
     *
     * @param file a normalized path of a regular file
     * @return the content
     * @throws IOException if the tree cannot be read
     * @throws InterruptedException if interrupted
     */
    InputStream open(String file) throws IOException, InterruptedException;
}
