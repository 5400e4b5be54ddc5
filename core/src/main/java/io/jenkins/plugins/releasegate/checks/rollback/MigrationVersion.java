package io.jenkins.plugins.releasegate.checks.rollback;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Flyway migration version such as {@code 1.2.10} or {@code 1_2_10}: numeric parts compared one by one,
 * so {@code 1.10} is newer than {@code 1.9}, and trailing zeros do not count ({@code 1.0} is {@code 1}).
 */
final class MigrationVersion implements Comparable<MigrationVersion> {
    private static final Pattern SYNTAX = Pattern.compile("\\d+([._]\\d+)*");

    private final List<BigInteger> parts;
    private final String text;

    private MigrationVersion(final List<BigInteger> parts, final String text) {
        this.parts = List.copyOf(parts);
        this.text = text;
    }

    /**
     * Parses a version.
     *
     * @param text the version, parts separated by {@code .} or {@code _}
     * @return the version, empty if the text is not one
     */
    static Optional<MigrationVersion> parse(final String text) {
        if (!SYNTAX.matcher(text).matches()) {
            return Optional.empty();
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return Optional.of(new MigrationVersion(parts, text.replace('_', '.')));
    }

    @Override
    public int compareTo(final MigrationVersion other) {
        for (int index = 0; index < Math.max(parts.size(), other.parts.size()); index++) {
            BigInteger mine = index < parts.size() ? parts.get(index) : BigInteger.ZERO;
            BigInteger theirs = index < other.parts.size() ? other.parts.get(index) : BigInteger.ZERO;
            int comparison = mine.compareTo(theirs);
            if (comparison != 0) {
                return comparison;
            }
        }
        return 0;
    }

    boolean isNewerThan(final MigrationVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof MigrationVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /**
     * Returns the version as written, with {@code .} separators.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
