package io.jenkins.plugins.releasegate.definition;

import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.approval.Grantee;
import io.jenkins.plugins.releasegate.notify.NotificationSettings;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Combines a base definition owned by ops (a profile) with a definition from the repository being
 * released. The result keeps every base check and the stricter of every threshold and approval setting;
 * the repository may add checks and tighten, never remove, loosen or weaken. Every attempt to loosen is
 * not applied and is reported as a note in the merged definition.
 */
public final class ProfileMerger {
    /**
     * The approval keys a repository's definition may not loosen when no ops profile applies (see {@link
     * #withoutProfile}).
     */
    public static final List<String> LOOSENING_APPROVAL_KEYS =
            List.of("approvers", "allowSelfApproval", "excludeChangeAuthors", "requireComment", "onFail", "overriders");

    /** The top-level key of the notifications, which only an ops profile sets. */
    private static final String NOTIFICATIONS = "notifications";

    /**
     * Merges a repository definition into a base definition.
     *
     * @param base the ops-owned base definition
     * @param repository the repository's definition
     * @return the merged definition, with notes
     */
    public GateDefinition merge(final GateDefinition base, final GateDefinition repository) {
        List<String> notes = new ArrayList<>(base.getNotes());
        String prefix = repository.getSource() + ": ";

        Duration timeout = base.getTimeout();
        if (repository.getExplicitKeys().contains("timeout")) {
            if (repository.getTimeout().compareTo(base.getTimeout()) <= 0) {
                timeout = repository.getTimeout();
            } else {
                notes.add(prefix + "timeout " + Quantity.format(repository.getTimeout())
                        + " is longer than the profile's " + Quantity.format(base.getTimeout())
                        + "; the profile's applies");
            }
        }
        ErrorPolicy onError = base.getOnError();
        if (repository.getExplicitKeys().contains("onError")) {
            if (repository.getOnError() == ErrorPolicy.FAIL) {
                onError = ErrorPolicy.FAIL;
            } else if (base.getOnError() == ErrorPolicy.FAIL) {
                notes.add(
                        prefix
                                + "onError: warn would let unmeasured checks pass with a warning; the profile's onError: fail applies");
            }
        }

        Map<String, CheckDefinition> repositoryChecks = new LinkedHashMap<>();
        repository
                .getChecks()
                .forEach(check -> repositoryChecks.put(check.getId().toLowerCase(Locale.ROOT), check));
        List<CheckDefinition> checks = new ArrayList<>();
        for (CheckDefinition baseCheck : base.getChecks()) {
            CheckDefinition repositoryCheck =
                    repositoryChecks.remove(baseCheck.getId().toLowerCase(Locale.ROOT));
            checks.add(repositoryCheck == null ? baseCheck : mergeCheck(baseCheck, repositoryCheck, prefix, notes));
        }
        checks.addAll(repositoryChecks.values());

        ApprovalPolicy approval = mergeApproval(
                base.getApproval(), repository.getApproval(), repository.getExplicitApprovalKeys(), prefix, notes);
        if (repository.getExplicitKeys().contains(NOTIFICATIONS)) {
            notes.add(prefix + "notifications are owned by the profile and are not applied: ask a Jenkins administrator"
                    + " to add them to the profile, so that ops decide who is told");
        }
        notes.addAll(repository.getNotes());
        return new GateDefinition(
                base.getName(),
                base.getSource() + " + " + repository.getSource(),
                timeout,
                onError,
                checks,
                approval,
                notes,
                base.getExplicitKeys(),
                base.getExplicitApprovalKeys(),
                false,
                base.getNotifications());
    }

