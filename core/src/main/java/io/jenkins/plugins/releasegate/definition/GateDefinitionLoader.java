package io.jenkins.plugins.releasegate.definition;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.approval.ApprovalPolicy;
import io.jenkins.plugins.releasegate.notify.NotificationSettings;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.ChecklistItem;
import io.jenkins.plugins.releasegate.spi.Direction;
import io.jenkins.plugins.releasegate.spi.Problems;
import io.jenkins.plugins.releasegate.spi.Quantity;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Threshold;
import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import io.jenkins.plugins.releasegate.spi.WorkspaceFiles;
import io.jenkins.plugins.releasegate.spi.YamlDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads gate definitions (YAML, {@code version: 1}) and reports every problem at once, each with file,
 * line, column, YAML path and what to do.
 */
public final class GateDefinitionLoader {
    /** The only definition format version so far. */
    public static final int VERSION = 1;
    /** A check's timeout when it names none. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Settings.DEFAULT_CHECK_TIMEOUT;
    /** The largest definition read, in characters. */
    public static final int MAX_LENGTH = 1_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> COMMON_CHECK_KEYS =
            Set.of("id", "type", "required", "timeout", "thresholds", "description");

    private final CheckTypes types;

    /**
     * Creates a loader for the given check types.
     *
     * @param types the check types definitions may use
     */
    public GateDefinitionLoader(final CheckTypes types) {
        this.types = types;
    }

    /**
     * Loads a gate's definition from an ops-owned base (a profile), a repository's definition, or both: the
     * repository's merged onto the base, so the base's checks are kept and the stricter of every setting
     * applies.
     *
     * @param base the ops-owned base, or {@code null}
     * @param repository the repository's definition, or {@code null}
     * @return the definition, empty if neither is given
     * @throws InvalidDefinitionException if either has problems
     */
    public Optional<GateDefinition> loadMerged(
            @CheckForNull final DefinitionText base, @CheckForNull final DefinitionText repository)
            throws InvalidDefinitionException {
        GateDefinition ops = base == null ? null : load(base.yaml(), base.source());
        GateDefinition own = repository == null ? null : load(repository.yaml(), repository.source());
        if (ops != null && own != null) {
            return Optional.of(new ProfileMerger().merge(ops, own));
        }
        return Optional.ofNullable(ops == null ? own : ops);
    }

    /**
     * Loads a gate's definition as a host that expects an ops profile does: the repository's merged onto the
     * profile when one applies, else the repository's alone without the approval settings that would loosen the
     * default policy (see {@link ProfileMerger#withoutProfile}).
     *
     * @param profile the ops profile that applies, or {@code null} if none does
     * @param repository the repository's definition, or {@code null}
     * @param noProfileReason why no profile applies and what to do, for the note when settings are not applied
     * @return the definition, empty if neither is given
     * @throws InvalidDefinitionException if either has problems
     */
    public Optional<GateDefinition> loadMerged(
            @CheckForNull final DefinitionText profile,
            @CheckForNull final DefinitionText repository,
            final String noProfileReason)
            throws InvalidDefinitionException {
        return loadMerged(profile, repository, noProfileReason, false);
    }

    /**
     * Loads a gate's definition as a host that expects an ops profile does, under the administrator's rules for
     * profiles: the profile first gets {@link ProfileMerger#applyAdministratorRules}, then the repository's
     * definition is merged onto it; without a profile, the repository's alone applies without the approval
     * settings that would loosen the default policy (see {@link ProfileMerger#withoutProfile}).
     *
     * @param profile the ops profile that applies, or {@code null} if none does
     * @param repository the repository's definition, or {@code null}
     * @param noProfileReason why no profile applies and what to do, for the note when settings are not applied
     * @param changeAuthorsMayApprove whether the administrator allows profiles to let change authors approve
     * @return the definition, empty if neither is given
     * @throws InvalidDefinitionException if either has problems
     */
    public Optional<GateDefinition> loadMerged(
            @CheckForNull final DefinitionText profile,
            @CheckForNull final DefinitionText repository,
            final String noProfileReason,
            final boolean changeAuthorsMayApprove)
            throws InvalidDefinitionException {
        ProfileMerger merger = new ProfileMerger();
        GateDefinition ops = profile == null
                ? null
                : merger.applyAdministratorRules(load(profile.yaml(), profile.source()), changeAuthorsMayApprove);
        GateDefinition own = repository == null ? null : load(repository.yaml(), repository.source());
        if (ops == null) {
            return Optional.ofNullable(own).map(definition -> merger.withoutProfile(definition, noProfileReason));
        }
        return Optional.of(own == null ? ops : merger.merge(ops, own));
    }

