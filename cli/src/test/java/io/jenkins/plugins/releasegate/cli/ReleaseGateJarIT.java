package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the runnable jar as a user does ({@code java -jar release-gate.jar demo}), in its own JVM: the README's
 * command, and Ctrl-C (SIGINT) in the middle of a run. Runs after {@code package} (mvn verify).
 */
class ReleaseGateJarIT {
    private static final Pattern DATABASE_PORT = Pattern.compile("PostgreSQL \\S+ on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    private Path directory;

    @Test
    void shouldRunTheHealthyDemoFromTheJarAndPass() throws IOException, InterruptedException {
        Process process = start(
                "demo", "--scenario", "healthy", "-o", directory.resolve("out").toString());
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as("the demo ended")
                    .isTrue();
            assertThat(process.exitValue()).as(out + errors()).isZero();
            assertThat(out).contains("Verdict: PASS").contains("Stopped. The demo took");
            assertThat(PostgresProcesses.onPort(port(out))).isEmpty();
        } finally {
            stop(process, -1);
        }
    }

    @Test
    void shouldStopPostgresAndEverySessionWhenInterrupted() throws IOException, InterruptedException {
        Process process = start(
                "demo", "--scenario", "incident", "-o", directory.resolve("out").toString());
        int port = -1;
        try {
            StringBuilder out = new StringBuilder();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("Running ")) {
                out.append(line).append('\n');
                Matcher matcher = DATABASE_PORT.matcher(line);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            assertThat(line)
                    .as("the demo reached its checks; it printed:%n%s%s", out, errors())
                    .isNotNull();
            List<ProcessHandle> postgres = PostgresProcesses.onPort(port);
            assertThat(postgres).as("PostgreSQL's processes").hasSizeGreaterThan(1);
            CompletableFuture<String> rest =
                    CompletableFuture.supplyAsync(() -> reader.lines().reduce("", (all, next) -> all + next + "\n"));

            Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + process.pid())
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();

            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as("the demo ended")
                    .isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            rest.join();
            assertThat(errors())
                    .contains("Interrupted: stopping the demo's sessions, health endpoint and PostgreSQL")
                    .contains("Stopped.");
            assertThat(postgres).noneMatch(PostgresProcesses::isRunning);
            assertThat(PostgresProcesses.onPort(port)).isEmpty();
        } finally {
            stop(process, port);
        }
    }

    private Process start(final String... arguments) throws IOException {
        String jar = System.getProperty("releaseGate.jar", "");
        assertThat(Path.of(jar))
                .as("the runnable jar (system property releaseGate.jar, set by the build)")
                .isRegularFile();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectError(directory.resolve("err.txt").toFile())
                .start();
    }

    private String errors() throws IOException {
        return Files.readString(directory.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private static int port(final CharSequence out) {
        Matcher matcher = DATABASE_PORT.matcher(out);
        assertThat(matcher.find()).as("the database port in %s", out).isTrue();
        return Integer.parseInt(matcher.group(1));
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
