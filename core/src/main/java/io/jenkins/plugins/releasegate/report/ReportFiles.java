package io.jenkins.plugins.releasegate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the three report files of a gate into a directory: {@value #JSON}, {@value #HTML} and
 * {@value #JUNIT}. Each file is written to a temporary name first and then moved into place, so that a
 * reader never sees half a report.
 */
public final class ReportFiles {
    /** The JSON report's file name. */
    public static final String JSON = "report.json";
    /** The HTML report's file name. */
    public static final String HTML = "report.html";
    /** The JUnit XML report's file name. */
    public static final String JUNIT = "junit.xml";

    /**
     * Writes all three reports.
     *
     * @param report the report
     * @param directory the directory, created if missing
     * @throws IOException if a file cannot be written
     */
    public void write(final GateReport report, final Path directory) throws IOException {
        Files.createDirectories(directory);
        writeAtomically(directory.resolve(JSON), new JsonReportWriter().write(report));
        writeAtomically(directory.resolve(HTML), new HtmlReportWriter().write(report));
        writeAtomically(directory.resolve(JUNIT), new JunitReportWriter().write(report.getResult()));
    }

    private static void writeAtomically(final Path target, final String content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }
}
