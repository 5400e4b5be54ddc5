package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.definition.GateDefinition;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code release-gate validate}: loads a gate definition and lists every problem, without running checks.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates a gate definition without running any check, listing every problem at once.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:valid", "4:invalid"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private DefinitionOptions definition;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<GateDefinition> loaded = definition.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.USAGE;
        }
        GateDefinition gate = loaded.get();
        spec.commandLine().getOut().println(gate.getSource() + ": valid gate '" + gate.getName() + "' with "
                + gate.getChecks().size() + " checks");
        gate.getNotes().forEach(note -> spec.commandLine().getOut().println("Note: " + note));
        return 0;
    }
}
