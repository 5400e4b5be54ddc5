package io.jenkins.plugins.releasegate.checks.jdbc;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a check tells the user to do about a database failure, where it knows better than
 * {@link FailureKind#defaultHint()}: which tables to check, which privileges to grant.
 */
public final class FailureHints {
    private static final FailureHints NONE = new FailureHints(new EnumMap<>(FailureKind.class));

    private final Map<FailureKind, String> hints;

    private FailureHints(final Map<FailureKind, String> hints) {
        this.hints = hints;
    }

    /**
     * Returns no hints of a check's own.
     *
     * @return the hints
     */
    public static FailureHints none() {
        return NONE;
    }

    /**
     * Returns a copy with a hint for one kind of failure.
     *
     * @param kind the kind
     * @param hint what to do
     * @return the hints
     */
    public FailureHints with(final FailureKind kind, final String hint) {
        Map<FailureKind, String> copy = new EnumMap<>(FailureKind.class);
        copy.putAll(hints);
        copy.put(kind, hint);
        return new FailureHints(copy);
    }

    /**
     * Returns these hints, overridden by others.
     *
     * @param overrides the hints that take precedence
     * @return the merged hints
     */
    public FailureHints with(final FailureHints overrides) {
        Map<FailureKind, String> copy = new EnumMap<>(FailureKind.class);
        copy.putAll(hints);
        copy.putAll(overrides.hints);
        return new FailureHints(copy);
    }

    /**
     * Returns the check's hint for a kind of failure.
     *
     * @param kind the kind
     * @return the hint, empty if the check has none of its own
     */
    public Optional<String> hint(final FailureKind kind) {
        return Optional.ofNullable(hints.get(kind));
    }
}
