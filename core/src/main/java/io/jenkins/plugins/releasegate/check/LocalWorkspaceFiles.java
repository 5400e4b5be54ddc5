package io.jenkins.plugins.releasegate.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Workspace files in a local directory, as the CLI sees the repository it runs in. Paths that would
 * leave the directory, directly or through a symbolic link, are refused.
 */
public final class LocalWorkspaceFiles implements WorkspaceFiles {
    private final Path root;

    /**
     * Creates the workspace.
     *
     * @param root the workspace directory
     * @throws IOException if the directory cannot be resolved
     */
    public LocalWorkspaceFiles(final Path root) throws IOException {
        this.root = root.toRealPath();
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public boolean isFile(final String path) throws IOException {
        Path file = resolve(path);
        return Files.isRegularFile(file) && isInside(file);
    }

    @Override
    public boolean isDirectory(final String path) throws IOException {
        Path directory = resolve(path);
        return Files.isDirectory(directory) && isInside(directory);
    }

    @Override
    public String read(final String path) throws IOException {
        Path file = resolve(path);
        if (!isInside(file)) {
            throw new IOException("'" + path + "' leaves the workspace " + root + " through a link; refusing to read it");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> list(final String directory, final String pattern) throws IOException {
        Path start = resolve(directory);
        if (!Files.isDirectory(start) || !isInside(start)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher topLevel = pattern.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : null;
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        try {
                            return isInside(file);
                        }
                        catch (IOException exception) {
                            return false;
                        }
                    })
                    .filter(file -> {
                        Path relative = start.relativize(file);
                        return matcher.matches(relative) || topLevel != null && topLevel.matches(relative);
                    })
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private Path resolve(final String path) throws IOException {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IOException("'" + path + "' is outside the workspace " + root + ": use a path relative to the workspace root");
        }
        return resolved;
    }

    private boolean isInside(final Path path) throws IOException {
        return !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || path.toRealPath().startsWith(root);
    }
}
