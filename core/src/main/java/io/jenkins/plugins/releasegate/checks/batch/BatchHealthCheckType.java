package io.jenkins.plugins.releasegate.checks.batch;

import com.fasterxml.jackson.core.JsonPointer;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.Urls;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code batchHealth} check type: failed, stuck, running and overdue batch jobs, read from a Spring
 * Batch job repository ({@code source: springBatch}, the default), a SQL status query
 * ({@code source: sql}), a JSON status endpoint ({@code source: http}) or the latest builds of named
 * Jenkins jobs ({@code source: jenkins}, which the host reads before the checks run). See
 * {@code docs/checks/batch-health.md} for every key.
 */
public final class BatchHealthCheckType implements CheckType {
    /** The type name used in gate definitions. */
    public static final String NAME = "batchHealth";

    private static final String DEFAULT_KEY = "default";

    /** Where the check reads job executions. */
    enum Source {
        /** A Spring Batch job repository, over JDBC. */
        SPRING_BATCH(
                "url", "credentials", "tablePrefix", "window", "maxRuntime", "maxSilence", "requiredJobs", "grace"),
        /** A SELECT against the user's own status table, over JDBC. */
        SQL("url", "credentials", "query", "statuses", "window", "maxRuntime", "maxSilence", "requiredJobs", "grace"),
        /** A JSON document over HTTP, read through JSON pointers. */
        HTTP("url", "credentials", "jobs"),
        /** The latest builds of named Jenkins jobs, read by the host as the build's user. */
        JENKINS("jobs", "window", "maxRuntime", "requiredJobs", "grace");

        private final Set<String> ownKeys;

        Source(final String... ownKeys) {
            this.ownKeys = Set.of(ownKeys);
        }

        String yamlName() {
            return Settings.yamlName(this);
        }
    }

    private static final List<String> SOURCE_KEYS = List.of(
            "url",
            "credentials",
            "tablePrefix",
            "query",
            "statuses",
            "jobs",
            "window",
            "maxRuntime",
            "maxSilence",
            "requiredJobs",
            "grace");

