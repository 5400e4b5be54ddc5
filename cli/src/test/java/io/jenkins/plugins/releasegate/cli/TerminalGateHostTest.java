package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalGateHostTest {
    @TempDir
    private Path reports;

    private final StringWriter terminal = new StringWriter();

    @Test
    void shouldRunTheChecksWriteTheReportsAndPrintTheTableAndTheEnding() throws Exception {
        // Given a gate whose endpoint refuses connections
        GateDefinition gate = gate(closedPort());

        // When it runs in the terminal
        GateResult result = TerminalGateHost.runChecksOnly(
                gate, "2.8.0", GateEnvironment.builder().build(), new PrintWriter(terminal), reports);

        // Then unreachable is FAIL, the three reports are written, and the terminal shows the table and the ending
        assertThat(result.getVerdict()).isEqualTo(Status.FAIL);
        assertThat(reports.resolve(ReportFiles.JSON)).isRegularFile();
        assertThat(reports.resolve(ReportFiles.HTML)).isRegularFile();
        assertThat(reports.resolve(ReportFiles.JUNIT)).isRegularFile();
        assertThat(terminal.toString())
                .contains("STATUS")
                .contains("orders-api")
                .contains("Release gate 'orders' blocked the release: orders-api (FAIL");
    }

    @Test
    void shouldSayWhenTheReportsCannotBeWritten() throws Exception {
        Path notADirectory = Files.writeString(reports.resolve("taken"), "a file where the reports should go");

        assertThatThrownBy(() -> TerminalGateHost.runChecksOnly(
                        gate(closedPort()),
                        null,
                        GateEnvironment.builder().build(),
                        new PrintWriter(terminal),
                        notADirectory))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldStopWhenInterrupted() throws Exception {
        GateDefinition gate = gate(closedPort());

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> TerminalGateHost.runChecksOnly(
                            gate, null, GateEnvironment.builder().build(), new PrintWriter(terminal), reports))
                    .isInstanceOf(InterruptedException.class)
                    .hasMessageContaining("orders");
        } finally {
            Thread.interrupted();
        }
        assertThat(reports.resolve(ReportFiles.JSON)).doesNotExist();
    }

    @Test
    void shouldNeverWaitForApprovalOnTheCommandLine() {
        TerminalGateHost host =
                new TerminalGateHost(GateEnvironment.builder().build(), new PrintWriter(terminal), reports);

        assertThatThrownBy(() -> host.schedule(Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never waits for approval");
        assertThatThrownBy(() -> host.execute(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never confirms an approval");
    }

    private static GateDefinition gate(final int port) throws Exception {
        return new GateDefinitionLoader(CheckTypes.discover(TerminalGateHostTest.class.getClassLoader()))
                .load("""
                        version: 1
                        name: orders
                        checks:
                          - id: orders-api
                            type: httpHealth
                            url: http://127.0.0.1:%d/health
                            timeout: 5s
                        """.formatted(port), "release-gate.yaml");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
