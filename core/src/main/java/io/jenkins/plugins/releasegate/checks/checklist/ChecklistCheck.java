package io.jenkins.plugins.releasegate.checks.checklist;

import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckContext;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Confirmation;
import io.jenkins.plugins.releasegate.spi.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports a checklist's items with who confirmed each. Before anyone confirmed the required items the result is
 * WARN, never PASS: nothing was confirmed. Once every required item is confirmed (with the approvals of a
 * waiting gate, in the run that confirms them, or on the command line), it is PASS.
 */
final class ChecklistCheck implements Check {
    private final List<ChecklistItem> items;

    ChecklistCheck(final List<ChecklistItem> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public List<ChecklistItem> checklist() {
        return items;
    }

    @Override
    public CheckResult run(final CheckContext context) {
        Map<String, Confirmation> confirmed = new LinkedHashMap<>();
        for (Confirmation confirmation : context.confirmations()) {
            confirmed.putIfAbsent(confirmation.itemId(), confirmation);
        }
        CheckResult.Builder result = CheckResult.builder();
        int open = 0;
        for (ChecklistItem item : items) {
            Confirmation confirmation = confirmed.get(item.id());
            String kind = item.required() ? "required" : "optional";
            if (confirmation == null) {
                if (item.required()) {
                    open++;
                }
                result.detail("[ ] " + item.id() + " (" + kind + "): " + item.text() + " — not confirmed");
            } else {
                result.detail("[x] " + item.id() + " (" + kind + "): " + item.text() + " — confirmed by "
                        + confirmation.displayName() + " (" + confirmation.userId() + ") at " + confirmation.at()
                        + " via " + confirmation.channel()
                        + (confirmation.note().isEmpty() ? "" : ": " + confirmation.note()));
            }
        }
        long required = items.stream().filter(ChecklistItem::required).count();
        long done =
                items.stream().filter(item -> confirmed.containsKey(item.id())).count();
        if (open > 0) {
            return result.raise(Status.WARN)
                    .summary(open + " of " + required + " required item(s) to confirm when approving")
                    .build();
        }
        if (done == 0) {
            // nothing was confirmed, so nothing passed: optional items only, before anyone approved
            return result.raise(Status.WARN)
                    .summary(items.size() + " optional item(s) to confirm when approving")
                    .build();
        }
        return result.raise(Status.PASS)
                .summary("All " + required + " required item(s) confirmed; " + done + " of " + items.size()
                        + " item(s) confirmed in all")
                .build();
    }
}
