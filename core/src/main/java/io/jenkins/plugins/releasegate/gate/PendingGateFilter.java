package io.jenkins.plugins.releasegate.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which pending gates a list shows, and in which order: by ops profile (its name, without regard to case, as
 * profile names are unique), by folder (the gates of jobs inside it, however deep), and only those the person may
 * decide on. Open gates come by deadline, the nearest first; settled gates by when they settled, the latest
 * first.
 */
public final class PendingGateFilter {
    /** Shows every gate. */
    public static final PendingGateFilter ALL = new PendingGateFilter(null, null, false);

    @CheckForNull
    private final String profile;

    @CheckForNull
    private final String folder;

    private final boolean mayDecideOnly;

    private PendingGateFilter(
            @CheckForNull final String profile, @CheckForNull final String folder, final boolean mayDecideOnly) {
        this.profile = profile;
        this.folder = folder;
        this.mayDecideOnly = mayDecideOnly;
    }

    /**
     * Reads a filter as a form or a query sends it; blank values filter nothing.
     *
     * @param profile the profile's name, or {@code null}
     * @param folder the folder's full name, such as {@code team} or {@code /team/}, or {@code null}
     * @param mayDecideOnly whether to show only the gates the person may decide on
     * @return the filter
     */
    public static PendingGateFilter of(
            @CheckForNull final String profile, @CheckForNull final String folder, final boolean mayDecideOnly) {
        String folderName = folder == null ? "" : folder.strip().replaceAll("^/+|/+$", "");
        return new PendingGateFilter(
                profile == null || profile.isBlank() ? null : profile.strip(),
                folderName.isEmpty() ? null : folderName,
                mayDecideOnly);
    }

    /**
     * Returns the profile the list is filtered by.
     *
     * @return the name, empty if not filtered
     */
    public Optional<String> getProfile() {
        return Optional.ofNullable(profile);
    }

    /**
     * Returns the folder the list is filtered by.
     *
     * @return its full name without leading or trailing slashes, empty if not filtered
     */
    public Optional<String> getFolder() {
        return Optional.ofNullable(folder);
    }

    /**
     * Returns whether only the gates the person may decide on are shown.
     *
     * @return {@code true} for "I may decide"
     */
    public boolean isMayDecideOnly() {
        return mayDecideOnly;
    }

    /**
     * Says whether a row is shown.
     *
     * @param row the row
     * @return {@code true} if it passes every part of the filter
     */
    public boolean matches(final PendingGateRow row) {
        PendingGateView gate = row.getGate();
        if (profile != null
                && !gate.getProfile()
                        .map(name -> name.toLowerCase(Locale.ROOT).equals(profile.toLowerCase(Locale.ROOT)))
                        .orElse(false)) {
            return false;
        }
        if (folder != null && !gate.getPlace().jobFullName().startsWith(folder + "/")) {
            return false;
        }
        return !mayDecideOnly || row.isMayDecide();
    }

    /**
     * Keeps the rows that pass the filter, open gates by deadline (nearest first), settled gates by when they
     * settled (latest first).
     *
     * @param rows the rows
     * @return the rows shown
     */
    public List<PendingGateRow> apply(final List<PendingGateRow> rows) {
        return rows.stream().filter(this::matches).sorted(ORDER).toList();
    }

    private static final Comparator<PendingGateRow> ORDER = Comparator.comparing(
                    (PendingGateRow row) -> !row.getGate().isOpen())
            .thenComparing(row -> row.getGate().isOpen()
                    ? row.getGate()
                            .getDeadline()
                            .map(deadline -> deadline.toEpochMilli())
                            .orElse(Long.MAX_VALUE)
                    : -row.getGate().getUpdatedAt().toEpochMilli())
            .thenComparing(row -> row.getGate().getKey());
}
