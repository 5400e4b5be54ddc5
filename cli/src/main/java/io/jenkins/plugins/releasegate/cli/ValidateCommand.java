package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.PlanFinding;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlanValidator;
import io.jenkins.plugins.releasegate.definition.CheckDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release-gate validate}: loads a gate definition and lists every problem, without running checks.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Validates a gate definition without running any check, listing every problem at once,",
            "and the rollback plans its rollbackPlan checks name."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "4:invalid, or a rollback plan fails a rule"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private DefinitionOptions definition;

    @Option(
            names = {"-w", "--workspace"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "The repository holding the rollback plans the gate names (default: the current directory).")
    private Path workspace;

    @CheckForNull
    @Option(
            names = {"-r", "--release"},
            paramLabel = "VERSION",
            description = "The release being deployed; rollback plans must be for it.")
    private String release;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<GateDefinition> loaded = definition.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        GateDefinition gate = loaded.get();
        spec.commandLine()
                .getOut()
                .println(PrintableText.of(gate.getSource() + ": valid gate '" + gate.getName() + "' with "
                        + gate.getChecks().size() + " checks"));
        gate.getNotes().forEach(note -> spec.commandLine().getOut().println(PrintableText.of("Note: " + note)));
        boolean blocking = false;
        for (String plan : RollbackPlanValidator.planPaths(
                gate.getChecks().stream().map(CheckDefinition::getCheck).toList())) {
            List<PlanFinding> findings = RollbackPlanValidator.validate(
                    new LocalWorkspaceFiles(workspace), plan, Clock.systemDefaultZone(), release);
            spec.commandLine()
                    .getOut()
                    .println(PrintableText.of("Rollback plan " + plan + ": " + PlanFinding.worst(findings)));
            blocking |= RollbackPlanCommand.print(findings, spec.commandLine().getOut());
        }
        return blocking ? ExitCodes.USAGE : 0;
    }
}
