package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Workspace files in a local directory, as the CLI sees the repository it runs in. Paths that would
 * leave the directory, directly or through a symbolic link, are refused, and such links are not listed.
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
    public String read(final String path, final int maxBytes) throws IOException {
        Path file = resolve(path);
        if (!isInside(file)) {
            throw new IOException(
                    "'" + path + "' leaves the workspace " + root + " through a link; refusing to read it");
        }
        return readRegularFile(file, path, maxBytes);
    }

    /**
     * Reads a regular file as UTF-8 text, as {@link WorkspaceFiles#read(String, int)} describes: the type
     * and size are checked first, and at most {@code maxBytes + 1} bytes are read. Hosts that read a
     * workspace elsewhere (such as on a Jenkins agent) use it there.
     *
     * @param file the file
     * @param shown the file as the user knows it, for messages
     * @param maxBytes the most bytes taken
     * @return the content
     * @throws FileTooLargeException if the file is larger than {@code maxBytes}
     * @throws IOException if it is not a regular file or cannot be read
     */
    public static String readRegularFile(final Path file, final String shown, final int maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("'" + shown + "' is "
                    + (attributes.isDirectory() ? "a directory" : "not a regular file (a FIFO, socket or device)")
                    + "; only regular files are read: point the setting at a file");
        }
        if (attributes.size() > maxBytes) {
            throw new FileTooLargeException(shown, maxBytes);
        }
        try (InputStream input = Files.newInputStream(file)) {
            byte[] bytes = input.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(shown, maxBytes); // it grew while it was read
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public List<String> list(final String directory, final String pattern) throws IOException {
        Path start = resolve(directory);
        if (!Files.isDirectory(start) || !isInside(start)) {
            return List.of();
        }
        Pattern matcher = antPattern(pattern);
        List<String> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)
                        && matcher.matcher(start.relativize(file).toString().replace('\\', '/'))
                                .matches()
                        && isInside(file)) {
                    result.add(root.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        result.sort(null);
        return result;
    }

    /**
     * Translates an Ant-style pattern into a regular expression over '/'-separated relative paths:
     * {@code **} as a whole path segment matches any number of directories, including none; {@code *}
     * matches within one segment, {@code ?} one character; a trailing {@code /} stands for {@code /**}.
     */
    static Pattern antPattern(final String pattern) {
        String ant = pattern.replace('\\', '/');
        if (ant.endsWith("/")) {
            ant = ant + "**";
        }
        String[] segments = ant.split("/", -1);
        StringBuilder regex = new StringBuilder();
        for (int index = 0; index < segments.length; index++) {
            boolean last = index == segments.length - 1;
            String segment = segments[index];
            if ("**".equals(segment)) {
                regex.append(last ? ".*" : "(?:.*/)?");
                continue;
            }
            for (char character : segment.toCharArray()) {
                switch (character) {
                    case '*' -> regex.append("[^/]*");
                    case '?' -> regex.append("[^/]");
                    default -> regex.append(Pattern.quote(String.valueOf(character)));
                }
            }
            if (!last) {
                regex.append('/');
            }
        }
        return Pattern.compile(regex.toString());
    }

    private Path resolve(final String path) throws IOException {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IOException(
                    "'" + path + "' is outside the workspace " + root + ": use a path relative to the workspace root");
        }
        return resolved;
    }

    private boolean isInside(final Path path) throws IOException {
        return !Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                || path.toRealPath().startsWith(root);
    }
}
