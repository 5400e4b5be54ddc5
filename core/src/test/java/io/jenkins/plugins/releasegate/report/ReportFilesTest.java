package io.jenkins.plugins.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void shouldFindOnlyTheThreeReportFilesToServe() throws IOException {
        // Given a directory of reports next to a build record
        Path directory = temporary.resolve("release-gate/orders");
        new ReportFiles()
                .write(
                        GateReport.withoutApproval(ReportFixtures.result(), ApprovalPolicy.defaults(), null, "a.yaml"),
                        directory);
        Files.writeString(temporary.resolve("release-gate/build.xml"), "<build/>");
        Files.writeString(directory.resolve("notes.txt"), "private");

        // Then the report files are found by name, with their content types and headers, and nothing else is
        assertThat(ReportFiles.existing(directory))
                .containsExactly(ReportFiles.JSON, ReportFiles.HTML, ReportFiles.JUNIT);
        assertThat(ReportFiles.find(directory, "/report.html")).get().satisfies(served -> {
            assertThat(served.file()).isEqualTo(directory.resolve(ReportFiles.HTML));
            assertThat(served.contentType()).isEqualTo("text/html;charset=UTF-8");
            assertThat(served.headers())
                    .containsEntry("X-Content-Type-Options", "nosniff")
                    .containsEntry("Content-Security-Policy", ReportFiles.HTML_CONTENT_SECURITY_POLICY);
        });
        assertThat(ReportFiles.find(directory, "junit.xml").orElseThrow().headers())
                .containsOnlyKeys("X-Content-Type-Options");
        for (String name :
                List.of("../build.xml", "notes.txt", "", "/", "report.json/", "REPORT.JSON", "./report.json")) {
            assertThat(ReportFiles.find(directory, name)).as(name).isEmpty();
        }
        Files.delete(directory.resolve(ReportFiles.JUNIT));
        assertThat(ReportFiles.find(directory, ReportFiles.JUNIT)).isEmpty();
        assertThat(ReportFiles.existing(directory)).containsExactly(ReportFiles.JSON, ReportFiles.HTML);
        assertThat(ReportFiles.existing(temporary.resolve("missing"))).isEmpty();
    }

    @Test
    void shouldReadBackTheJsonReportOrSayWhyNot() throws IOException {
        Path directory = temporary.resolve("reports");
        assertThat(ReportFiles.read(directory)).isEmpty();

        GateReport report =
                GateReport.withoutApproval(ReportFixtures.result(), ApprovalPolicy.defaults(), "2.8.0", "gate.yaml");
        new ReportFiles().write(report, directory);
        assertThat(ReportFiles.read(directory))
                .get()
                .extracting(read -> new JsonReportWriter().write(read))
                .isEqualTo(new JsonReportWriter().write(report));

        Files.writeString(directory.resolve(ReportFiles.JSON), "{\"schemaVersion\": 99}");
        assertThatThrownBy(() -> ReportFiles.read(directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a release gate report");
    }
}
