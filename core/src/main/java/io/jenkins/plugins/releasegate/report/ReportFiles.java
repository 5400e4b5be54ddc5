package io.jenkins.plugins.releasegate.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
     * Returns the report files a directory holds, for links to them.
     *
     * @param directory the directory
     * @return the names of those that exist, JSON, HTML, JUnit XML in this order
     */
    public static List<String> existing(final Path directory) {
        return Stream.of(JSON, HTML, JUNIT)
                .filter(name -> Files.isRegularFile(directory.resolve(name)))
                .toList();
    }

    /**
     * Returns a report file to serve by the name asked for: one of the three report files, never another
     * file of the directory or outside it.
     *
     * @param directory the directory
     * @param name the name as asked for, with or without a leading {@code /}
     * @return the file and its content type, empty if the name is not a report file or it does not exist
     */
    public static Optional<Served> find(final Path directory, final String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        // only the three exact names have a content type: no other path is ever resolved
        return contentType(bare)
                .map(type -> new Served(directory.resolve(bare), type, HTML.equals(bare)))
                .filter(served -> Files.isRegularFile(served.file()));
    }

    /**
     * A report file to serve.
     *
     * @param file the file
     * @param contentType its content type with character set
     * @param sandboxed whether it is served under {@link #HTML_CONTENT_SECURITY_POLICY}
     */
    public record Served(Path file, String contentType, boolean sandboxed) {
        /**
         * Returns the headers to serve the file with besides its content type: no content sniffing, and for the
         * HTML report the sandboxing {@link #HTML_CONTENT_SECURITY_POLICY}.
         *
         * @return the header names and values
         */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Content-Type-Options", "nosniff");
            if (sandboxed) {
                headers.put("Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY);
            }
            return headers;
        }
    }

    /**
     * Reads back the JSON report of a directory.
     *
     * @param directory the directory
     * @return the report, empty if the directory has none
     * @throws IOException if it cannot be read or is not a report
     */
    public static Optional<GateReport> read(final Path directory) throws IOException {
        try (Reader reader = Files.newBufferedReader(directory.resolve(JSON), StandardCharsets.UTF_8)) {
            return Optional.of(new JsonReportReader().read(reader));
        } catch (NoSuchFileException exception) {
            return Optional.empty();
        } catch (IllegalArgumentException exception) {
            throw new IOException(directory.resolve(JSON) + " is not a release gate report", exception);
        }
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
