package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.cli.demo.Demo;
import io.jenkins.plugins.releasegate.cli.demo.DemoException;
import io.jenkins.plugins.releasegate.cli.demo.Scenario;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.report.ReportFiles;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Confirmation;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.LocalWorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.Quantity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code release-gate demo}: starts an embedded PostgreSQL, loads a scenario into it, runs the real checks of the
 * gate definition in {@code examples/demo} against it, prints and writes the reports, and stops everything
 * again, also on Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Shows the whole gate on this machine: starts an embedded PostgreSQL with an orders database under load and a "
                    + "Spring Batch job repository, writes a repository with a rollback plan and migrations, starts a health endpoint, runs "
                    + "the checks dbLoad, batchHealth, rollbackPlan and httpHealth against them, writes the three reports and stops "
                    + "everything again. Nothing is simulated: the checks are the real ones, against a real database.",
            "Must run as an ordinary user: PostgreSQL refuses to run as root."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:PASS",
            "1:WARN",
            "2:FAIL (what the incident scenario should end with)",
            "3:ERROR",
            "4:the demo could not be set up, or invalid usage"
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--scenario",
            defaultValue = "incident",
            paramLabel = "SCENARIO",
            description =
                    "${COMPLETION-CANDIDATES}: incident (the default) has a lock pile-up in the orders database, a failed and a "
                            + "stuck batch job and a missing undo script, so the gate fails; in healthy everything is in order and it passes.")
    private Scenario scenario;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "release-gate-demo",
            description =
                    "Where the gate definition, the repository the checks read, the reports and PostgreSQL's log are written "
                            + "(default: ${DEFAULT-VALUE}).")
    private Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final BooleanSupplier runningAsRoot;
    private final Consumer<Demo> observer;

    DemoCommand() {
        this(DemoCommand::isRoot, demo -> {});
    }

    /**
     * Creates the command with its view of the process and an observer, for tests.
     *
     * @param runningAsRoot says whether the process runs as root
     * @param observer hears about the demo before it starts
     */
    DemoCommand(final BooleanSupplier runningAsRoot, final Consumer<Demo> observer) {
        this.runningAsRoot = runningAsRoot;
        this.observer = observer;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runningAsRoot.getAsBoolean()) {
            err.println(
                    "release-gate demo: PostgreSQL refuses to run as root (its initdb stops with \"cannot be run as root\"), "
                            + "and the demo starts a real PostgreSQL. Run the demo as an ordinary user, for example: "
                            + "runuser -u <user> -- java -jar release-gate.jar demo");
            err.flush();
            return ExitCodes.USAGE;
        }
        long started = System.nanoTime();
        Path directory = output.toAbsolutePath().normalize();
        out.println("Release Gate demo, scenario '" + scenario + "': " + scenario.expectation() + ".");
        out.flush();
        Demo demo = new Demo(scenario, directory, line -> print(out, line));
        observer.accept(demo);
        Thread stopOnInterrupt = new Thread(
                () -> {
                    if (!demo.isClosed()) {
                        print(err, "Interrupted: stopping the demo's sessions, health endpoint and PostgreSQL …");
                        demo.close();
                        print(err, "Stopped.");
                    }
                },
                "release-gate-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            return run(demo, directory, out, err);
        } catch (DemoException exception) {
            if (!demo.isClosed()) {
                err.println("release-gate demo: " + exception.getMessage());
                err.flush();
            }
            return ExitCodes.USAGE;
        } finally {
            if (!demo.isClosed()) {
                print(out, "Stopping the sessions, the health endpoint and PostgreSQL …");
                demo.close();
                print(
                        out,
                        "Stopped. The demo took " + Quantity.format(Duration.ofNanos(System.nanoTime() - started))
                                + ".");
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException exception) {
                // The JVM is shutting down: the hook runs, and stops the demo if it is still running.
            }
        }
    }

    private int run(final Demo demo, final Path directory, final PrintWriter out, final PrintWriter err)
            throws DemoException, IOException, InterruptedException {
        demo.start();
        GateDefinition gate;
        try {
            gate = new GateDefinitionLoader(CheckTypes.discover())
                    .load(demo.definition(), demo.definitionFile().toString());
        } catch (InvalidDefinitionException exception) {
            throw new DemoException(
                    "The demo's gate definition is invalid, which is a defect of this build: " + exception.getMessage(),
                    exception);
        }
        out.println();
        out.println(
                "The gate definition (" + demo.definitionFile() + "; its template is " + Demo.TEMPLATE_SOURCE + "):");
        out.println();
        demo.definition().lines().forEach(line -> out.println("    " + line));
        out.println();
        out.println(
                "Credentials are never written in a definition: the demo sets "
                        + String.join(", ", demo.environmentNames())
                        + " in its own memory, as you would export them (the passwords are generated for this run and never shown).");
        out.println();
        out.println("Running " + gate.getChecks().size() + " checks for release " + Demo.RELEASE + " …");
        out.flush();
        // healthy: everything on the checklist is done; incident: the rollback owner is not on call
        List<String> confirmed = gate.getChecklist().stream()
                .map(ChecklistItem::id)
                .filter(item -> scenario == Scenario.healthy || !"rollback-owner".equals(item))
                .toList();
        String user = System.getProperty("user.name", "demo");
        out.println("Confirming checklist items as " + user + ": " + String.join(", ", confirmed) + " (as 'release-gate"
                + " check"
                + confirmed.stream().map(item -> " --confirm " + item).collect(Collectors.joining())
                + "' does).");
        Instant now = Instant.now();
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(new EnvironmentCredentialsResolver(demo.environment()))
                .workspace(new LocalWorkspaceFiles(demo.workspace()))
                .log(line -> print(err, "  " + line))
                .release(Demo.RELEASE)
                .confirmations(confirmed.stream()
                        .map(item -> new Confirmation(item, user, user, now, "", "cli"))
                        .toList())
                .build();
        GateResult result = TerminalGateHost.runChecksOnly(gate, Demo.RELEASE, environment, out, directory);
        if (demo.isClosed()) {
            throw new DemoException("The demo was stopped", new InterruptedException());
        }
        out.println(
                "Approval (not requested by the demo): " + gate.getApproval().describe());
        out.println();
        out.println("Reports: " + directory.resolve(ReportFiles.JSON) + ", " + directory.resolve(ReportFiles.JUNIT));
        out.println(
                "Open the HTML report: " + directory.resolve(ReportFiles.HTML).toUri());
        out.println(
                scenario == Scenario.incident
                        ? "Run 'release-gate demo --scenario healthy' to see the same gate pass."
                        : "Run 'release-gate demo --scenario incident' to see what the same gate stops.");
        out.flush();
        return result.getVerdict().exitCode();
    }

    private static void print(final PrintWriter writer, final String line) {
        synchronized (writer) {
            writer.println(line);
            writer.flush();
        }
    }

    /**
     * Returns whether this process runs as root: the owner of {@code /proc/self} on Linux, else the user name.
     *
     * @return {@code true} for root
     */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException exception) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
