package io.jenkins.plugins.releasegate.pending;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.RootAction;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.action.ReleaseGateAction;
import io.jenkins.plugins.releasegate.gate.PendingGateFilter;
import io.jenkins.plugins.releasegate.gate.PendingGateRow;
import io.jenkins.plugins.releasegate.gate.PendingGateView;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.core.Authentication;

/**
 * The root page {@code /release-gates/}: every open release gate the current user may see, with inline Approve and
 * Reject where the gate's ledger admits them, a tab of the gates decided recently, filters by profile, folder and
 * "I may decide", and the same list as JSON at {@code api/json}. It reads only the index ({@link PendingGates}),
 * never every build, and shows a gate only to people with Job/Read on its job. Decisions are posted to the gate's
 * own endpoints, which check the Approve permission and the policy.
 */
@Extension
@Symbol("releaseGates")
@ExportedBean(defaultVisibility = 2)
public final class PendingGatesPage implements RootAction {
    /** The query parameter that opens the tab of the gates decided recently: {@code tab=recent}. */
    static final String RECENT_TAB = "recent";

    /** Returns no icon: the side panel's link is {@link PendingGatesLink}, on the views of Jenkins. */
    @Override
    @CheckForNull
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.PendingGatesPage_displayName();
    }

    @Override
    public String getUrlName() {
        return ReleaseGateAction.PENDING_GATES_URL;
    }

    /** Returns the remote API: {@code api/json}. */
    public Api getApi() {
        return new Api(this);
    }

    /**
     * Returns whether the current user holds Release Gate/Approve on Jenkins as a whole or on the job of a gate that
     * is open or was decided recently: the side panel links to the page for them only ({@link PendingGatesLink}).
     *
     * @return {@code true} if the link is shown
     */
    public boolean mayDecideSomewhere() {
        if (Jenkins.get().hasPermission(ReleaseGatePermissions.APPROVE)) {
            return true;
        }
        Authentication user = Jenkins.getAuthentication2();
        if (ACL.isAnonymous2(user)) {
            return false;
        }
        List<PendingGateView> gates = new ArrayList<>(PendingGates.get().openRecorded());
        gates.addAll(PendingGates.get().recent());
        return gates.stream()
                .map(view -> view.getPlace().jobFullName())
                .distinct()
                .map(PendingGatesPage::jobAsSystem)
                .filter(Objects::nonNull)
                .anyMatch(job -> job.getACL().hasPermission2(user, Item.READ)
                        && job.getACL().hasPermission2(user, ReleaseGatePermissions.APPROVE));
    }

    /** Returns the open gates the current user may see, filtered as the request asks, the nearest deadline first. */
    @Exported(name = "gates")
    public List<PendingGateEntry> getGates() {
        return entries(PendingGates.get().open(), true);
    }

    /** Returns the gates decided recently that the current user may see, filtered as the request asks. */
    @Exported(name = "recent")
    public List<PendingGateEntry> getRecent() {
        return entries(PendingGates.get().recent(), false);
    }

    /** Returns the filter the request asks for: {@code profile}, {@code folder}, {@code mine=true}. */
    public PendingGateFilter getFilter() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        if (request == null) {
            return PendingGateFilter.ALL;
        }
        return PendingGateFilter.of(
                request.getParameter("profile"),
                request.getParameter("folder"),
                "true".equals(request.getParameter("mine")) || "on".equals(request.getParameter("mine")));
    }

    /** Returns whether the request asks for the tab of the gates decided recently. */
    public boolean isRecentTab() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        return request != null && RECENT_TAB.equals(request.getParameter("tab"));
    }

    /** Returns the names of the profiles of the gates listed, open or recent, for the filter's choices. */
    public List<String> getProfiles() {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        PendingGates.get().openRecorded().forEach(view -> view.getProfile().ifPresent(names::add));
        PendingGates.get().recent().forEach(view -> view.getProfile().ifPresent(names::add));
        return List.copyOf(names);
    }

    /**
     * Returns the link of a tab that keeps the current filter, such as {@code ?profile=production&tab=recent}.
     *
     * @param recent {@code true} for the tab of the gates decided recently
     * @return the query string, {@code .} for the open gates without a filter
     */
    public String tabLink(final boolean recent) {
        PendingGateFilter filter = getFilter();
        List<String> parameters = new ArrayList<>();
        filter.getProfile().ifPresent(profile -> parameters.add("profile=" + encode(profile)));
        filter.getFolder().ifPresent(folder -> parameters.add("folder=" + encode(folder)));
        if (filter.isMayDecideOnly()) {
            parameters.add("mine=true");
        }
        if (recent) {
            parameters.add("tab=" + RECENT_TAB);
        }
        return parameters.isEmpty() ? "." : "?" + String.join("&", parameters);
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<PendingGateEntry> entries(final List<PendingGateView> views, final boolean open) {
        Authentication user = Jenkins.getAuthentication2();
        Locale locale = locale();
        List<PendingGateRow> rows = new ArrayList<>();
        Map<PendingGateRow, ReleaseGateAction> actions = new IdentityHashMap<>();
        for (PendingGateView view : views) {
            Job<?, ?> job = jobAsSystem(view.getPlace().jobFullName());
            if (job == null || !job.getACL().hasPermission2(user, Item.READ)) {
                continue; // Job/Read on the build's job, as the build page asks
            }
            Optional<ReleaseGateAction> action = actionOf(job, view);
            if (action.isEmpty()) {
                if (open) {
                    PendingGates.get().forget(view); // the build or its record is gone
                }
                continue;
            }
            PendingGateRow row = action.get().pendingRow(view);
            rows.add(row);
            actions.put(row, action.get());
        }
        return getFilter().apply(rows).stream()
                .map(row -> new PendingGateEntry(row, actions.get(row), locale))
                .toList();
    }

    private static Optional<ReleaseGateAction> actionOf(final Job<?, ?> job, final PendingGateView view) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Run<?, ?> run = job.getBuildByNumber(view.getPlace().buildNumber());
            return run == null
                    ? Optional.empty()
                    : ReleaseGateAction.of(run).stream()
                            .filter(action -> action.getGateId().equals(view.getGateId()))
                            .findFirst();
        }
    }

    @CheckForNull
    private static Job<?, ?> jobAsSystem(final String fullName) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return Jenkins.get().getItemByFullName(fullName, Job.class);
        }
    }

    private static Locale locale() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        return request == null ? Locale.ENGLISH : request.getLocale();
    }
}
