package io.jenkins.plugins.releasegate.checks.checklist;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code checklist} check type: the items of a release checklist, such as "Customer support informed of the
 * maintenance window", that approvers confirm when they approve. The gate refuses an approval that leaves a
 * required item open; the check reports each item with who confirmed it.
 */
public final class ChecklistCheckType implements CheckType {
    /** The longest item text, in characters. */
    static final int MAX_TEXT_LENGTH = 300;

    /** The most items a checklist holds. */
    static final int MAX_ITEMS = 50;

    private static final Pattern ITEM_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Override
    public String name() {
        return "checklist";
    }

    @Override
    public String description() {
        return "Approvers confirm the release checklist's items when they approve";
    }

    @Override
    public Check create(final Settings settings) {
        List<ChecklistItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (!settings.has("items")) {
            settings.problem(
                    "items",
                    "is required: list the items approvers confirm, such as"
                            + " '- {id: comms, text: \"Customer support informed of the maintenance window\"}'");
        }
        List<Settings> written = settings.sectionList("items");
        if (settings.has("items") && written.isEmpty()) {
            settings.problem("items", "is empty: list at least one item, or remove the check");
        }
        if (written.size() > MAX_ITEMS) {
            settings.problem("items", "has " + written.size() + " items; a checklist holds at most " + MAX_ITEMS);
        }
        for (Settings item : written) {
            String id = item.requiredString("id", "a short name for the item, such as 'comms'")
                    .trim();
            String text = item.requiredString("text", "what the approver confirms, as one sentence")
                    .strip();
            boolean required = item.bool("required", true);
            boolean usable = !id.isEmpty() && !text.isEmpty();
            if (!id.isEmpty() && !ITEM_ID.matcher(id).matches()) {
                item.problem(
                        "id",
                        "'" + id + "' is not a valid item id: use lower-case letters, digits, '-' and '_', starting"
                                + " with a letter or digit, at most 64 characters");
            } else if (!id.isEmpty() && !ids.add(id)) {
                item.problem("id", "'" + id + "' appears twice in this checklist: give each item its own id");
                usable = false;
            }
            if (text.length() > MAX_TEXT_LENGTH) {
                item.problem(
                        "text",
                        "is " + text.length() + " characters long; keep it under " + MAX_TEXT_LENGTH
                                + " and link to the runbook for details");
            }
            if (usable) {
                items.add(new ChecklistItem(id, text, required));
            }
        }
        return new ChecklistCheck(items);
    }
}
