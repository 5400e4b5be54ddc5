package io.jenkins.plugins.releasegate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the command line in-process and captures its output.
 *
 * @param exitCode the exit code
 * @param out what was printed on standard output
 * @param err what was printed on standard error
 */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(final Map<String, String> environment, final String... arguments) {
        CommandLine commandLine = ReleaseGateCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
