package io.jenkins.plugins.releasegate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.releasegate.statistics.GateRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The gate records of every {@code report.json} under a directory, read within bounds: links are not followed,
 * at most a given number of reports are read, none larger than {@link #MAX_REPORT_BYTES}, and a file that is
 * not a gate report is skipped with its path and the reason.
 *
 * <p>Where a report lies says where its gate ran. In Jenkins' layout,
 * {@code <job path>/builds/<build>/release-gate/<gate-id>/report.json} (as in a copy of
 * {@code $JENKINS_HOME/jobs}), the job is the path before the build with {@code jobs} and {@code builds}
 * segments left out ({@code payments/jobs/orders/builds/42/...} is job {@code payments/orders}, build
 * {@code 42}). Elsewhere the job is the report's directory relative to the searched one, and the build is
 * unknown.</p>
 */
final class ReportDirectory {
    /** The largest report read; a gate report is a few kilobytes, at most a few hundred with many details. */
    static final long MAX_REPORT_BYTES = 16L * 1024 * 1024;

    /** How deep reports are looked for. */
    static final int MAX_DEPTH = 32;

    /** The file name of a gate report. */
    static final String REPORT = "report.json";

    /**
     * A file that was skipped.
     *
     * @param path the file
     * @param reason why, in words
     */
    record Skipped(Path path, String reason) {}

    /**
     * What was read.
     *
     * @param records the gate records
     * @param skipped the files that could not be read as gate reports
     */
    record Contents(List<GateRecord> records, List<Skipped> skipped) {}

    /** Thrown when the directory holds more reports than the limit. */
    static final class TooManyReportsException extends Exception {
        private static final long serialVersionUID = 1L;

        TooManyReportsException(final String message) {
            super(message);
        }
    }

    private final Path root;
    private final int maxReports;

    ReportDirectory(final Path root, final int maxReports) {
        this.root = Objects.requireNonNull(root);
        this.maxReports = maxReports;
    }

    /**
     * Reads every report under the directory.
     *
     * @return the records and the skipped files, in path order
     * @throws IOException if the directory cannot be listed
     * @throws TooManyReportsException if it holds more reports than the limit
     */
    Contents read() throws IOException, TooManyReportsException {
        List<Path> reports;
        try (Stream<Path> files = Files.find(root, MAX_DEPTH, (path, attributes) -> isReport(path, attributes))) {
            reports = files.limit(maxReports + 1L).sorted().toList();
        } catch (UncheckedIOException exception) {
            throw exception.getCause();
        }
        if (reports.size() > maxReports) {
            throw new TooManyReportsException(root + " holds more than " + maxReports + " " + REPORT
                    + " files: name a narrower directory or raise --max-reports");
        }
        List<GateRecord> records = new ArrayList<>(reports.size());
        List<Skipped> skipped = new ArrayList<>();
        for (Path report : reports) {
            try {
                long size = Files.size(report);
                if (size > MAX_REPORT_BYTES) {
                    skipped.add(new Skipped(report, "larger than 16 MiB (" + size + " bytes); not a gate report"));
                    continue;
                }
                String[] where = jobAndBuild(root.relativize(report.getParent()));
                try (Reader reader = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
                    records.add(GateRecord.read(where[0], where[1], reader));
                }
            } catch (IOException | IllegalArgumentException exception) {
                skipped.add(new Skipped(report, reason(exception)));
            }
        }
        return new Contents(records, skipped);
    }

    private static boolean isReport(final Path path, final BasicFileAttributes attributes) {
        Path name = path.getFileName();
        return attributes.isRegularFile() && name != null && REPORT.equals(name.toString());
    }

    private static String reason(final Exception exception) {
        String message = exception.getMessage();
        String text = message == null
                ? exception.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
        if (exception instanceof JsonProcessingException) {
            return "not JSON: " + text;
        }
        if (exception instanceof IOException) {
            return "cannot be read: " + text;
        }
        return text.startsWith("not a release gate report") ? text : "not a release gate report: " + text;
    }

    /**
     * Says which job and build a report's directory belongs to.
     *
     * @param directory the report's directory, relative to the searched one
     * @return the job and the build (empty when unknown)
     */
    static String[] jobAndBuild(final Path directory) {
        List<String> segments = new ArrayList<>();
        directory.forEach(segment -> segments.add(segment.toString()));
        segments.removeIf(String::isEmpty);
        int size = segments.size();
        if (size >= 3 && "release-gate".equals(segments.get(size - 2))) {
            String build = segments.get(size - 3);
            List<String> job = new ArrayList<>(segments.subList(0, size - 3));
            if (!job.isEmpty() && "builds".equals(job.get(job.size() - 1))) {
                job.remove(job.size() - 1);
            }
            job.removeIf("jobs"::equals);
            return new String[] {job.isEmpty() ? "." : String.join("/", job), build};
        }
        return new String[] {size == 0 ? "." : String.join("/", segments), ""};
    }
}