    /**
     * Reads a repository's definition when no ops profile applies to the gate: everything applies as written
     * except the approval settings that would loosen the default policy, which are not applied and are named in
     * a note. The loosening settings are {@link #LOOSENING_APPROVAL_KEYS}: a list of {@code approvers} (the
     * repository would choose who approves), {@code allowSelfApproval: true}, {@code excludeChangeAuthors: false},
     * {@code requireComment: never}, {@code onFail: override} and a list of {@code overriders}; in their place
     * the defaults apply (anyone with the Approve permission, no self-approval, no approval by change authors, a
     * comment unless PASS, FAIL blocks). Tightening settings ({@code minApprovals}, {@code requireComment:
     * always}, {@code timeout}, {@code onTimeout}, {@code onWorseEvidence}) apply.
     *
     * @param repository the repository's definition
     * @param reason why no profile applies and what to do, for the note, such as {@code no ops profile is
     *     configured: ask an administrator to configure one}
     * @return the definition, marked {@linkplain GateDefinition#isWithoutProfile() without profile}
     */
    public GateDefinition withoutProfile(final GateDefinition repository, final String reason) {
        ApprovalPolicy written = repository.getApproval();
        ApprovalPolicy defaults = ApprovalPolicy.defaults();
        Set<String> explicit = repository.getExplicitApprovalKeys();
        ApprovalPolicy.Builder applied = written.toBuilder();
        List<String> withheld = new ArrayList<>();
        if (explicit.contains("approvers") && !written.getApprovers().isEmpty()) {
            withheld.add("approvers [" + String.join(", ", written.getApprovers()) + "]");
            applied.approvers(defaults.getApprovers());
        }
        if (explicit.contains("allowSelfApproval") && written.isAllowSelfApproval()) {
            withheld.add("allowSelfApproval: true");
            applied.allowSelfApproval(defaults.isAllowSelfApproval());
        }
        if (explicit.contains("excludeChangeAuthors") && !written.isExcludeChangeAuthors()) {
            withheld.add("excludeChangeAuthors: false");
            applied.excludeChangeAuthors(defaults.isExcludeChangeAuthors());
        }
        if (explicit.contains("requireComment")
                && written.getRequireComment().compareTo(defaults.getRequireComment()) > 0) {
            withheld.add("requireComment: never");
            applied.requireComment(defaults.getRequireComment());
        }
        if (explicit.contains("onFail") && written.getOnFail() == ApprovalPolicy.OnFail.OVERRIDE) {
            withheld.add("onFail: override");
            applied.onFail(defaults.getOnFail());
        }
        if (explicit.contains("overriders") && !written.getOverriders().isEmpty()) {
            withheld.add("overriders [" + String.join(", ", written.getOverriders()) + "]");
        }
        applied.overriders(List.of()); // FAIL blocks, so nobody overrides
        List<String> notes = new ArrayList<>();
        if (!withheld.isEmpty()) {
            notes.add(repository.getSource() + ": approval " + String.join(", ", withheld)
                    + (withheld.size() == 1 ? " is" : " are") + " not applied: " + reason
                    + ". Without an ops profile the repository may tighten the approval policy but not loosen it:"
                    + " anyone with the Approve permission approves, the build's initiators and the authors of its"
                    + " changes may not, a comment is required unless PASS, and FAIL blocks");
        }
        if (repository.getExplicitKeys().contains(NOTIFICATIONS)) {
            notes.add(repository.getSource() + ": notifications are not applied: " + reason
                    + ". Notifications belong to an ops profile, so that ops decide who is told");
        }
        notes.addAll(repository.getNotes());
        return new GateDefinition(
                repository.getName(),
                repository.getSource(),
                repository.getTimeout(),
                repository.getOnError(),
                repository.getChecks(),
                applied.build(),
                notes,
                repository.getExplicitKeys(),
                repository.getExplicitApprovalKeys(),
                true,
                NotificationSettings.none());
    }

    /**
     * Applies the administrator's rules to an ops profile before a gate uses it. A profile may let the authors of
     * a build's changes approve ({@code excludeChangeAuthors: false}) only where the administrator allows it;
     * otherwise change authors stay excluded and a note says so. A profile that reaches a gate without being
     * checked when it was saved (such as through Configuration as Code, or saved before the administrator
     * withdrew the permission) is held to the same rule here.
     *
     * @param profile the profile's definition
     * @param changeAuthorsMayApprove whether the administrator allows profiles to let change authors approve
     * @return the profile's definition as it applies, with a note if a setting was not applied
     */
    public GateDefinition applyAdministratorRules(final GateDefinition profile, final boolean changeAuthorsMayApprove) {
        if (changeAuthorsMayApprove || profile.getApproval().isExcludeChangeAuthors()) {
            return profile;
        }
        List<String> notes = new ArrayList<>(profile.getNotes());
        notes.add(relaxationProblem(profile.getSource()) + "; change authors may not approve");
        return new GateDefinition(
                profile.getName(),
                profile.getSource(),
                profile.getTimeout(),
                profile.getOnError(),
                profile.getChecks(),
                profile.getApproval().toBuilder().excludeChangeAuthors(true).build(),
                notes,
                profile.getExplicitKeys(),
                profile.getExplicitApprovalKeys(),
                profile.isWithoutProfile(),
                profile.getNotifications());
    }

