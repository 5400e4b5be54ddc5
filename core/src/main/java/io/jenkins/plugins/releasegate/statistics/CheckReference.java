package io.jenkins.plugins.releasegate.statistics;

import java.util.Objects;

/**
 * A check named in a gate record: its type and its id in the gate's definition.
 *
 * @param type the check type, such as {@code dbLoad}
 * @param id the check's id, such as {@code orders-db}
 */
public record CheckReference(String type, String id) implements Comparable<CheckReference> {
    /**
     * Creates a reference.
     */
    public CheckReference {
        Objects.requireNonNull(type);
        Objects.requireNonNull(id);
    }

    @Override
    public int compareTo(final CheckReference other) {
        int byType = type.compareTo(other.type);
        return byType == 0 ? id.compareTo(other.id) : byType;
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
