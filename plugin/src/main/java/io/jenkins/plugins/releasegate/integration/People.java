package io.jenkins.plugins.releasegate.integration;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Run;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import hudson.security.ACL;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.scm.RunWithSCM;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Translates Jenkins users into the people the approval ledger judges, and finds the people a build
 * is about: who started it and who authored its changes.
 */
public final class People {
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
     * Returns the ids of the users who started the build: through a "Started by user" cause of the build
     * itself, or of a build upstream that triggered it, however far up. A user who starts a release job
     * through another job is still its initiator.
     *
     * @param run the build
     * @return the user ids, empty if no user started the build
     */
    public static Set<String> initiators(final Run<?, ?> run) {
        Set<String> users = new LinkedHashSet<>();
        for (CauseAction action : run.getActions(CauseAction.class)) {
            collectUsers(action.getCauses(), users);
        }
        return users;
    }

    private static void collectUsers(final List<Cause> causes, final Set<String> users) {
        for (Cause cause : causes) {
            if (cause instanceof Cause.UserIdCause byUser && byUser.getUserId() != null) {
                users.add(byUser.getUserId());
            } else if (cause instanceof Cause.UpstreamCause upstream) {
                collectUsers(upstream.getUpstreamCauses(), users);
            }
        }
    }

    /**
     * Returns the user ids of the authors of the changes in the build.
     *
     * @param run the build
     * @return the ids, empty if the build has no change log
     */
    public static Set<String> changeAuthors(final Run<?, ?> run) {
        Set<String> authors = new LinkedHashSet<>();
        if (run instanceof RunWithSCM<?, ?> withScm) {
            for (ChangeLogSet<? extends ChangeLogSet.Entry> changes : withScm.getChangeSets()) {
                for (ChangeLogSet.Entry entry : changes) {
                    authors.add(entry.getAuthor().getId());
                }
            }
        }
        return authors;
    }
}
