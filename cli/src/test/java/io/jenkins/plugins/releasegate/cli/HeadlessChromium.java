package io.jenkins.plugins.releasegate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, run headless on a local file with a fresh profile and without any network service.
 * Missing Chromium is a failure, not a reason to skip: CI installs it ({@code apt-get install chromium}).
 */
final class HeadlessChromium {
    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Path workDirectory;

    /**
     * Output of one Chromium run.
     *
     * @param exitCode the exit code
     * @param out what Chromium printed on standard output
     * @param err what Chromium printed on standard error, with the page's console messages
     */
    record Result(int exitCode, String out, String err) {
        /**
         * Returns the page's console messages (JavaScript errors, blocked content) from Chromium's log.
         *
         * @return the lines that report console messages
         */
        List<String> consoleMessages() {
            return err.lines().filter(line -> line.contains(":CONSOLE")).toList();
        }
    }

    HeadlessChromium(final Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    static void requireInstalled() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(
                    EXECUTABLE + " is missing: install Debian's Chromium (apt-get install -y chromium) "
                            + "to test that the HTML report renders");
        }
    }

    Result screenshot(final Path page, final Path png) throws IOException, InterruptedException {
        return run(page, "--screenshot=" + png.toAbsolutePath());
    }

    Result dumpDom(final Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    private Result run(final Path page, final String action) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory(workDirectory, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                EXECUTABLE.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1280,900",
                action,
                page.toAbsolutePath().toUri().toString()));
        Path out = Files.createTempFile(workDirectory, "chromium", ".out");
        Path err = Files.createTempFile(workDirectory, "chromium", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "Chromium did not finish within 3 minutes: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
