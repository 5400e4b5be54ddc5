package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.report.GateReport;
import io.jenkins.plugins.releasegate.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Confirmation;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release-gate check}: runs the checks of a gate definition, prints the result table, and writes the
 * reports. No approval is asked for; the reports say what the policy would require.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the checks of a gate definition and writes report.json, report.html and junit.xml.",
            "Credentials named in the definition are read from RELEASE_GATE_<ID>_USERNAME and RELEASE_GATE_<ID>_PASSWORD."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS", "1:WARN", "2:FAIL", "3:ERROR", "4:invalid configuration or usage"})
final class CheckCommand implements Callable<Integer> {
    /** Output formats on standard output. */
    enum Format {
        /** The readable table. */
        text,
        /** The JSON report. */
        json
    }

    @Mixin
    private DefinitionOptions definition;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "release-gate-report",
            description = "Where the reports are written (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description =
                    "What is printed on standard output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Progress goes to standard error.")
    private Format format;

    @CheckForNull
    @Option(
            names = {"-r", "--release"},
            paramLabel = "VERSION",
            description = "The release being deployed, handed to the checks.")
    private String release;

    @Option(
            names = {"-w", "--workspace"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "The repository whose files the checks read (default: the current directory).")
    private Path workspace;

    @Option(
            names = "--confirm",
            paramLabel = "ITEM",
            description =
                    "Confirms a checklist item of the definition, as the user running the command; repeat for each item.")
    private List<String> confirmed = new ArrayList<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    CheckCommand(final Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<GateDefinition> loaded = definition.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        GateDefinition gate = loaded.get();
        PrintWriter progress = format == Format.json ? err : out;
        progress.println(PrintableText.of("Release gate '" + gate.getName() + "': running "
                + gate.getChecks().size() + " checks"));
        progress.flush();
        List<String> items = gate.getChecklist().stream().map(ChecklistItem::id).toList();
        for (String item : confirmed) {
            if (!items.contains(item)) {
                print(
                        err,
                        "--confirm " + item + ": " + gate.getSource()
                                + (items.isEmpty()
                                        ? " has no checklist; remove --confirm"
                                        : " has no checklist item '" + item + "'; its items are "
                                                + String.join(", ", items)));
                return ExitCodes.USAGE;
            }
        }
        String user = System.getProperty("user.name", "cli");
        Instant now = Instant.now();
        GateEnvironment gateEnvironment = GateEnvironment.builder()
                .credentials(new EnvironmentCredentialsResolver(environment))
                .workspace(new LocalWorkspaceFiles(workspace))
                .log(line -> print(err, "  " + line))
                .release(release)
                .confirmations(confirmed.stream()
                        .distinct()
                        .map(item -> new Confirmation(item, user, user, now, "", "cli"))
                        .toList())
                .build();
        GateResult result = TerminalGateHost.runChecksOnly(gate, release, gateEnvironment, progress, output);
        if (format == Format.json) {
            out.print(new JsonReportWriter()
                    .write(GateReport.withoutApproval(result, gate.getApproval(), release, gate.getSource())));
        } else {
            out.println(
                    "Approval (not requested by the CLI): " + gate.getApproval().describe());
            out.println("Reports: " + output.toAbsolutePath().normalize().resolve(ReportFiles.HTML));
        }
        out.flush();
        return result.getVerdict().exitCode();
    }

    private static void print(final PrintWriter writer, final String line) {
        synchronized (writer) {
            writer.println(PrintableText.of(line));
            writer.flush();
        }
    }
}
