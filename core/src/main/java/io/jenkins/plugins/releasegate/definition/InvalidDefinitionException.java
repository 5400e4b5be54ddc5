package io.jenkins.plugins.releasegate.definition;

import io.jenkins.plugins.releasegate.spi.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A gate definition has problems; the message lists every one with file, line, column, YAML path and
 * what to do.
 */
public class InvalidDefinitionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem found
     */
    public InvalidDefinitionException(final List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem found.
     *
     * @return the problems, in file order
     */
    public List<Problem> getProblems() {
        return problems;
    }

    private static String format(final List<Problem> problems) {
        String heading = problems.size() == 1
                ? "The gate definition has a problem:"
                : "The gate definition has " + problems.size() + " problems:";
        return heading + problems.stream().map(problem -> "\n  " + problem).collect(Collectors.joining());
    }
}
