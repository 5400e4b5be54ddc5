package io.jenkins.plugins.releasegate.spi;

import java.io.IOException;
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
     * Reads a file as UTF-8 text.
     *
     * @param path the path relative to the workspace root
     * @return the content
     * @throws IOException if it cannot be read
     * @throws InterruptedException if interrupted
     */
    String read(String path) throws IOException, InterruptedException;

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
}
