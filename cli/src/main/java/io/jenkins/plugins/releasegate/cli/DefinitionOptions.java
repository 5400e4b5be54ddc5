package io.jenkins.plugins.releasegate.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinition;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.definition.InvalidDefinitionException;
import io.jenkins.plugins.releasegate.definition.ProfileMerger;
import io.jenkins.plugins.releasegate.spi.PrintableText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that name a gate definition, shared by the subcommands, and its loading.
 */
final class DefinitionOptions {
    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "The gate definition (YAML).")
    Path config;

    @CheckForNull
    @Option(
            names = "--base",
            paramLabel = "FILE",
            description =
                    "An ops-owned base definition (profile): its checks are kept and the stricter of every setting applies.")
    Path base;

    /**
     * Loads the definition, merged onto the base if one is given, or prints every problem.
     *
     * @param err where problems are printed
     * @return the definition, empty if it could not be loaded (problems were printed)
     */
    Optional<GateDefinition> load(final PrintWriter err) {
        GateDefinitionLoader loader = new GateDefinitionLoader(CheckTypes.discover());
        boolean valid = true;
        GateDefinition baseDefinition = null;
        if (base != null) {
            baseDefinition = loadOne(loader, base, err);
            valid = baseDefinition != null;
        }
        GateDefinition definition = loadOne(loader, config, err);
        if (!valid || definition == null) {
            return Optional.empty();
        }
        return Optional.of(baseDefinition == null ? definition : new ProfileMerger().merge(baseDefinition, definition));
    }

    @CheckForNull
    private static GateDefinition loadOne(final GateDefinitionLoader loader, final Path file, final PrintWriter err) {
        try {
            if (Files.isDirectory(file)) {
                err.println(file + ": is a directory; name the gate definition file, such as release-gate.yaml");
                return null;
            }
            return loader.load(file);
        } catch (NoSuchFileException exception) {
            err.println(file + ": no such file; create it (see docs/getting-started.md) or correct the path");
        } catch (IOException exception) {
            err.println(file + ": cannot be read: " + exception.getMessage());
        } catch (InvalidDefinitionException exception) {
            err.println(PrintableText.of(exception.getMessage()));
        }
        return null;
    }
}
