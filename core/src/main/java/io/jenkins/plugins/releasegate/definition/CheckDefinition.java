package io.jenkins.plugins.releasegate.definition;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import io.jenkins.plugins.releasegate.spi.Thresholds;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One check of a gate definition, validated and ready to run.
 */
public final class CheckDefinition {
    private final String id;
    private final CheckType type;
    private final boolean required;
    private final Duration timeout;
    private final Thresholds thresholds;
    private final Check check;
    private final Map<String, Object> settings;
    private final String location;

    @CheckForNull
    private final String description;

    private final Set<String> explicitKeys;
    private final Set<String> explicitThresholds;
    private final Set<String> explicitLimits;

    CheckDefinition(
            final String id,
            final CheckType type,
            final boolean required,
            final Duration timeout,
            final Thresholds thresholds,
            final Check check,
            final Map<String, Object> settings,
            final String location,
            @CheckForNull final String description,
            final Set<String> explicitKeys,
            final Set<String> explicitThresholds,
            final Set<String> explicitLimits) {
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.required = required;
        this.timeout = Objects.requireNonNull(timeout);
        this.thresholds = Objects.requireNonNull(thresholds);
        this.check = Objects.requireNonNull(check);
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.location = location;
        this.description = description;
        this.explicitKeys = Set.copyOf(explicitKeys);
        this.explicitThresholds = Set.copyOf(explicitThresholds);
        this.explicitLimits = Set.copyOf(explicitLimits);
    }

    public String getId() {
        return id;
    }

    public CheckType getType() {
        return type;
    }

    /**
     * Returns whether the check counts toward the verdict; advisory checks ({@code required: false}) are
     * reported and never block.
     *
     * @return {@code true} if required
     */
    public boolean isRequired() {
        return required;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public Thresholds getThresholds() {
        return thresholds;
    }

    public Check getCheck() {
        return check;
    }

    /**
     * Returns the Jenkins jobs whose build histories the check reads, for the host to read before the checks
     * run.
     *
     * @return the requests, empty if the check reads no Jenkins job
     */
    public List<JobHistoryRequest> getJobHistoryRequests() {
        return check.jobHistories();
    }

    /**
     * Returns the type's own settings as written, for comparison when definitions are merged.
     *
     * @return the settings as plain values
     */
    public Map<String, Object> getSettings() {
        return settings;
    }

    /**
     * Returns where the check is defined, such as {@code gate.yaml:12:5}.
     *
     * @return the location
     */
    public String getLocation() {
        return location;
    }

    /**
     * Returns the ids of the credentials this check names: every text under a key {@code credentials}, at any
     * depth of its settings, as the built-in check types name them. A host that resolves credentials ahead
     * of the run, such as for a run on another machine, resolves these.
     *
     * @return the ids, in the order written
     */
    public Set<String> getCredentialIds() {
        Set<String> ids = new LinkedHashSet<>();
        collectCredentialIds(settings, ids);
        return Collections.unmodifiableSet(ids);
    }

    private static void collectCredentialIds(final Object value, final Set<String> ids) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> {
                if ("credentials".equals(key) && nested instanceof String id && !id.isBlank()) {
                    ids.add(id);
                } else {
                    collectCredentialIds(nested, ids);
                }
            });
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> collectCredentialIds(item, ids));
        }
    }

    @CheckForNull
    public String getDescription() {
        return description;
    }

    /**
     * Returns the keys written in the definition for this check, common and type-specific.
     *
     * @return the keys
     */
    public Set<String> getExplicitKeys() {
        return explicitKeys;
    }

    /**
     * Returns the metrics whose thresholds the definition sets; the others keep the type's defaults.
     *
     * @return the metric names
     */
    public Set<String> getExplicitThresholds() {
        return explicitThresholds;
    }

    /**
     * Returns whether the definition writes one level of a metric's threshold; a level not written keeps
     * the type's default.
     *
     * @param metric the metric name
     * @param level {@code warn} or {@code fail}
     * @return {@code true} if written
     */
    boolean isExplicitLimit(final String metric, final String level) {
        return explicitLimits.contains(limitKey(metric, level));
    }

    static String limitKey(final String metric, final String level) {
        return metric + "." + level;
    }

    CheckDefinition with(final boolean newRequired, final Duration newTimeout, final Thresholds newThresholds) {
        return new CheckDefinition(
                id,
                type,
                newRequired,
                newTimeout,
                newThresholds,
                check,
                settings,
                location,
                description,
                explicitKeys,
                explicitThresholds,
                explicitLimits);
    }
}
