package io.jenkins.plugins.releasegate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code release-gate} command: runs production-readiness checks outside Jenkins.
 */
@Command(
        name = "release-gate",
        mixinStandardHelpOptions = true,
        versionProvider = ReleaseGateCommand.Version.class,
        description = "Runs production-readiness checks before a release, as the Jenkins releaseGate step does.",
        subcommands = {
            CheckCommand.class,
            ValidateCommand.class,
            RollbackPlanCommand.class,
            DemoCommand.class,
            StatsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:PASS",
            "1:WARN",
            "2:FAIL",
            "3:ERROR (something could not be measured)",
            "4:invalid configuration or usage"
        })
public final class ReleaseGateCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param arguments the arguments
     */
    public static void main(final String... arguments) {
        System.exit(execute(arguments));
    }

    /**
     * Runs the command line and returns its exit code.
     *
     * @param arguments the arguments
     * @return the exit code
     */
    public static int execute(final String... arguments) {
        return commandLine(System.getenv()).execute(arguments);
    }

    /**
     * Returns the configured command line.
     *
     * @param environment the environment variables, where credentials are read
     * @return the command line
     */
    public static CommandLine commandLine(final Map<String, String> environment) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        CommandLine commandLine = new CommandLine(new ReleaseGateCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(final Class<K> type) throws Exception {
                return type == CheckCommand.class ? type.cast(new CheckCommand(environment)) : fallback.create(type);
            }
        });
        commandLine.setExitCodeExceptionMapper(exception -> ExitCodes.USAGE);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine command = exception.getCommandLine();
            command.getErr().println("release-gate: " + exception.getMessage());
            command.getErr().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: check, validate, rollback-plan, demo or stats");
    }

    /**
     * Reads the version from the jar.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream stream =
                    ReleaseGateCommand.class.getResourceAsStream("/release-gate-version.properties")) {
                if (stream != null) {
                    properties.load(stream);
                }
            }
            return new String[] {"release-gate " + properties.getProperty("version", "unknown")};
        }
    }
}
