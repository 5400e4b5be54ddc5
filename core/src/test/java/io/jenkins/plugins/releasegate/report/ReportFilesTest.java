package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.runner.GateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    private Path temporary;

    private static List<String> names(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldWriteTheThreeReportsIntoANewDirectory() throws IOException {
        // Given a report and a directory that does not exist yet
        GateReport report =
                GateReport.withoutApproval(ReportFixtures.result(), ApprovalPolicy.defaults(), "2.8.0", "gate.yaml");
        Path directory = temporary.resolve("release-gate/orders");

        // When the reports are written
        new ReportFiles().write(report, directory);

        // Then the directory holds exactly the three reports, each as its writer renders it
        assertThat(names(directory)).containsExactly(ReportFiles.JUNIT, ReportFiles.HTML, ReportFiles.JSON);
        assertThat(Files.readString(directory.resolve(ReportFiles.JSON), StandardCharsets.UTF_8))
                .isEqualTo(new JsonReportWriter().write(report));
        assertThat(Files.readString(directory.resolve(ReportFiles.HTML), StandardCharsets.UTF_8))
                .isEqualTo(new HtmlReportWriter().write(report));
        assertThat(Files.readString(directory.resolve(ReportFiles.JUNIT), StandardCharsets.UTF_8))
                .isEqualTo(new JunitReportWriter().write(report.getResult()));
    }

    @Test
    void shouldReplaceEarlierReports() throws IOException {
        // Given a directory with the reports of an earlier run
        Path directory = temporary.resolve("reports");
        new ReportFiles()
                .write(
                        GateReport.withoutApproval(ReportFixtures.result(), ApprovalPolicy.defaults(), null, "a.yaml"),
                        directory);

        // When the reports of a later run are written
        GateResult later = ReportFixtures.passing();
        new ReportFiles()
                .write(GateReport.withoutApproval(later, ApprovalPolicy.defaults(), null, "b.yaml"), directory);

        // Then the files hold the later run, and no temporary file is left
        assertThat(names(directory)).containsExactly(ReportFiles.JUNIT, ReportFiles.HTML, ReportFiles.JSON);
        assertThat(Files.readString(directory.resolve(ReportFiles.JSON), StandardCharsets.UTF_8))
                .contains(later.digest())
                .contains("\"source\" : \"b.yaml\"");
    }
}
