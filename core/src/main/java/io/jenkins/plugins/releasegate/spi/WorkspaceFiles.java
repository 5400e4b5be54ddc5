package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access to the files of the workspace being released (in Jenkins, the build's workspace; in the
 * CLI, the current directory). Paths are relative to the workspace root, separated by {@code /}, and may
 * not leave it.
 */
public interface WorkspaceFiles {
    /**
     * Describes the workspace for messages, such as its path.
     *
     * @return the description
     */
    String describe();

    /**
     * Returns whether a regular file exists.
     *
     * @param path the path relative to the workspace root
     * @return {@code true} if it exists
     * @throws IOException if the workspace cannot be read
     * @throws InterruptedException if interrupted
     */
    boolean isFile(String path) throws IOException, InterruptedException;

    /**
     * Returns whether a directory exists.
     *
     * @param path the path relative to the workspace root
     * @return {@code true} if it exists
     * @throws IOException if the workspace cannot be read
     * @throws InterruptedException if interrupted
     */
    boolean isDirectory(String path) throws IOException, InterruptedException;

    /**
     * Reads a regular file as UTF-8 text, if it is no larger than a limit. The size is checked before the
     * file is opened, and no more than {@code maxBytes + 1} bytes are read, so a huge file costs nothing;
     * directories, FIFOs, sockets and devices are refused without being opened.
     *
     * @param path the path relative to the workspace root
     * @param maxBytes the most bytes the caller takes
     * @return the content
     * @throws FileTooLargeException if the file is larger than {@code maxBytes}
     * @throws IOException if it is not a regular file or cannot be read
     * @throws InterruptedException if interrupted
     */
    String read(String path, int maxBytes) throws IOException, InterruptedException;

    /**
     * Lists the regular files below a directory whose paths match an Ant-style pattern.
     *
     * @param directory the directory relative to the workspace root
     * @param pattern an Ant-style pattern relative to the directory, such as {@code **}{@code /*.sql}
     * @return the matching files' paths relative to the workspace root, sorted
     * @throws IOException if the workspace cannot be read
     * @throws InterruptedException if interrupted
     */
    List<String> list(String directory, String pattern) throws IOException, InterruptedException;

    /**
     * Checks a path relative to a workspace root and writes it plainly: {@code /} separators, without empty
     * or {@code .} segments. Absolute paths and {@code ..} segments are refused, so the path names a place
     * inside the workspace unless a symbolic link leads out, which the implementation checks.
     *
     * @param path the path as given, with {@code /} or {@code \} separators
     * @return the path, empty for the workspace root
     * @throws IOException with a sentence saying what to write instead, if the path is absolute or has a
     *     {@code ..} segment
     */
    static String normalize(final String path) throws IOException {
        String unified = path.replace('\\', '/');
        if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            throw new IOException("'" + path + "' is an absolute path: use a path relative to the workspace root");
        }
        List<String> parts = new ArrayList<>();
        for (String part : unified.split("/")) {
            if ("..".equals(part)) {
                throw new IOException(
                        "'" + path + "' leaves the workspace through '..': use a path inside the workspace");
            }
            if (!part.isEmpty() && !".".equals(part)) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
