package io.jenkins.plugins.releasegate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the processes of a PostgreSQL server by its port: the postmaster (started through pg_ctl, so not a
 * child of the JVM) and its backends.
 */
final class PostgresProcesses {
    private PostgresProcesses() {}

    static List<ProcessHandle> onPort(final int port) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                .filter(process -> Arrays.asList(process.info().arguments().orElse(new String[0]))
                        .contains(String.valueOf(port)))
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .toList();
    }

    /**
     * Returns whether a process still runs. A process that has exited but was not yet reaped by its parent
     * (a zombie: the postmaster's parent is init once pg_ctl has started it) counts as stopped, although
     * {@link ProcessHandle#isAlive()} reports it alive.
     */
    static boolean isRunning(final ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(
                    Path.of("/proc", String.valueOf(process.pid()), "stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException exception) {
            return false;
        } catch (IOException exception) {
            return process.isAlive();
        }
    }
}
