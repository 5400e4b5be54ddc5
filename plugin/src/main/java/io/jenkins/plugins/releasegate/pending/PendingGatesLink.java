package io.jenkins.plugins.releasegate.pending;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Action;
import hudson.model.TransientViewActionFactory;
import hudson.model.View;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import java.util.List;

/**
 * The side panel's link to the pending-gates page on the views of Jenkins (its home page among them), shown to
 * people who hold Release Gate/Approve somewhere ({@link PendingGatesPage#mayDecideSomewhere()}).
 */
public final class PendingGatesLink implements Action {
    @Override
    @CheckForNull
    public String getIconFileName() {
        return ExtensionList.lookupSingleton(PendingGatesPage.class).mayDecideSomewhere()
                ? "symbol-shield-warning"
                : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.PendingGatesPage_displayName();
    }

    @Override
    public String getUrlName() {
        return "/" + ReleaseGateAction.PENDING_GATES_URL + "/";
    }

    /** Adds the link to every view. */
    @Extension
    public static final class Factory extends TransientViewActionFactory {
        @Override
        public List<Action> createFor(final View view) {
            return List.of(new PendingGatesLink());
        }
    }
}