    /**
     * Says that a profile lets change authors approve without the administrator's leave, and what to do.
     *
     * @param source where the profile comes from, such as {@code profile production}
     * @return the sentence
     */
    static String relaxationProblem(final String source) {
        return source + ": approval excludeChangeAuthors: false is not allowed: the administrator has not allowed"
                + " profiles to let the authors of a build's changes approve it. Remove the setting, or ask an"
                + " administrator to allow it in the global Release Gate configuration";
    }

    private static CheckDefinition mergeCheck(
            final CheckDefinition base,
            final CheckDefinition repository,
            final String prefix,
            final List<String> notes) {
        String what = prefix + "check '" + base.getId() + "'";
        if (!base.getType().name().equals(repository.getType().name())) {
            notes.add(what + " has type " + repository.getType().name() + " but the profile's check of that id is "
                    + base.getType().name() + "; the repository's check is not applied. Give it another id to add it.");
            return base;
        }
        boolean required = base.isRequired();
        if (repository.getExplicitKeys().contains("required")) {
            if (repository.isRequired()) {
                required = true;
            } else if (base.isRequired()) {
                notes.add(what + " required: false would make a required check advisory; it stays required");
            }
        }
        Duration timeout = base.getTimeout();
        if (repository.getExplicitKeys().contains("timeout")
                && !repository.getTimeout().equals(base.getTimeout())) {
            notes.add(what + " timeout " + Quantity.format(repository.getTimeout()) + " is not applied; the profile's "
                    + Quantity.format(base.getTimeout()) + " applies");
        }
        List<Threshold> thresholds = new ArrayList<>();
        for (Threshold baseThreshold : base.getThresholds().asMap().values()) {
            Threshold merged = baseThreshold;
            String metric = baseThreshold.metric();
            if (repository.getExplicitThresholds().contains(metric)) {
                // Only the levels the repository writes are compared; a level it leaves out keeps the profile's
                // limit, not the type's default.
                Threshold written = repository.getThresholds().get(metric);
                Threshold repositoryThreshold = new Threshold(
                        metric,
                        baseThreshold.unit(),
                        baseThreshold.direction(),
                        repository.isExplicitLimit(metric, "warn") ? written.warn() : baseThreshold.warn(),
                        repository.isExplicitLimit(metric, "fail") ? written.fail() : baseThreshold.fail());
                merged = baseThreshold.stricter(repositoryThreshold);
                if (!repositoryThreshold.isAtLeastAsStrictAs(baseThreshold)) {
                    notes.add(what + " threshold " + metric + " (" + repositoryThreshold.describe()
                            + ") is looser than the profile's (" + baseThreshold.describe()
                            + "); the stricter limits apply: "
                            + merged.describe());
                }
            }
            thresholds.add(merged);
        }
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, Object> setting : repository.getSettings().entrySet()) {
            if (!Objects.equals(base.getSettings().get(setting.getKey()), setting.getValue())) {
                changed.add(setting.getKey());
            }
        }
        if (!changed.isEmpty()) {
            notes.add(what + " settings " + String.join(", ", changed)
                    + " differ from the profile's and are not applied: the profile owns what a check measures");
        }
        return base.with(required, timeout, new Thresholds(thresholds));
    }

    private static ApprovalPolicy mergeApproval(
            final ApprovalPolicy base,
            final ApprovalPolicy repository,
            final Set<String> explicit,
            final String prefix,
            final List<String> notes) {
        ApprovalPolicy.Builder merged = base.toBuilder();
        String what = prefix + "approval ";
        if (explicit.contains("approvers")) {
            narrow(base.getApprovers(), repository.getApprovers(), "approvers", what, notes)
                    .ifPresent(merged::approvers);
        }
        if (explicit.contains("minApprovals")) {
            if (repository.getMinApprovals() >= base.getMinApprovals()) {
                merged.minApprovals(repository.getMinApprovals());
            } else {
                notes.add(what + "minApprovals " + repository.getMinApprovals() + " is fewer than the profile's "
                        + base.getMinApprovals() + "; the profile's applies");
            }
        }
        if (explicit.contains("allowSelfApproval")) {
            if (!repository.isAllowSelfApproval()) {
                merged.allowSelfApproval(false);
            } else if (!base.isAllowSelfApproval()) {
                notes.add(what + "allowSelfApproval: true is not applied; the profile forbids self-approval");
            }
        }
        if (explicit.contains("excludeChangeAuthors") && repository.isExcludeChangeAuthors()) {
            merged.excludeChangeAuthors(true);
        } else if (explicit.contains("excludeChangeAuthors") && base.isExcludeChangeAuthors()) {
            notes.add(what + "excludeChangeAuthors: false is not applied; the profile excludes change authors");
        }
        if (explicit.contains("requireComment")) {
            if (repository.getRequireComment().compareTo(base.getRequireComment()) <= 0) {
                merged.requireComment(repository.getRequireComment());
            } else {
                notes.add(what + "requireComment is looser than the profile's; the profile's applies");
            }
        }
        if (explicit.contains("onFail")) {
            if (repository.getOnFail() == ApprovalPolicy.OnFail.BLOCK) {
                merged.onFail(ApprovalPolicy.OnFail.BLOCK).overriders(List.of());
            } else if (base.getOnFail() == ApprovalPolicy.OnFail.BLOCK) {
                notes.add(what + "onFail: override is not applied; the profile blocks failing gates");
            }
        }
        if (explicit.contains("overriders") && base.getOnFail() == ApprovalPolicy.OnFail.OVERRIDE) {
            narrow(base.getOverriders(), repository.getOverriders(), "overriders", what, notes)
                    .ifPresent(merged::overriders);
        }
        if (explicit.contains("timeout")) {
            if (repository.getTimeout().compareTo(base.getTimeout()) <= 0) {
                merged.timeout(repository.getTimeout());
            } else {
                notes.add(
                        what + "timeout " + Quantity.format(repository.getTimeout()) + " is longer than the profile's "
                                + Quantity.format(base.getTimeout()) + "; the profile's applies");
            }
        }
        if (explicit.contains("onTimeout") && repository.getOnTimeout() != base.getOnTimeout()) {
            notes.add(what + "onTimeout is owned by the profile and is not applied");
        }
        if (explicit.contains("onWorseEvidence")) {
            if (repository.getOnWorseEvidence() == ApprovalPolicy.OnWorseEvidence.FAIL) {
                merged.onWorseEvidence(ApprovalPolicy.OnWorseEvidence.FAIL);
            } else if (base.getOnWorseEvidence() == ApprovalPolicy.OnWorseEvidence.FAIL) {
                notes.add(what
                        + "onWorseEvidence: wait is not applied; the profile fails the gate when evidence gets worse");
            }
        }
        return merged.build();
    }

    /**
     * Narrows a list of people: the repository may name a subset of the base's, or any list when the base
     * names nobody (anyone with the permission). An entry is within the base's when the base admits everyone it
     * admits: {@code group:ops} is within a bare {@code ops}, but {@code user:ops} is not, nor is a bare {@code ops}
     * within {@code group:ops} (see {@link Grantee#isWithin}).
     */
    private static Optional<List<String>> narrow(
            final List<String> base,
            final List<String> repository,
            final String key,
            final String what,
            final List<String> notes) {
        if (repository.isEmpty()) {
            if (!base.isEmpty()) {
                notes.add(what + key + ": an empty list would widen the profile's " + key + "; the profile's apply");
            }
            return Optional.empty();
        }
        if (base.isEmpty()) {
            return Optional.of(repository);
        }
        List<Grantee> baseEntries = readable(base);
        List<String> outside =
                repository.stream().filter(name -> !isWithin(name, baseEntries)).toList();
        if (!outside.isEmpty()) {
            notes.add(what + key + " " + String.join(", ", outside) + " are not among the profile's " + key + " ("
                    + String.join(", ", base) + "); the profile's apply");
            return Optional.empty();
        }
        return Optional.of(repository);
    }

    private static List<Grantee> readable(final List<String> names) {
        List<Grantee> entries = new ArrayList<>();
        for (String name : names) {
            try {
                entries.add(Grantee.parse(name));
            } catch (IllegalArgumentException unreadable) {
                // admits nobody, so it covers nobody
            }
        }
        return entries;
    }

    private static boolean isWithin(final String name, final List<Grantee> base) {
        try {
            return Grantee.isWithin(Grantee.parse(name), base);
        } catch (IllegalArgumentException unreadable) {
            return true;
        }
    }
}
