package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.PlanFinding;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlanTemplate;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlanValidator;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code release-gate rollback-plan}: writes a commented rollback plan template, or validates a plan.
 */
@Command(
        name = "rollback-plan",
        mixinStandardHelpOptions = true,
        description = "Writes or validates a rollback plan (see docs/checks/rollback-plan.md).",
        subcommands = {RollbackPlanCommand.Init.class, RollbackPlanCommand.Validate.class})
final class RollbackPlanCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: init or validate");
    }

    /**
     * Prints findings, one per line, and returns whether any blocks.
     *
     * @param findings the findings
     * @param out where to print
     * @return {@code true} if a finding is FAIL or ERROR
     */
    static boolean print(final List<PlanFinding> findings, final PrintWriter out) {
        findings.forEach(finding -> out.println(PrintableText.of("  " + finding)));
        return PlanFinding.worst(findings).isBlocking();
    }

    /** {@code rollback-plan init}: writes the commented template. */
    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Writes a commented rollback plan template to fill in and commit with the release.")
    static final class Init implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                defaultValue = RollbackPlanTemplate.DEFAULT_PATH,
                description = "Where to write it (default: ${DEFAULT-VALUE}).")
        private Path file;

        @Option(
                names = {"-f", "--force"},
                description = "Overwrite an existing file.")
        private boolean force;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(file) && !force) {
                spec.commandLine()
                        .getErr()
                        .println(file + " already exists; keep it, or write the template over it with --force");
                return ExitCodes.USAGE;
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, RollbackPlanTemplate.text(), StandardCharsets.UTF_8);
            spec.commandLine()
                    .getOut()
                    .println("Wrote " + file + ": replace every TODO, then run 'release-gate rollback-plan validate "
                            + file + "'");
            return 0;
        }
    }

    /** {@code rollback-plan validate}: validates one plan file. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description =
                    "Validates a rollback plan: its format and every rule of the rollbackPlan check that needs no database.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid (warnings allowed)", "4:a rule fails or the file is invalid"})
    static final class Validate implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                defaultValue = RollbackPlanTemplate.DEFAULT_PATH,
                description = "The plan (default: ${DEFAULT-VALUE}).")
        private Path file;

        @CheckForNull
        @Option(
                names = {"-r", "--release"},
                paramLabel = "VERSION",
                description = "The release being deployed; the plan must be for it.")
        private String release;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path normalized = file.normalize();
            boolean insideCurrentDirectory = !normalized.isAbsolute() && !normalized.startsWith("..");
            Path directory;
            String path;
            if (insideCurrentDirectory) {
                directory = Path.of(".");
                path = normalized.toString().replace('\\', '/');
            } else {
                Path absolute = normalized.toAbsolutePath();
                Path parent = absolute.getParent();
                Path name = absolute.getFileName();
                if (parent == null || name == null) {
                    spec.commandLine().getErr().println(file + " is not a file: name the rollback plan file");
                    return ExitCodes.USAGE;
                }
                directory = parent;
                path = name.toString();
            }
            List<PlanFinding> findings = RollbackPlanValidator.validate(
                    new LocalWorkspaceFiles(directory), path, Clock.systemDefaultZone(), release);
            PrintWriter out = spec.commandLine().getOut();
            out.println(file + ": " + PlanFinding.worst(findings));
            return print(findings, out) ? ExitCodes.USAGE : 0;
        }
    }
}
