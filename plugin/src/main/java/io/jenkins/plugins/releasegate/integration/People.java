package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Actionable;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import hudson.security.ACL;
import io.jenkins.plugins.releasegate.approval.Involvement;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.scm.RunWithSCM;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.metadata.ContributorMetadataAction;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Translates Jenkins users into the people the approval ledger judges, and finds the people a build
 * is about: who started it, directly or through the builds upstream, who contributed the change request it
 * builds, and who authored its changes or those of the builds upstream. The ledger decides which of them may
 * not approve.
 */
public final class People {
    /** How far up a chain of upstream builds the people are looked for. */
    static final int MAX_UPSTREAM_DEPTH = 10;

    /** How many upstream builds are looked at in all, for builds triggered by many. */
    static final int MAX_UPSTREAM_BUILDS = 25;

    /** The longest change message kept to name a change; longer ones are cut. */
    private static final int MAX_MESSAGE_LENGTH = 72;

    private People() {}

    /**
     * Returns the person making the current request, with the Release Gate permissions they hold on
     * the build's job.
     *
     * @param run the build whose gate they want to decide on
     * @return the person, empty for an anonymous request: decisions need a known user
     */
    public static Optional<Person> current(final Run<?, ?> run) {
        Authentication authentication = Jenkins.getAuthentication2();
        if (ACL.isAnonymous2(authentication)) {
            return Optional.empty();
        }
        String id = authentication.getName();
        User user = User.getById(id, false);
        String displayName = user == null ? id : user.getDisplayName();
        return Optional.of(new Person(
                id,
                displayName,
                authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(group -> group != null && !"authenticated".equals(group))
                        .collect(Collectors.toCollection(TreeSet::new)),
                run.hasPermission(ReleaseGatePermissions.APPROVE),
                run.hasPermission(ReleaseGatePermissions.OVERRIDE)));
    }

    /**
     * Returns how people took part in a build, as far as Jenkins knows: the users its causes name ("Started by
     * user", replays and rebuilds, and any cause that names a user id), the contributor of the change request its
     * job builds (as recorded by the SCM API, such as for a multibranch pull request), the authors of its change
     * sets, and for each build upstream that triggered it, however far up (within {@value #MAX_UPSTREAM_DEPTH}
     * levels and {@value #MAX_UPSTREAM_BUILDS} builds), the users who started it and the authors of its changes.
     * Causes that carry no user (SCM polling, timers, branch indexing and events, remote triggers) add nobody: the
     * change authors are then the people the build is about.
     *
     * @param run the build
     * @return the facts, each naming a user id; empty if Jenkins knows of nobody
     */
    public static List<Involvement> involvements(final Run<?, ?> run) {
        Set<Involvement> found = new LinkedHashSet<>();
        Set<String> visited = new LinkedHashSet<>();
        visited.add(run.getExternalizableId());
        for (CauseAction action : run.getActions(CauseAction.class)) {
            collectFromCauses(action.getCauses(), null, 0, visited, found);
        }
        contributor(run.getParent()).ifPresent(found::add);
        collectAuthors(run, null, found);
        return List.copyOf(new ArrayList<>(found));
    }

    private static void collectFromCauses(
            final List<Cause> causes,
            @CheckForNull final String upstreamBuild,
            final int depth,
            final Set<String> visited,
            final Set<Involvement> found) {
        for (Cause cause : causes) {
            if (cause instanceof Cause.UpstreamCause upstream) {
                collectUpstream(upstream, depth + 1, visited, found);
            } else {
                userIdOf(cause)
                        .map(id -> upstreamBuild == null
                                ? Involvement.startedBuild(id)
                                : Involvement.startedUpstreamBuild(id, upstreamBuild))
                        .ifPresent(found::add);
            }
        }
    }

    private static void collectUpstream(
            final Cause.UpstreamCause upstream,
            final int depth,
            final Set<String> visited,
            final Set<Involvement> found) {
        if (depth > MAX_UPSTREAM_DEPTH || visited.size() > MAX_UPSTREAM_BUILDS) {
            return;
        }
        String build = upstream.getUpstreamProject() + " #" + upstream.getUpstreamBuild();
        if (!visited.add(upstream.getUpstreamProject() + "#" + upstream.getUpstreamBuild())) {
            return;
        }
        // the cause keeps copies of the upstream build's causes, also when that build is deleted
        collectFromCauses(upstream.getUpstreamCauses(), build, depth, visited, found);
        Run<?, ?> upstreamRun = upstream.getUpstreamRun();
        if (upstreamRun != null) {
            collectAuthors(upstreamRun, upstreamRun.getFullDisplayName(), found);
        }
    }

    /**
     * Returns the user id a cause names: a {@link Cause.UserIdCause} (also its subclasses, such as replay and
     * rebuild causes) or any cause with a {@code getUserId()} that names a user Jenkins knows.
     */
    private static Optional<String> userIdOf(final Cause cause) {
        if (cause instanceof Cause.UserIdCause byUser) {
            return Optional.ofNullable(byUser.getUserId());
        }
        try {
            Method getter = cause.getClass().getMethod("getUserId");
            if (getter.getReturnType() == String.class && getter.getParameterCount() == 0) {
                Object id = getter.invoke(cause);
                if (id instanceof String userId && !userId.isBlank() && User.getById(userId, false) != null) {
                    return Optional.of(userId);
                }
            }
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException none) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Involvement> contributor(final Item job) {
        ContributorMetadataAction contributor =
                job instanceof Actionable actionable ? actionable.getAction(ContributorMetadataAction.class) : null;
        String userId = contributor == null ? null : contributor.getContributor();
        if (userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        SCMHead head = SCMHead.HeadByItem.findHead(job);
        String changeRequest = head == null ? job.getFullDisplayName() : head.getName();
        return Optional.of(Involvement.contributedChangeRequest(userId, changeRequest));
    }

    private static void collectAuthors(
            final Run<?, ?> run, @CheckForNull final String upstreamBuild, final Set<Involvement> found) {
        if (run instanceof RunWithSCM<?, ?> withScm) {
            for (ChangeLogSet<? extends ChangeLogSet.Entry> changes : withScm.getChangeSets()) {
                for (ChangeLogSet.Entry entry : changes) {
                    String author = entry.getAuthor().getId();
                    String change = describe(entry);
                    found.add(
                            upstreamBuild == null
                                    ? Involvement.authoredChange(author, change)
                                    : Involvement.authoredUpstreamChange(author, change, upstreamBuild));
                }
            }
        }
    }

    /** Names a change by its commit id, where the SCM has one, and the first line of its message. */
    @CheckForNull
    private static String describe(final ChangeLogSet.Entry entry) {
        String message = entry.getMsg() == null
                ? ""
                : entry.getMsg().strip().lines().findFirst().orElse("").replaceAll("[\\p{Cc}\\p{Cf}]", "\uFFFD");
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
        String commit = entry.getCommitId() == null ? null : entry.getCommitId().replaceAll("[\\p{Cc}\\p{Cf}]", "");
        if (commit == null || commit.isBlank()) {
            return message.isEmpty() ? null : "“" + message + "”";
        }
        String shortCommit = commit.length() > 12 ? commit.substring(0, 12) : commit;
        return message.isEmpty() ? shortCommit : shortCommit + " “" + message + "”";
    }
}
