package io.jenkins.plugins.releasegate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

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
     * The Content-Security-Policy under which {@value #HTML} is served: a sandbox without scripts, with its
     * own inline styles and nothing loaded from elsewhere.
     */
    public static final String HTML_CONTENT_SECURITY_POLICY =
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:";

    /**
     * Returns the content type to serve a report file with; names other than the three report files are
     * not reports, and nothing else of a directory of reports is ever served.
     *
     * @param name a file name as asked for
     * @return the content type with its character set, empty for any other name
     */
    public static Optional<String> contentType(final String name) {
        return switch (name) {
            case JSON -> Optional.of("application/json;charset=UTF-8");
            case HTML -> Optional.of("text/html;charset=UTF-8");
            case JUNIT -> Optional.of("application/xml;charset=UTF-8");
            default -> Optional.empty();
        };
    }

    /**
     * Writes all three reports.
     *
     * @param report the report
     * @param directory the directory, created if missing
     * @throws IOException if a file cannot be written
     */
    public void write(final GateReport report, final Path directory) throws IOException {
        Files.createDirectories(directory);
        writeAtomically(directory, JSON, new JsonReportWriter().write(report));
        writeAtomically(directory, HTML, new HtmlReportWriter().write(report));
        writeAtomically(directory, JUNIT, new JunitReportWriter().write(report.getResult()));
    }

    private static void writeAtomically(final Path directory, final String name, final String content)
            throws IOException {
        Path target = directory.resolve(name);
        Path temporary = Files.createTempFile(directory, name, ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
