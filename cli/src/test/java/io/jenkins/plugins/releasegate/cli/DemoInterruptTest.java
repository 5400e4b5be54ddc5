package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts a demo running in its own JVM the way Ctrl-C does (SIGINT) and checks that it stops everything it
 * started.
 */
class DemoInterruptTest {
    private static final Pattern DATABASE_PORT = Pattern.compile("PostgreSQL \\S+ on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    private Path directory;

    @Test
    void shouldStopPostgresAndEverySessionWhenInterrupted() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ReleaseGateCommand.class.getName(), "demo", "--scenario", "incident", "-o", directory.resolve("out").toString())
                .redirectError(directory.resolve("err.txt").toFile())
                .start();
        int port = -1;
        try {
            StringBuilder out = new StringBuilder();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("Running ")) {
                out.append(line).append('\n');
                Matcher matcher = DATABASE_PORT.matcher(line);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            assertThat(line).as("the demo reached its checks; it printed:%n%s%s", out, Files.readString(directory.resolve("err.txt")))
                    .isNotNull();
            List<ProcessHandle> postgres = PostgresProcesses.onPort(port);
            assertThat(postgres).as("PostgreSQL's processes").hasSizeGreaterThan(1);
            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> reader.lines().reduce("", (all, next) -> all + next + "\n"));

            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();

            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the demo ended").isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            rest.join();
            assertThat(directory.resolve("err.txt")).content()
                    .contains("Interrupted: stopping the demo's sessions, health endpoint and PostgreSQL")
                    .contains("Stopped.");
            assertThat(postgres).noneMatch(ProcessHandle::isAlive);
            assertThat(PostgresProcesses.onPort(port)).isEmpty();
        }
        finally {
            stop(process, port);
        }
    }

    /** Stops what a failed test left running: the JVM through its shutdown hooks (SIGTERM), then by force. */
    private static void stop(final Process process, final int port) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (port > 0) {
            PostgresProcesses.onPort(port).forEach(ProcessHandle::destroy);
        }
    }
}