    /** Characters Jenkins does not allow in the name of a job or folder. */
    private static final String FORBIDDEN_IN_NAMES = "?*\\%!@#$^&|<>[]:;";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Batch jobs: failed, stuck, running and overdue executions in a Spring Batch job repository, a SQL status query, a JSON status endpoint or the latest builds of Jenkins jobs";
    }

    @Override
    public Check create(final Settings settings) {
        Source source = settings.choice("source", Source.class, Source.SPRING_BATCH);
        rejectKeysOfOtherSources(settings, source);
        if (source == Source.JENKINS) {
            return createJenkins(settings, zone(settings, false).orElse(ZoneId.of("UTC")));
        }
        String url = settings.requiredString(
                "url",
                source == Source.HTTP
                        ? "the http(s) URL of the JSON status document"
                        : "the JDBC URL of the database, such as jdbc:postgresql://db:5432/batch");
        String credentialsId = settings.optionalString("credentials")
                .filter(id -> !id.isBlank())
                .orElse(null);
        Optional<ZoneId> zone = zone(settings, source != Source.HTTP);
        return switch (source) {
            case SPRING_BATCH, SQL -> createJdbc(settings, source, url, credentialsId, zone.orElse(ZoneId.of("UTC")));
            case HTTP -> createHttp(settings, url, credentialsId, zone.orElse(null));
            case JENKINS -> throw new IllegalStateException("read above");
        };
    }

    private static void rejectKeysOfOtherSources(final Settings settings, final Source source) {
        for (String key : SOURCE_KEYS) {
            if (!source.ownKeys.contains(key) && settings.keys().contains(key)) {
                settings.markKnown(key);
                List<String> owners = Arrays.stream(Source.values())
                        .filter(other -> other.ownKeys.contains(key))
                        .map(Source::yamlName)
                        .toList();
                settings.problem(
                        key,
                        "applies to source " + listed(owners) + " only, and this check reads source "
                                + source.yamlName() + ": remove '" + key + "' or change 'source'");
            }
        }
    }

    private static String listed(final List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static Check createJenkins(final Settings settings, final ZoneId zone) {
        List<String> jobs = new ArrayList<>();
        if (!settings.has("jobs")) {
            settings.problem(
                    "jobs",
                    "is required: list the full names of the Jenkins jobs to judge, such as"
                            + " [nightly/orderExport, nightly/invoiceRun]");
        } else {
            List<String> names = settings.stringList("jobs");
            if (names.isEmpty() && valueNode(settings, "jobs") instanceof SequenceNode) {
                settings.problem("jobs", "is empty: list at least one job's full name, such as nightly/orderExport");
            }
            for (String name : names) {
                Optional<String> problem = problemWithJobName(name);
                if (problem.isPresent()) {
                    settings.itemProblem("jobs", name, problem.get());
                } else if (jobs.contains(name.strip())) {
                    settings.itemProblem("jobs", name, "'" + name + "' is listed twice: remove one");
                } else {
                    jobs.add(name.strip());
                }
            }
        }
        BatchPolicy.Builder policy = policyBuilder(settings, zone).maxSilence(null);
        jobs.forEach(policy::watchedJob);
        for (String key : List.of("requiredJobs", "maxRuntime")) {
            if (valueNode(settings, key) instanceof MappingNode) {
                Settings section = settings.section(key).orElseThrow();
                for (String job : section.keys()) {
                    section.markKnown(job); // read above through another view of the section
                    boolean isDefault = "maxRuntime".equals(key) && DEFAULT_KEY.equals(job);
                    if (!isDefault && !jobs.contains(job)) {
                        section.problem(
                                job, "'" + job + "' is not listed under 'jobs': add it there" + closest(job, jobs));
                    }
                }
            }
        }
        if (jobs.isEmpty()) {
            return unusable();
        }
        BatchPolicy built = policy.build();
        return new BatchHealthCheck(
                new JenkinsJobReader(jobs, built.window().orElse(BatchPolicy.DEFAULT_WINDOW)), built);
    }

    private static String closest(final String job, final List<String> jobs) {
        String hint = Settings.suggestion(job, jobs);
        return hint.startsWith("; did you mean") ? hint : "";
    }

    /**
     * Returns what is wrong with a Jenkins job's full name given in a gate definition.
     *
     * @param name the name
     * @return the problem and what to do, empty if it is fine
     */
    static Optional<String> problemWithJobName(final String name) {
        String stripped = name.strip();
        String example = ", such as nightly/orderExport";
        if (stripped.isEmpty()) {
            return Optional.of("is empty: write a job's full name" + example);
        }
        if (stripped.contains("://")) {
            return Optional.of("'" + name + "' is a URL: write the job's full name instead" + example
                    + " (the folders and the job, separated by '/')");
        }
        String[] segments = stripped.split("/", -1);
        boolean urlPath = segments.length % 2 == 0;
        for (int index = 0; index < segments.length && urlPath; index += 2) {
            urlPath = "job".equals(segments[index]);
        }
        if (urlPath) {
            return Optional.of("'" + name + "' is a URL path: write the job's full name without 'job/'" + example);
        }
        for (String segment : segments) {
            if (segment.isBlank() || ".".equals(segment) || "..".equals(segment)) {
                return Optional.of("'" + name + "' is not a job's full name: write the folders and the job separated"
                        + " by single '/', with none at the start or end" + example);
            }
            if (segment.chars().anyMatch(c -> FORBIDDEN_IN_NAMES.indexOf(c) >= 0 || Character.isISOControl(c))) {
                return Optional.of("'" + name + "' is not a job's full name: Jenkins names contain none of "
                        + FORBIDDEN_IN_NAMES + example);
            }
        }
        return Optional.empty();
    }

    private static Optional<ZoneId> zone(final Settings settings, final boolean required) {
        Optional<String> text = settings.optionalString("timeZone");
        if (text.isEmpty()) {
            if (required) {
                settings.problem(
                        "timeZone",
                        "is required: add 'timeZone:' with the zone the batch application writes its times in,"
                                + " such as Europe/Berlin or UTC (the times in the database carry no zone)");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(text.get().strip()));
        } catch (DateTimeException exception) {
            settings.problem(
                    "timeZone",
                    "'" + text.get()
                            + "' is not a time zone: use a region such as Europe/Berlin, America/New_York or UTC");
            return Optional.empty();
        }
    }

    private static Check createJdbc(
            final Settings settings,
            final Source source,
            final String url,
            @CheckForNull final String credentialsId,
            final ZoneId zone) {
        Optional<BatchDatabase> database = database(settings, url, credentialsId);
        BatchPolicy policy = policy(settings, zone);
        BatchStatusReader reader;
        if (source == Source.SPRING_BATCH) {
            String prefix = tablePrefix(settings);
            reader = database.map(valid -> new SpringBatchReader(
                            valid, prefix, zone, policy.window().orElse(BatchPolicy.DEFAULT_WINDOW)))
                    .orElse(null);
        } else {
            String query = settings.requiredString(
                    "query", "a SELECT returning the columns job, status, started_at and ended_at");
            SqlQueryReader.problemWithQuery(query).ifPresent(problem -> settings.problem("query", problem));
            StatusValues statuses = statuses(settings);
            reader = database.map(valid -> new SqlQueryReader(valid, query, statuses, zone))
                    .orElse(null);
        }
        return reader == null ? unusable() : new BatchHealthCheck(reader, policy);
    }

    private static Optional<BatchDatabase> database(
            final Settings settings, final String url, @CheckForNull final String credentialsId) {
        if (url.isBlank()) {
            return Optional.empty(); // reported as missing by the settings
        }
        JdbcUrl.Result parsed = JdbcUrl.parse(url, BatchDatabase.SCHEMES);
        parsed.problem().ifPresent(problem -> settings.problem("url", problem));
        return parsed.url().map(valid -> new BatchDatabase(valid, credentialsId));
    }

    private static String tablePrefix(final Settings settings) {
        String prefix =
                settings.string("tablePrefix", SpringBatchReader.DEFAULT_PREFIX).strip();
        if (SpringBatchReader.PREFIX.matcher(prefix).matches()) {
            return prefix;
        }
        settings.problem(
                "tablePrefix",
                "'" + prefix + "' is not a table prefix: use letters, digits and '_', optionally after a schema"
                        + " name and a dot, such as BATCH_ or batch.BATCH_");
        return SpringBatchReader.DEFAULT_PREFIX;
    }

    private static Check unusable() {
        return context -> {
            throw new IllegalStateException("this check has configuration problems and cannot run");
        };
    }

    private static BatchPolicy policy(final Settings settings, final ZoneId zone) {
        return policyBuilder(settings, zone).build();
    }

    private static BatchPolicy.Builder policyBuilder(final Settings settings, final ZoneId zone) {
        BatchPolicy.Builder policy = BatchPolicy.builder().zone(zone);
        positive(settings, "window").ifPresent(policy::window);
        readPerJob(settings, "maxRuntime", policy::maxRuntime, policy::maxRuntime);
        readPerJob(settings, "maxSilence", policy::maxSilence, policy::maxSilence);
        Duration grace = settings.optionalDuration("grace").orElse(BatchPolicy.DEFAULT_GRACE);
        settings.section("requiredJobs").ifPresent(required -> {
            if (required.keys().isEmpty() && required.node() instanceof MappingNode) {
                settings.problem(
                        "requiredJobs",
                        "is empty: list jobs with their period, such as {orderExport: 24h}, or remove it");
            }
            for (String job : required.keys()) {
                Node value = valueNode(required, job);
                if (value instanceof MappingNode) {
                    required.section(job).ifPresent(entry -> {
                        Optional<Duration> period = positive(entry, "period");
                        if (!entry.has("period")) {
                            entry.problem(
                                    "period", "is required: add 'period:' with how often the job runs, such as 24h");
                        }
                        Duration jobGrace = entry.optionalDuration("grace").orElse(grace);
                        period.ifPresent(duration -> policy.requiredJob(job, duration, jobGrace));
                    });
                } else {
                    positive(required, job).ifPresentOrElse(period -> policy.requiredJob(job, period, grace), () -> {
                        if (!required.has(job)) {
                            required.problem(
                                    job,
                                    "needs a period: write '" + job + ": 24h' or '" + job
                                            + ": {period: 24h, grace: 2h}'");
                        }
                    });
                }
            }
        });
        return policy;
    }

    private static void readPerJob(
            final Settings settings,
            final String key,
            final Consumer<Duration> byDefault,
            final BiConsumer<String, Duration> byJob) {
        Node value = valueNode(settings, key);
        if (value instanceof MappingNode) {
            settings.section(key).ifPresent(section -> {
                for (String job : section.keys()) {
                    Optional<Duration> limit = positive(section, job);
                    if (DEFAULT_KEY.equals(job)) {
                        limit.ifPresent(byDefault);
                    } else {
                        limit.ifPresent(duration -> byJob.accept(job, duration));
                    }
                }
            });
        } else {
            positive(settings, key).ifPresent(byDefault);
        }
    }

    private static StatusValues statuses(final Settings settings) {
        if (!settings.has("statuses")) {
            settings.problem(
                    "statuses",
                    "is required: say which status values mean what, such as"
                            + " {success: [COMPLETED], failure: [FAILED], running: [STARTED]}");
            return StatusValues.springBatch();
        }
        Optional<Settings> section = settings.section("statuses");
        if (section.isEmpty()) {
            return StatusValues.springBatch();
        }
        Settings statuses = section.get();
        List<String> success = statuses.stringList("success");
        List<String> failure = statuses.stringList("failure");
        List<String> running = statuses.stringList("running");
        List<String> ignored = statuses.stringList("ignored");
        if (success.isEmpty()) {
            statuses.problem(
                    "success", "is required: list the status values that mean success, such as [COMPLETED, OK]");
        }
        if (failure.isEmpty()) {
            statuses.problem(
                    "failure", "is required: list the status values that mean failure, such as [FAILED, ERROR]");
        }
        Map<String, String> seen = new HashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("success", success);
        lists.put("failure", failure);
        lists.put("running", running);
        lists.put("ignored", ignored);
        lists.forEach((name, values) -> {
            for (String value : values) {
                String previous = seen.putIfAbsent(StatusValues.normalize(value), name);
                if (previous != null && !previous.equals(name)) {
                    statuses.problem(
                            name,
                            "'" + value + "' is also listed under " + previous
                                    + ": a status value can mean only one thing");
                }
            }
        });
        return StatusValues.of(success, failure, running, ignored, ExecutionState.UNRECOGNIZED);
    }

    private static Check createHttp(
            final Settings settings,
            final String url,
            @CheckForNull final String credentialsId,
            @CheckForNull final ZoneId zone) {
        HttpStatusReader.problemWithUrl(url)
                .ifPresent(problem -> settings.problem("url", problem.replace(url, Urls.withoutSecrets(url))));
        List<HttpStatusReader.HttpJob> jobs = new ArrayList<>();
        BatchPolicy.Builder policy =
                BatchPolicy.builder().window(null).maxSilence(null).zone(zone == null ? ZoneId.of("UTC") : zone);
        if (!settings.has("jobs")) {
            settings.problem(
                    "jobs",
                    "is required: name each job with the JSON pointers to its status and last success, such as"
                            + " {orderExport: {status: /jobs/orderExport/status, expected: [COMPLETED], lastSuccess: /jobs/orderExport/lastSuccess, maxAge: 25h}}");
        }
        Map<String, Settings> jobSettings = settings.sectionMap("jobs");
        for (Map.Entry<String, Settings> entry : jobSettings.entrySet()) {
            if (!(entry.getValue().node() instanceof MappingNode)) {
                continue; // reported by the settings as not being a mapping
            }
            readHttpJob(entry.getKey(), entry.getValue()).ifPresent(job -> {
                jobs.add(job);
                if (job.maxAge() != null) {
                    policy.requiredJob(job.job(), job.maxAge(), Duration.ZERO);
                }
            });
        }
        if (jobSettings.isEmpty() && valueNode(settings, "jobs") instanceof MappingNode) {
            settings.problem("jobs", "is empty: name at least one job");
        }
        if (url.isBlank() || HttpStatusReader.problemWithUrl(url).isPresent()) {
            return unusable();
        }
        return new BatchHealthCheck(new HttpStatusReader(URI.create(url), credentialsId, jobs, zone), policy.build());
    }

    private static Optional<HttpStatusReader.HttpJob> readHttpJob(final String name, final Settings job) {
        JsonPointer status = pointer(job, "status", true);
        List<String> expected = job.stringList("expected");
        if (expected.isEmpty()) {
            job.problem(
                    "expected", "is required: list the status values that mean the job succeeded, such as [COMPLETED]");
        }
        List<String> running = job.stringList("running");
        for (String value : running) {
            if (expected.stream().anyMatch(other -> other.strip().equalsIgnoreCase(value.strip()))) {
                job.problem(
                        "running",
                        "'" + value + "' is also listed under expected: a status value can mean only one thing");
            }
        }
        JsonPointer lastSuccess = pointer(job, "lastSuccess", false);
        Optional<Duration> maxAge = positive(job, "maxAge");
        if (job.has("maxAge") && !job.has("lastSuccess")) {
            job.problem("maxAge", "needs 'lastSuccess:', the JSON pointer to the time of the job's last success");
        }
        if (status == null || expected.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HttpStatusReader.HttpJob(
                name, status, expected, running, lastSuccess, lastSuccess == null ? null : maxAge.orElse(null)));
    }

    @CheckForNull
    private static JsonPointer pointer(final Settings settings, final String key, final boolean required) {
        Optional<String> text = settings.optionalString(key);
        if (text.isEmpty()) {
            if (required) {
                settings.problem(
                        key, "is required: give the JSON pointer to the value, such as /jobs/orderExport/" + key);
            }
            return null;
        }
        try {
            JsonPointer pointer = JsonPointer.compile(text.get().strip());
            if (pointer.matches()) {
                settings.problem(
                        key,
                        "'" + text.get()
                                + "' points at the whole document: point at the value, such as /jobs/orderExport/"
                                + key);
                return null;
            }
            return pointer;
        } catch (IllegalArgumentException exception) {
            settings.problem(
                    key,
                    "'" + text.get() + "' is not a JSON pointer: write it like /jobs/orderExport/" + key
                            + " (a '/' before each name, '~1' for a '/' inside a name)");
            return null;
        }
    }

    private static Optional<Duration> positive(final Settings settings, final String key) {
        Optional<Duration> value = settings.optionalDuration(key);
        if (value.isPresent() && (value.get().isZero() || value.get().isNegative())) {
            settings.problem(key, "must be longer than zero, such as 1h");
            return Optional.empty();
        }
        return value;
    }

    @CheckForNull
    private static Node valueNode(final Settings settings, final String key) {
        if (settings.node() instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar
                        && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }
}
