package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import hudson.security.ACL;
import io.jenkins.plugins.releasegate.approval.Person;
import io.jenkins.plugins.releasegate.security.ReleaseGatePermissions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
                groups(authentication.getAuthorities()),
                run.hasPermission(ReleaseGatePermissions.APPROVE),
                run.hasPermission(ReleaseGatePermissions.OVERRIDE)));
    }

    /**
     * Returns the id of the user who started the build, if a user did.
     *
     * @param run the build
     * @return the user id, {@code null} if the build was not started by a user
     */
    @CheckForNull
    public static String initiator(final Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        return cause == null ? null : cause.getUserId();
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

    private static Set<String> groups(final Collection<? extends GrantedAuthority> authorities) {
        Set<String> groups = new TreeSet<>();
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (name != null && !"authenticated".equals(name)) {
                groups.add(name);
            }
        }
        return groups;
    }
}
