package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Sentences;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A fact about how a person took part in the build a gate decides on: they started it, started a build upstream
 * that triggered it, contributed the change request it builds, or authored one of its changes or of an upstream
 * build's. A host finds these facts (the Jenkins plugin in the build's causes and change sets); the {@link
 * ApprovalLedger} decides under its policy who of them may not approve, and says why.
 *
 * @param userId the person's user id
 * @param kind how the person took part
 * @param change the change or change request, such as a commit id with its message or {@code PR-7}; {@code
 *     null} if the host does not know it
 * @param build the upstream build, such as {@code orders-build #12}; {@code null} for the build itself
 */
public record Involvement(
        String userId,
        Kind kind,
        @CheckForNull String change,
        @CheckForNull String build) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a person took part in the build. */
    public enum Kind {
        /** Started the build: "Started by user", a replay, a rebuild, or any cause naming a user. */
        STARTED_BUILD(true),
        /** Started a build upstream that triggered this one, however far up. */
        STARTED_UPSTREAM_BUILD(true),
        /** Contributed the change request (such as a pull request) the build is for. */
        CONTRIBUTED_CHANGE_REQUEST(true),
        /** Authored a change in the build's change sets. */
        AUTHORED_CHANGE(false),
        /** Authored a change in the change sets of a build upstream that triggered this one. */
        AUTHORED_UPSTREAM_CHANGE(false);

        private final boolean initiator;

        Kind(final boolean initiator) {
            this.initiator = initiator;
        }

        /**
         * Returns whether this makes the person one of the build's initiators, who approve only where the policy
         * allows self-approval; otherwise the person is a change author, who approves only where the policy does
         * not exclude change authors.
         *
         * @return {@code true} for an initiator
         */
        public boolean isInitiator() {
            return initiator;
        }
    }

    /**
     * Creates a fact.
     *
     * @param userId the person's user id
     * @param kind how the person took part
     * @param change the change or change request, or {@code null}
     * @param build the upstream build, or {@code null}
     */
    public Involvement {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(kind);
    }

    /**
     * Returns that a person started the build.
     *
     * @param userId the person's user id
     * @return the fact
     */
    public static Involvement startedBuild(final String userId) {
        return new Involvement(userId, Kind.STARTED_BUILD, null, null);
    }

    /**
     * Returns that a person started a build upstream that triggered this one.
     *
     * @param userId the person's user id
     * @param build the upstream build, such as {@code orders-build #12}
     * @return the fact
     */
    public static Involvement startedUpstreamBuild(final String userId, final String build) {
        return new Involvement(userId, Kind.STARTED_UPSTREAM_BUILD, null, build);
    }

    /**
     * Returns that a person contributed the change request the build is for.
     *
     * @param userId the person's user id
     * @param changeRequest the change request, such as {@code PR-7}
     * @return the fact
     */
    public static Involvement contributedChangeRequest(final String userId, final String changeRequest) {
        return new Involvement(userId, Kind.CONTRIBUTED_CHANGE_REQUEST, changeRequest, null);
    }

    /**
     * Returns that a person authored a change in the build.
     *
     * @param userId the person's user id
     * @param change the change, or {@code null} if unknown
     * @return the fact
     */
    public static Involvement authoredChange(final String userId, @CheckForNull final String change) {
        return new Involvement(userId, Kind.AUTHORED_CHANGE, change, null);
    }

    /**
     * Returns that a person authored a change in a build upstream that triggered this one.
     *
     * @param userId the person's user id
     * @param change the change, or {@code null} if unknown
     * @param build the upstream build
     * @return the fact
     */
    public static Involvement authoredUpstreamChange(
            final String userId, @CheckForNull final String change, final String build) {
        return new Involvement(userId, Kind.AUTHORED_UPSTREAM_CHANGE, change, build);
    }

    /**
     * Returns the facts of hosts that know only user ids: each initiator started the build, each author
     * authored a change in it.
     *
     * @param initiators the user ids of the build's initiators
     * @param changeAuthors the user ids of the authors of its changes
     * @return the facts, initiators first
     */
    public static List<Involvement> of(final Set<String> initiators, final Set<String> changeAuthors) {
        List<Involvement> facts = new ArrayList<>();
        initiators.stream().sorted().forEach(id -> facts.add(startedBuild(id)));
        changeAuthors.stream().sorted().forEach(id -> facts.add(authoredChange(id, null)));
        return List.copyOf(facts);
    }

    /**
     * Returns whether the fact bars its person from approving under a policy.
     *
     * @param policy the approval policy
     * @return {@code true} if the person may not approve because of it
     */
    public boolean excludes(final ApprovalPolicy policy) {
        return kind.isInitiator() ? !policy.isAllowSelfApproval() : policy.isExcludeChangeAuthors();
    }

    /**
     * Says in a few words how the person took part, such as "started this build" or "authored the change a1b2c3d
     * in this build", for lists of the people who may not approve.
     *
     * @param locale the language; English where the message bundle has no translation
     * @return the words
     */
    public String describe(final Locale locale) {
        return Sentences.format(Involvement.class, locale, key("Involvement"), change, build);
    }

    /**
     * Returns the refusal of an approval because of this fact.
     *
     * @param person the person, as the sentence names them
     * @return the refusal, whose sentence says why and what to do
     */
    Refusal refusal(final Person person) {
        String key =
                switch (kind) {
                    case STARTED_BUILD -> "ApprovalLedger.selfApproval";
                    case AUTHORED_CHANGE -> change == null ? "ApprovalLedger.changeAuthor" : key("ApprovalLedger");
                    default -> key("ApprovalLedger");
                };
        return new Refusal(key, person, change, build);
    }

    private String key(final String prefix) {
        return prefix + "." + kind.name() + (change == null && kind.name().contains("CHANGE") ? ".unnamed" : "");
    }
}
