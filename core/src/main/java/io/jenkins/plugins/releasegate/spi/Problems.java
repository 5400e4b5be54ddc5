package io.jenkins.plugins.releasegate.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every problem found while reading a gate definition, so that all of them are reported at once.
 */
public final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private final List<Problem> generic = new ArrayList<>();

    /**
     * Creates an empty collection for a file.
     *
     * @param file the file name as the user knows it
     */
    public Problems(final String file) {
        this.file = file;
    }

    /**
     * Returns the file name.
     *
     * @return the file name
     */
    public String file() {
        return file;
    }

    /**
     * Adds a problem.
     *
     * @param line the line, 1-based, 0 if unknown
     * @param column the column, 1-based, 0 if unknown
     * @param path the YAML path
     * @param message what is wrong and what to do
     */
    public void add(final int line, final int column, final String path, final String message) {
        list.add(new Problem(file, line, column, path, message));
    }

    /**
     * Adds a generic problem that gives way to any other problem recorded for the same YAML path, such
     * as "has no value" where a reader says more precisely what the value should be.
     *
     * @param line the line, 1-based, 0 if unknown
     * @param column the column, 1-based, 0 if unknown
     * @param path the YAML path
     * @param message what is wrong and what to do
     */
    public void addGeneric(final int line, final int column, final String path, final String message) {
        generic.add(new Problem(file, line, column, path, message));
    }

    /**
     * Returns whether any problem was found.
     *
     * @return {@code true} if there are problems
     */
    public boolean hasProblems() {
        return !list.isEmpty() || !generic.isEmpty();
    }

    /**
     * Returns the problems, sorted by position.
     *
     * @return the problems
     */
    public List<Problem> asList() {
        List<Problem> sorted = new ArrayList<>(list);
        for (Problem problem : generic) {
            if (list.stream().noneMatch(specific -> specific.path().equals(problem.path()))) {
                sorted.add(problem);
            }
        }
        sorted.sort((first, second) -> first.line() != second.line()
                ? Integer.compare(first.line(), second.line())
                : Integer.compare(first.column(), second.column()));
        return Collections.unmodifiableList(sorted);
    }
}
