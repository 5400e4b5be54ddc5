package io.jenkins.plugins.releasegate.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the processes of a PostgreSQL server by its port: the postmaster (started through pg_ctl, so not a
 * child of the JVM) and its backends.
 */
final class PostgresProcesses {
    private PostgresProcesses() {
    }

    static List<ProcessHandle> onPort(final int port) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                .filter(process -> Arrays.asList(process.info().arguments().orElse(new String[0])).contains(String.valueOf(port)))
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .toList();
    }
}
