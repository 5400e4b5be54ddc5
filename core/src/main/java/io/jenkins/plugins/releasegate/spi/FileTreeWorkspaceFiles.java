package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of a {@link FileTree} as the checks see a workspace: the same path rules as a workspace (relative,
 * no {@code ..}), reads bounded like a workspace's, listing with the same Ant-style patterns. A tree's symbolic
 * links cannot be followed safely (where they lead is not known), so a path that is or passes through a link is
 * refused with a sentence, and links are never listed. A listing visits at most {@link #MAX_VISITED} entries.
 */
public final class FileTreeWorkspaceFiles implements WorkspaceFiles {
    /** The most entries one listing visits, so that a pattern over a huge repository costs a bounded amount. */
    public static final int MAX_VISITED = 10_000;

    private final FileTree tree;
    private final int maxVisited;

    /**
     * Creates the view.
     *
     * @param tree the tree
     */
    public FileTreeWorkspaceFiles(final FileTree tree) {
        this(tree, MAX_VISITED);
    }

    FileTreeWorkspaceFiles(final FileTree tree, final int maxVisited) {
        this.tree = tree;
        this.maxVisited = maxVisited;
    }

    @Override
    public String describe() {
        return tree.describe();
    }

    @Override
    public boolean isFile(final String path) throws IOException, InterruptedException {
        return typeOf(path) == FileTree.Type.FILE;
    }

    @Override
    public boolean isDirectory(final String path) throws IOException, InterruptedException {
        return typeOf(path) == FileTree.Type.DIRECTORY;
    }

    @Override
    public String read(final String path, final int maxBytes) throws IOException, InterruptedException {
        String normalized = WorkspaceFiles.normalize(path);
        FileTree.Type type = typeOf(path);
        switch (type) {
            case FILE -> {
                // no size is known before reading: take one byte past the limit at most
                try (InputStream input = tree.open(normalized)) {
                    byte[] bytes = input.readNBytes(maxBytes + 1);
                    if (bytes.length > maxBytes) {
                        throw new FileTooLargeException(path, maxBytes);
                    }
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            }
            case MISSING ->
                throw new NoSuchFileException(path, null, "not found in " + tree.describe() + ": check the path");
            case DIRECTORY ->
                throw new IOException(
                        "'" + path + "' is a directory; only regular files are read: point the setting at a file");
            default ->
                throw new IOException("'" + path + "' is not a regular file in " + tree.describe()
                        + "; only regular files are read: point the setting at a file");
        }
    }

    @Override
    public List<String> list(final String directory, final String pattern) throws IOException, InterruptedException {
        String start = WorkspaceFiles.normalize(directory);
        if (typeOf(directory) != FileTree.Type.DIRECTORY) {
            return List.of();
        }
        Pattern matcher = LocalWorkspaceFiles.antPattern(pattern);
        List<String> result = new ArrayList<>();
        Deque<String> directories = new ArrayDeque<>();
        directories.add(start);
        int visited = 0;
        while (!directories.isEmpty()) {
            String current = directories.removeFirst();
            for (String name : tree.children(current)) {
                visited++;
                if (visited > maxVisited) {
                    throw new IOException("'" + directory + "' in " + tree.describe() + " holds more than " + maxVisited
                            + " entries, the most a listing visits: point the setting at a smaller directory");
                }
                if (name.isEmpty() || ".".equals(name) || "..".equals(name) || name.contains("/")) {
                    continue; // not a name a tree may answer; never a way out
                }
                String child = current.isEmpty() ? name : current + "/" + name;
                FileTree.Type type = tree.type(child);
                if (type == FileTree.Type.DIRECTORY) {
                    directories.add(child);
                } else if (type == FileTree.Type.FILE) {
                    String relative = start.isEmpty() ? child : child.substring(start.length() + 1);
                    if (matcher.matcher(relative).matches()) {
                        result.add(child);
                    }
                }
            }
        }
        result.sort(null);
        return result;
    }

    /**
     * The type at a path after checking the path and every directory on the way: a link there is refused,
     * since where it leads is not known.
     */
    private FileTree.Type typeOf(final String path) throws IOException, InterruptedException {
        String normalized = WorkspaceFiles.normalize(path);
        if (normalized.isEmpty()) {
            return tree.type("");
        }
        String[] segments = normalized.split("/");
        StringBuilder walked = new StringBuilder();
        for (int index = 0; index < segments.length; index++) {
            if (index > 0) {
                walked.append('/');
            }
            walked.append(segments[index]);
            FileTree.Type type = tree.type(walked.toString());
            if (type == FileTree.Type.LINK) {
                throw new IOException("'" + path + "' "
                        + (index == segments.length - 1 ? "is" : "passes through")
                        + " the symbolic link '" + walked + "' in " + tree.describe()
                        + "; links are not followed there: point the setting at the file the link names");
            }
            if (type != FileTree.Type.DIRECTORY && index < segments.length - 1) {
                return FileTree.Type.MISSING;
            }
            if (index == segments.length - 1) {
                return type;
            }
        }
        return FileTree.Type.MISSING;
    }
}
