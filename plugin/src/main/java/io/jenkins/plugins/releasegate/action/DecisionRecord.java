package io.jenkins.plugins.releasegate.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.LedgerEntry;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One entry of a gate's decision history as kept in {@code build.xml}: who decided what, when, why, on
 * which evidence and through which channel; or a timeout, voiding or cancellation.
 */
@ExportedBean(defaultVisibility = 2)
public final class DecisionRecord {
    private final LedgerEntry.Kind kind;
    private final String userId;
    private final String displayName;
    private final List<String> groups;
    private final long timestamp;
    private final String comment;

    @CheckForNull
    private final String digest;

    private final String channel;

    /**
     * Copies a ledger entry.
     *
     * @param entry the entry
     */
    public DecisionRecord(final LedgerEntry entry) {
        this.kind = entry.kind();
        this.userId = entry.userId();
        this.displayName = entry.displayName();
        this.groups = new ArrayList<>(entry.groups().stream().sorted().toList());
        this.timestamp = entry.at().toEpochMilli();
        this.comment = entry.comment();
        this.digest = entry.digest();
        this.channel = entry.channel();
    }

    /**
     * Returns what happened.
     *
     * @return the kind
     */
    @Exported
    public LedgerEntry.Kind getKind() {
        return kind;
    }

    /**
     * Returns what happened in words, for views.
     *
     * @return the localized kind
     */
    public String getKindDisplayName() {
        return switch (kind) {
            case APPROVE -> Messages.DecisionKind_APPROVE();
            case OVERRIDE -> Messages.DecisionKind_OVERRIDE();
            case REJECT -> Messages.DecisionKind_REJECT();
            case VOID -> Messages.DecisionKind_VOID();
            case TIMEOUT -> Messages.DecisionKind_TIMEOUT();
            case CANCEL -> Messages.DecisionKind_CANCEL();
        };
    }

    /**
     * Returns who decided; {@value LedgerEntry#SYSTEM} for events without a person.
     *
     * @return the user id
     */
    @Exported
    public String getUserId() {
        return userId;
    }

    /**
     * Returns the name shown to people.
     *
     * @return the display name
     */
    @Exported
    public String getDisplayName() {
        return displayName;
    }

    /**
     * Returns the groups of the person when they decided. Kept with the build for audits, never exported
     * through the remote API: group memberships are not for everyone who may read the job.
     *
     * @return the groups
     */
    public List<String> getGroups() {
        return List.copyOf(groups);
    }

    /**
     * Returns when, in milliseconds since the epoch.
     *
     * @return the time
     */
    @Exported
    public long getTimestamp() {
        return timestamp;
    }

    /**
     * Returns when, for views.
     *
     * @return the time
     */
    public Date getTime() {
        return new Date(timestamp);
    }

    /**
     * Returns the comment or justification.
     *
     * @return the comment, empty if none
     */
    @Exported
    public String getComment() {
        return comment;
    }

    /**
     * Returns the digest of the evidence the person saw.
     *
     * @return the digest, or {@code null}
     */
    @CheckForNull
    @Exported
    public String getDigest() {
        return digest;
    }

    /**
     * Returns how the decision arrived: {@code web}, {@code api} or {@code system}.
     *
     * @return the channel
     */
    @Exported
    public String getChannel() {
        return channel;
    }
}
