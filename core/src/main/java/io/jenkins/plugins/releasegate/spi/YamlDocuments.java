package io.jenkins.plugins.releasegate.spi;

import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a short YAML file of the user's (a gate definition, a rollback plan) into a node tree that keeps
 * every position, for {@link Settings}. Syntax errors, empty and oversized files become problems with
 * line and column; nothing is constructed from the document, and alias bombs are refused.
 */
public final class YamlDocuments {
    private YamlDocuments() {}

    /**
     * Composes a YAML document.
     *
     * @param yaml the text
     * @param problems where problems are recorded
     * @param kind what the file is, for messages, such as "a gate definition"
     * @param whenEmpty what to say when the document is empty: how such a file starts
     * @param maxLength the largest text read, in characters
     * @return the root node, empty if the document could not be read (a problem is recorded)
     */
    public static Optional<Node> compose(
            final String yaml,
            final Problems problems,
            final String kind,
            final String whenEmpty,
            final int maxLength) {
        if (yaml.length() > maxLength) {
            problems.add(0, 0, "", "is larger than " + maxLength + " characters; " + kind + " is a short YAML file");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported with their position by Settings
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        options.setCodePointLimit(maxLength * 2);
        try {
            Node root = new Yaml(options).compose(new StringReader(yaml));
            if (root == null || root instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
                problems.add(1, 1, "", "is empty: " + whenEmpty);
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException exception) {
            Mark mark = exception.getProblemMark() != null ? exception.getProblemMark() : exception.getContextMark();
            String message = exception.getProblem() != null ? exception.getProblem() : exception.getMessage();
            if (exception.getContext() != null) {
                Mark context = exception.getContextMark();
                boolean elsewhere = context != null && mark != null && context.getLine() != mark.getLine();
                message = message + " (" + exception.getContext()
                        + (elsewhere
                                ? " that starts at line " + (context.getLine() + 1) + ", column "
                                        + (context.getColumn() + 1)
                                : "")
                        + ")";
            }
            problems.add(
                    mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1,
                    "",
                    "is not valid YAML: " + message + "; check indentation and quoting around this position");
            return Optional.empty();
        } catch (ReaderException exception) {
            int[] position = lineAndColumn(yaml, exception.getPosition());
            problems.add(
                    position[0],
                    position[1],
                    "",
                    "is not valid YAML: the character "
                            + String.format(Locale.ROOT, "U+%04X", exception.getCodePoint())
                            + " is not allowed; remove it, or write it escaped in a double-quoted string");
            return Optional.empty();
        } catch (YAMLException exception) {
            problems.add(0, 0, "", "is not valid YAML: " + exception.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Returns the line and column, counted from 1, of a code point in a text.
     *
     * @param text the text
     * @param codePointIndex the index of the code point, counted from 0
     * @return the line and the column
     */
    private static int[] lineAndColumn(final String text, final int codePointIndex) {
        int line = 1;
        int column = 1;
        int index = 0;
        int codePoints = 0;
        while (index < text.length() && codePoints < codePointIndex) {
            int codePoint = text.codePointAt(index);
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            index += Character.charCount(codePoint);
            codePoints++;
        }
        return new int[] {line, column};
    }
}
