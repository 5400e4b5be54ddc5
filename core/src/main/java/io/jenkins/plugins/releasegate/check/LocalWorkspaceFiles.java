package io.jenkins.plugins.releasegate.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The workspace as a directory of the local file system, as the CLI and tests see it. Every path is
 * resolved below the root; a path that leaves it ({@code ../}, an absolute path, or a symbolic link
 * pointing outside) is refused with an {@link IOException}.
 */
public final class LocalWorkspaceFiles implements WorkspaceFiles {
    private final Path root;

    /**
     * Creates the workspace over a directory.
     *
     * @param root the workspace root
     */
    public LocalWorkspaceFiles(final Path root) {
        this.root = Objects.requireNonNull(root).toAbsolutePath().normalize();
    }

    /**
     * Returns the root directory.
     *
     * @return the root
     */
    public Path root() {
        return root;
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
            throw new IOException("'" + path + "' leads outside the workspace " + root + " through a symbolic link");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A missing directory has no files: the result is empty. Symbolic links are not followed, and a
     * directory reached through one that leads outside the workspace is treated as missing.</p>
     */
    @Override
    public List<String> list(final String directory, final String pattern) throws IOException {
        Path start = resolve(directory);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS) || !isInside(start)) {
            return List.of();
        }
        AntPattern matcher = AntPattern.compile(pattern);
        List<String> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> matcher.matches(slashes(start.relativize(file))))
                    .forEach(file -> result.add(slashes(root.relativize(file))));
        }
        result.sort(null);
        return result;
    }

    private Path resolve(final String path) throws IOException {
        String relative = path.replace('\\', '/');
        if (relative.startsWith("/") || relative.matches("^[A-Za-z]:.*")) {
            throw new IOException("'" + path + "' is an absolute path: give a path relative to the workspace " + root);
        }
        Path resolved = root.resolve(relative.isEmpty() ? "." : relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new IOException("'" + path + "' leads outside the workspace " + root + ": give a path inside it");
        }
        return resolved;
    }

    private boolean isInside(final Path existing) throws IOException {
        return existing.toRealPath().startsWith(root.toRealPath());
    }

    private static String slashes(final Path relative) {
        return relative.toString().replace('\\', '/');
    }

    @Override
    public String toString() {
        return "LocalWorkspaceFiles[" + root + "]";
    }

    /**
     * An Ant-style path pattern: {@code **} matches any number of directories, {@code *} any characters
     * of one name, {@code ?} one character. A pattern ending with {@code /} matches everything below.
     */
    static final class AntPattern {
        private final List<String> segments;

        private AntPattern(final List<String> segments) {
            this.segments = segments;
        }

        static AntPattern compile(final String pattern) {
            String normalized = pattern.replace('\\', '/').strip();
            if (normalized.isEmpty()) {
                normalized = "**";
            }
            if (normalized.endsWith("/")) {
                normalized = normalized + "**";
            }
            while (normalized.startsWith("/")) {
                normalized = normalized.substring(1);
            }
            return new AntPattern(Arrays.stream(normalized.split("/+")).toList());
        }

        boolean matches(final String path) {
            return matches(segments, 0, Arrays.asList(path.split("/")), 0);
        }

        private static boolean matches(final List<String> pattern, final int patternIndex, final List<String> names,
                final int nameIndex) {
            if (patternIndex == pattern.size()) {
                return nameIndex == names.size();
            }
            String segment = pattern.get(patternIndex);
            if ("**".equals(segment)) {
                for (int skip = nameIndex; skip <= names.size(); skip++) {
                    if (matches(pattern, patternIndex + 1, names, skip)) {
                        return true;
                    }
                }
                return false;
            }
            return nameIndex < names.size() && matchesName(segment, names.get(nameIndex))
                    && matches(pattern, patternIndex + 1, names, nameIndex + 1);
        }

        static boolean matchesName(final String pattern, final String name) {
            int patternIndex = 0;
            int nameIndex = 0;
            int starAt = -1;
            int nameAtStar = 0;
            while (nameIndex < name.length()) {
                if (patternIndex < pattern.length()
                        && (pattern.charAt(patternIndex) == '?' || pattern.charAt(patternIndex) == name.charAt(nameIndex))) {
                    patternIndex++;
                    nameIndex++;
                }
                else if (patternIndex < pattern.length() && pattern.charAt(patternIndex) == '*') {
                    starAt = patternIndex++;
                    nameAtStar = nameIndex;
                }
                else if (starAt >= 0) {
                    patternIndex = starAt + 1;
                    nameIndex = ++nameAtStar;
                }
                else {
                    return false;
                }
            }
            while (patternIndex < pattern.length() && pattern.charAt(patternIndex) == '*') {
                patternIndex++;
            }
            return patternIndex == pattern.length();
        }
    }
}