    /**
     * Lists the problems of a definition, each as {@code file:line:column: path: message}, such as for a form
     * that validates a profile before it is saved.
     *
     * @param yaml the YAML text
     * @param fileName the file name as the user knows it, such as {@code profile production}
     * @return every problem, in file order; empty if the definition is valid
     */
    public List<String> problems(final String yaml, final String fileName) {
        try {
            load(yaml, fileName);
            return List.of();
        } catch (InvalidDefinitionException exception) {
            return exception.getProblems().stream().map(Object::toString).toList();
        }
    }

    /**
     * Reads the text of a definition file in a workspace, for {@link #load(String, String)}: at most
     * {@value #MAX_LENGTH} characters of UTF-8, so at most four times as many bytes are read.
     *
     * @param workspace the workspace
     * @param path the file's path relative to the workspace root
     * @return the text
     * @throws IOException with a sentence saying what to do, if the file does not exist, leaves the
     *     workspace, is not a regular file, is too large, or cannot be read
     * @throws InterruptedException if interrupted
     */
    public static String readText(final WorkspaceFiles workspace, final String path)
            throws IOException, InterruptedException {
        if (!workspace.isFile(path)) {
            throw new IOException("The gate definition '" + path + "' does not exist in the workspace "
                    + workspace.describe() + ": check the path, and check out the repository before the gate runs");
        }
        return workspace.read(path, MAX_LENGTH * 4);
    }

