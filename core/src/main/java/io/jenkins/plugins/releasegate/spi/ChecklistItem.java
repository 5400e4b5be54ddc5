package io.jenkins.plugins.releasegate.spi;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * An item of a release checklist that a person confirms when approving, such as "Customer support informed
 * of the maintenance window". A required item must be confirmed before an approval is taken.
 *
 * @param id the item's id, unique within the gate, such as {@code comms}
 * @param text what the person confirms
 * @param required whether an approval needs it confirmed
 */
public record ChecklistItem(String id, String text, boolean required) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an item.
     */
    public ChecklistItem {
        Objects.requireNonNull(id);
        Objects.requireNonNull(text);
    }
}