    /**
     * Reads a definition file.
     *
     * @param file the file
     * @return the definition
     * @throws IOException if the file cannot be read
     * @throws InvalidDefinitionException if the definition has problems
     */
    public GateDefinition load(final Path file) throws IOException, InvalidDefinitionException {
        return load(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads a definition.
     *
     * @param yaml the YAML text
     * @param fileName the file name as the user knows it, used in messages
     * @return the definition
     * @throws InvalidDefinitionException if the definition has problems
     */
    public GateDefinition load(final String yaml, final String fileName) throws InvalidDefinitionException {
        Problems problems = new Problems(fileName);
        Node root = YamlDocuments.compose(
                        yaml,
                        problems,
                        "a gate definition",
                        "a gate definition starts with 'version: 1', 'name:' and 'checks:' (see docs/configuration.md)",
                        MAX_LENGTH)
                .orElse(null);
        if (root == null) {
            throw new InvalidDefinitionException(problems.asList());
        }
        Settings document = Settings.of(root, "", problems);
        if (!(root instanceof MappingNode)) {
            throw new InvalidDefinitionException(problems.asList());
        }
        GateDefinition definition = read(document, fileName);
        document.reportUnknownKeys();
        if (problems.hasProblems()) {
            throw new InvalidDefinitionException(problems.asList());
        }
        return definition;
    }

    private GateDefinition read(final Settings document, final String fileName) {
        Optional<String> version = document.optionalString("version").map(String::trim);
        if (!document.has("version")) {
            document.problem("version", "is required: start the file with 'version: 1'");
        } else if (version.isPresent() && !version.get().equals(String.valueOf(VERSION))) {
            document.problem(
                    "version",
                    "version '" + version.get() + "' is not supported: this Release Gate reads 'version: " + VERSION
                            + "'");
        }
        String name = document.requiredString("name", "a name for the gate, such as 'orders production release'");
        document.optionalString("description");
        Duration timeout = document.duration("timeout", GateDefinition.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            document.problem("timeout", "must be longer than zero, such as 10m");
        }
        ErrorPolicy onError = document.choice("onError", ErrorPolicy.class, ErrorPolicy.FAIL);

        List<CheckDefinition> checks = new ArrayList<>();
        if (!document.has("checks")) {
            document.problem(
                    "checks",
                    "is required: list at least one check, for example '- {id: health, type: httpHealth, url: https://example.com/health}'");
        }
        Set<String> ids = new HashSet<>();
        for (Settings checkSettings : document.sectionList("checks")) {
            readCheck(checkSettings, ids).ifPresent(checks::add);
        }
        Map<String, String> checklistOwners = new LinkedHashMap<>();
        for (CheckDefinition check : checks) {
            for (ChecklistItem item : check.getCheck().checklist()) {
                String owner = checklistOwners.putIfAbsent(item.id(), check.getId());
                if (owner != null) {
                    document.problem(
                            "checks",
                            "checklist item '" + item.id() + "' appears in checks '" + owner + "' and '" + check.getId()
                                    + "': give each item its own id");
                }
            }
        }
        Optional<Settings> approvalSettings = document.section("approval");
        ApprovalPolicy approval = approvalSettings.map(ApprovalPolicy::read).orElse(ApprovalPolicy.defaults());
        NotificationSettings notifications = document.section("notifications")
                .map(NotificationSettings::read)
                .orElse(NotificationSettings.none());
        return new GateDefinition(
                name,
                fileName,
                timeout,
                onError,
                checks,
                approval,
                List.of(),
                document.keys(),
                approvalSettings.map(Settings::keys).orElse(Set.of()),
                false,
                notifications);
    }

    private Optional<CheckDefinition> readCheck(final Settings settings, final Set<String> ids) {
        if (!(settings.node() instanceof MappingNode)) {
            return Optional.empty(); // reported by Settings
        }
        String id = settings.requiredString("id", "a short URL-safe name for the check, such as 'orders-db'");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            settings.problem(
                    "id",
                    "'" + id
                            + "' is not a valid id: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters");
        } else if (!id.isEmpty() && !ids.add(id.toLowerCase(Locale.ROOT))) {
            settings.problem("id", "'" + id + "' is used by another check: every check needs its own id");
        }
        String typeName = settings.requiredString("type", "the check type, one of " + String.join(", ", types.names()));
        boolean required = settings.bool("required", true);
        Duration timeout = settings.duration("timeout", DEFAULT_CHECK_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            settings.problem("timeout", "must be longer than zero, such as 30s");
        }
        String description = settings.optionalString("description").orElse(null);
        Optional<CheckType> type = typeName.isEmpty() ? Optional.empty() : types.get(typeName);
        if (type.isEmpty()) {
            if (!typeName.isEmpty()) {
                settings.problem(
                        "type",
                        "unknown check type '" + typeName + "'"
                                + Settings.suggestion(typeName, types.names())
                                        .replace("; known keys here:", "; known types:"));
            }
            markAllKnown(settings);
            return Optional.empty();
        }
        Set<String> explicitThresholds = new HashSet<>();
        Set<String> explicitLimits = new HashSet<>();
        Thresholds thresholds = readThresholds(settings, type.get().thresholds(), explicitThresholds, explicitLimits);
        if (!timeout.isZero() && !timeout.isNegative()) {
            settings.checkTimeout(timeout);
        }
        Check check = type.get().create(settings);
        return Optional.of(new CheckDefinition(
                id,
                type.get(),
                required,
                timeout,
                thresholds,
                check,
                plainSettings(settings),
                settings.location("id"),
                description,
                settings.keys(),
                explicitThresholds,
                explicitLimits));
    }

    private static void markAllKnown(final Settings settings) {
        settings.markKnown(settings.keys().toArray(String[]::new));
    }

    private static Thresholds readThresholds(
            final Settings settings,
            final List<ThresholdSpec> specs,
            final Set<String> explicit,
            final Set<String> explicitLimits) {
        Map<String, ThresholdSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        Map<String, Threshold> result = new LinkedHashMap<>();
        specs.forEach(spec -> result.put(spec.name(), spec.defaults()));
        Optional<Settings> section = settings.section("thresholds");
        if (section.isEmpty()) {
            return new Thresholds(result.values());
        }
        if (specs.isEmpty()) {
            settings.problem("thresholds", "this check type has no thresholds to set: remove 'thresholds'");
            markAllKnown(section.get());
            return new Thresholds(result.values());
        }
        for (String metric : section.get().keys()) {
            ThresholdSpec spec = byName.get(metric);
            if (spec == null) {
                section.get().markKnown(metric);
                section.get()
                        .problem(
                                metric,
                                "unknown metric"
                                        + Settings.suggestion(metric, byName.keySet())
                                                .replace("known keys here", "metrics of this check"));
                continue;
            }
            explicit.add(metric);
            if (!section.get().has(metric)) {
                section.get().problem(metric, limitsHint(spec));
            }
            section.get().section(metric).ifPresent(limits -> {
                result.put(metric, readThreshold(limits, spec));
                for (String level : List.of("warn", "fail")) {
                    if (limits.has(level)) {
                        explicitLimits.add(CheckDefinition.limitKey(metric, level));
                    }
                }
            });
        }
        return new Thresholds(result.values());
    }

    private static Threshold readThreshold(final Settings limits, final ThresholdSpec spec) {
        Double warn = readLimit(limits, "warn", spec);
        Double fail = readLimit(limits, "fail", spec);
        if (!limits.has("warn") && !limits.has("fail")) {
            limits.problem(limitsHint(spec));
        }
        Threshold threshold = new Threshold(spec.name(), spec.unit(), spec.direction(), warn, fail);
        if (warn != null
                && fail != null
                && !warn.equals(fail)
                && spec.direction().isBreached(warn, fail)) {
            limits.problem(
                    "warn",
                    "the warn limit " + Quantity.format(warn, spec.unit()) + " is past the fail limit "
                            + Quantity.format(fail, spec.unit()) + ": for " + spec.name() + " a value "
                            + (spec.direction() == Direction.ABOVE ? "above" : "below")
                            + " warn must come before fail");
        }
        return threshold;
    }

    private static String limitsHint(final ThresholdSpec spec) {
        return "give 'warn:', 'fail:' or both, such as {warn: "
                + spec.unit().example().split(",")[0] + ", fail: ...}, or remove the metric to keep its defaults";
    }

    @CheckForNull
    private static Double readLimit(final Settings limits, final String level, final ThresholdSpec spec) {
        if (!limits.has(level)) {
            return "warn".equals(level) ? spec.defaultWarn() : spec.defaultFail();
        }
        Optional<String> text = limits.optionalString(level);
        if (text.isEmpty()) {
            return null; // not a single value: reported by optionalString
        }
        if ("never".equalsIgnoreCase(text.get().trim())) {
            return null;
        }
        return limits.optionalQuantity(level, spec.unit()).orElse(null);
    }

    private static Map<String, Object> plainSettings(final Settings settings) {
        Map<String, Object> result = new LinkedHashMap<>();
        Node node = settings.node();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !COMMON_CHECK_KEYS.contains(key.getValue())) {
                    result.put(key.getValue(), plain(tuple.getValueNode()));
                }
            }
        }
        return result;
    }

    private static Object plain(final Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                map.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(GateDefinitionLoader::plain).toList();
        }
        ScalarNode scalar = (ScalarNode) node;
        return Tag.NULL.equals(scalar.getTag()) ? "" : scalar.getValue();
    }
}
