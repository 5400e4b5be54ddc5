package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Backup;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Change;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Data;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.DataStrategy;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.MigrationTool;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Owner;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Review;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Step;
import io.jenkins.plugins.releasegate.checks.rollback.RollbackPlan.Trigger;
import io.jenkins.plugins.releasegate.spi.Problem;
import io.jenkins.plugins.releasegate.spi.Problems;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.YamlDocuments;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a rollback plan file and reports every schema problem at once, each with file, line, column,
 * YAML path and what to do. Unknown keys are problems, with a "did you mean" hint; so are values still
 * holding the template's {@code TODO} placeholders.
 */
final class RollbackPlanReader {
    /** The largest plan read, in characters. */
    static final int MAX_LENGTH = 200_000;
    /** The largest plan file read, in bytes: {@link #MAX_LENGTH} characters of up to 4 bytes each. */
    static final int MAX_BYTES = MAX_LENGTH * 4;
    /** The comparisons a metric trigger may use. */
    static final List<String> OPERATORS = List.of(">", ">=", "<", "<=", "==", "!=");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\bTODO\\b");
    private static final Pattern TRIGGER_VALUE = Pattern.compile("-?\\d+(\\.\\d+)?\\s*[A-Za-z%/]*");

    private RollbackPlanReader() {}

    /**
     * Returns the message for a plan file larger than {@link #MAX_BYTES}, which is not read.
     *
     * @param fileName the file name as the user knows it
     * @return the message
     */
    static String tooLarge(final String fileName) {
        return fileName + ": is larger than " + MAX_BYTES + " bytes and was not read; a rollback plan is a short YAML "
                + "file of at most " + MAX_LENGTH + " characters";
    }

    /**
     * Reads a plan.
     *
     * @param yaml the file's text
     * @param fileName the file name as the user knows it, used in messages
     * @return the plan, or the problems that keep it from being one
     */
    static PlanReading read(final String yaml, final String fileName) {
        Problems problems = new Problems(fileName);
        Node root = YamlDocuments.compose(
                        yaml,
                        problems,
                        "a rollback plan",
                        "a rollback plan starts with 'apiVersion: " + RollbackPlan.API_VERSION
                                + "'; write one with 'release-gate rollback-plan init' (see docs/checks/rollback-plan.md)",
                        MAX_LENGTH)
                .orElse(null);
        if (root == null) {
            return new PlanReading(null, problems.asList());
        }
        Problems placeholders = new Problems(fileName);
        findPlaceholders(root, "", placeholders);
        Settings document = Settings.of(root, "", problems);
        RollbackPlan plan = readPlan(document, fileName);
        document.reportUnknownKeys();
        if (!problems.hasProblems() && !placeholders.hasProblems()) {
            return new PlanReading(plan, List.of());
        }
        return new PlanReading(null, merge(placeholders.asList(), problems.asList()));
    }

    /**
     * Puts the placeholder problems first in place of any other problem at the same position, such as
     * "'TODO' is not a date", which would only repeat what the placeholder problem says.
     */
    private static List<Problem> merge(final List<Problem> placeholders, final List<Problem> others) {
        Set<String> positions = new HashSet<>();
        placeholders.forEach(problem -> positions.add(problem.line() + ":" + problem.column()));
        List<Problem> merged = new ArrayList<>(placeholders);
        others.stream()
                .filter(problem -> !positions.contains(problem.line() + ":" + problem.column()))
                .forEach(merged::add);
        merged.sort((first, second) -> first.line() != second.line()
                ? Integer.compare(first.line(), second.line())
                : Integer.compare(first.column(), second.column()));
        return List.copyOf(merged);
    }

    private static void findPlaceholders(final Node node, final String path, final Problems problems) {
        if (node instanceof ScalarNode scalar) {
            if (PLACEHOLDER.matcher(scalar.getValue()).find()) {
                Mark mark = scalar.getStartMark();
                problems.add(
                        mark == null ? 0 : mark.getLine() + 1,
                        mark == null ? 0 : mark.getColumn() + 1,
                        path,
                        "is still the template's placeholder '" + scalar.getValue()
                                + "': replace it with the real value");
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                findPlaceholders(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key, problems);
            }
        } else if (node instanceof SequenceNode sequence) {
            int index = 0;
            for (Node item : sequence.getValue()) {
                findPlaceholders(item, path + "[" + index++ + "]", problems);
            }
        }
    }

    private static RollbackPlan readPlan(final Settings document, final String fileName) {
        String apiVersion = document.requiredString("apiVersion", "'" + RollbackPlan.API_VERSION + "'");
        if (!apiVersion.isBlank() && !RollbackPlan.API_VERSION.equals(apiVersion.trim())) {
            document.problem(
                    "apiVersion",
                    "'" + apiVersion + "' is not supported: this Release Gate reads '" + RollbackPlan.API_VERSION
                            + "'");
        }
        Change change = readChange(requireSection(
                document,
                "change",
                "the release being deployed and the one to roll back to, such as {release: 2.8.0, rollbackTo: 2.7.3}"));
        Owner owner = readOwner(requireSection(
                document,
                "owner",
                "who runs the rollback, such as {primary: jdoe, backup: asmith, escalation: \"#ops-oncall\"}"));
        List<Trigger> triggers = readTriggers(document);
        Duration decisionDeadline = requiredDuration(
                document,
                "decisionDeadline",
                "how long after the deployment the rollback decision is made at the latest, such as 30m");
        Duration estimatedDuration =
                requiredDuration(document, "estimatedDuration", "how long the whole rollback takes, such as 20m");
        Data data = readData(
                requireSection(
                        document,
                        "data",
                        "how the database comes back, such as {tool: flyway, strategy: undo}, or {tool: none, strategy: none}"));
        List<Step> steps = readSteps(document);
        List<String> verification = readVerification(document);
        Review review = readReview(requireSection(
                document,
                "review",
                "when the plan was last reviewed, such as {lastReviewed: 2026-11-20, reviewer: asmith}"));
        return new RollbackPlan(
                fileName,
                change,
                owner,
                triggers,
                decisionDeadline,
                estimatedDuration,
                data,
                steps,
                verification,
                review);
    }

    private static Optional<Settings> requireSection(final Settings parent, final String key, final String hint) {
        Optional<Settings> section = parent.section(key);
        if (section.isEmpty()) {
            parent.problem(key, "is required: add '" + key + ":' with " + hint);
        }
        return section;
    }

    private static Change readChange(final Optional<Settings> section) {
        if (section.isEmpty()) {
            return new Change(null, "", "");
        }
        Settings change = section.get();
        String id = change.optionalString("id").orElse(null);
        String release = change.requiredString("release", "the release being deployed, such as 2.8.0")
                .trim();
        String rollbackTo = change.requiredString(
                        "rollbackTo", "the release the rollback returns to (the one running now), such as 2.7.3")
                .trim();
        if (!release.isEmpty() && ReleaseNames.same(release, rollbackTo)) {
            change.problem(
                    "rollbackTo",
                    "is the same as change.release (" + release
                            + "): name the release running now, the one the rollback returns to");
        }
        return new Change(id, release, rollbackTo);
    }

    private static Owner readOwner(final Optional<Settings> section) {
        if (section.isEmpty()) {
            return new Owner("", null, null);
        }
        Settings owner = section.get();
        String primary = owner.requiredString("primary", "the person who runs the rollback")
                .trim();
        return new Owner(
                primary, blankToNull(owner.optionalString("backup")), blankToNull(owner.optionalString("escalation")));
    }

    private static List<Trigger> readTriggers(final Settings document) {
        if (!document.has("triggers")) {
            document.problem(
                    "triggers",
                    "is required: list when to roll back, such as "
                            + "'- {metric: http_5xx_rate, op: \">\", value: \"2%\", for: 5m}'");
            return List.of();
        }
        List<Trigger> triggers = new ArrayList<>();
        for (Settings trigger : document.sectionList("triggers")) {
            triggers.add(readTrigger(trigger));
        }
        return triggers;
    }

    private static Trigger readTrigger(final Settings trigger) {
        String metric = blankToNull(trigger.optionalString("metric"));
        String operator = blankToNull(trigger.optionalString("op"));
        String value = blankToNull(trigger.optionalString("value"));
        Duration duration = trigger.optionalDuration("for").orElse(null);
        String alert = blankToNull(trigger.optionalString("alert"));
        String description = blankToNull(trigger.optionalString("description"));
        if (metric != null) {
            if (operator == null) {
                trigger.problem(
                        "op",
                        "is required for a metric trigger: add 'op:' with one of " + String.join(" ", OPERATORS)
                                + " (quoted, such as op: \">\")");
            } else if (!OPERATORS.contains(operator)) {
                trigger.problem(
                        "op",
                        "'" + operator + "' is not a comparison: use one of " + String.join(" ", OPERATORS)
                                + " (quoted, such as op: \">\")");
            }
            if (value == null) {
                trigger.problem(
                        "value",
                        "is required for a metric trigger: add 'value:' with the limit, such as \"2%\", 500ms or 3");
            } else if (!TRIGGER_VALUE.matcher(value).matches()) {
                trigger.problem(
                        "value",
                        "'" + value + "' is not a value to compare with: write a number, a percentage "
                                + "or a duration, such as \"2%\", 500ms or 3");
            }
            if (alert != null) {
                trigger.problem("alert", "a trigger is either a metric or an alert: split it into two triggers");
            }
        } else {
            boolean strayMetricKeys = false;
            for (String key : List.of("op", "value", "for")) {
                if (trigger.has(key)) {
                    trigger.problem(
                            key,
                            "belongs to a metric trigger: add 'metric:' with the metric's name, or remove '" + key
                                    + "'");
                    strayMetricKeys = true;
                }
            }
            if (alert == null && description == null && !strayMetricKeys) {
                trigger.problem("gives no condition: add a measurable one ('metric', 'op' and 'value', or 'alert') "
                        + "or a 'description'");
            }
        }
        return new Trigger(metric, operator, value, duration, alert, description);
    }

    private static Data readData(final Optional<Settings> section) {
        if (section.isEmpty()) {
            return new Data(MigrationTool.NONE, DataStrategy.NONE, null);
        }
        Settings data = section.get();
        if (!data.has("tool")) {
            data.problem(
                    "tool",
                    "is required: add 'tool:' with flyway, liquibase or none (the release changes no database)");
        }
        MigrationTool tool = data.choice("tool", MigrationTool.class, MigrationTool.NONE);
        if (!data.has("strategy")) {
            data.problem(
                    "strategy",
                    "is required: add 'strategy:' with undo (migrations are undone), restore (a backup "
                            + "is restored), compatible (the previous release works with the new schema) or none (no database change)");
        }
        DataStrategy strategy = data.choice("strategy", DataStrategy.class, DataStrategy.NONE);
        if (data.has("tool") && data.has("strategy") && tool == MigrationTool.NONE && strategy == DataStrategy.UNDO) {
            data.problem(
                    "strategy",
                    "undo needs a migration tool: set data.tool to flyway or liquibase, or choose "
                            + "restore, compatible or none");
        }
        Backup backup =
                data.section("backup").map(RollbackPlanReader::readBackup).orElse(null);
        return new Data(tool, strategy, backup);
    }

    private static Backup readBackup(final Settings backup) {
        String id = backup.requiredString("id", "the backup's name or id, such as nightly-2026-11-27")
                .trim();
        LocalDate restoreTested = optionalDate(backup, "restoreTested");
        return new Backup(id, restoreTested);
    }

    private static List<Step> readSteps(final Settings document) {
        List<Settings> list = document.sectionList("steps");
        if (list.isEmpty()) {
            document.problem(
                    "steps",
                    (document.keys().contains("steps") ? "is empty" : "is required")
                            + ": list the rollback steps in order, such as '- {action: \"Deploy 2.7.3\", estimate: 10m}'");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (Settings step : list) {
            String action = step.requiredString("action", "what to do in this step, such as \"Deploy 2.7.3\"")
                    .trim();
            Duration estimate = requiredDuration(step, "estimate", "how long this step takes, such as 5m");
            steps.add(new Step(
                    action,
                    estimate,
                    blankToNull(step.optionalString("owner")),
                    blankToNull(step.optionalString("verify")),
                    blankToNull(step.optionalString("runbook"))));
        }
        return steps;
    }

    private static List<String> readVerification(final Settings document) {
        List<String> verification = document.stringList("verification");
        if (verification.isEmpty()) {
            document.problem(
                    "verification",
                    (document.keys().contains("verification") ? "is empty" : "is required")
                            + ": list how you know the rollback worked, such as [\"smoke tests pass\", \"5xx below 0.5% for 10 minutes\"]");
        }
        for (int index = 0; index < verification.size(); index++) {
            if (verification.get(index).isBlank()) {
                document.problem(
                        "verification", "item " + (index + 1) + " is empty: write what is verified, or remove it");
            }
        }
        return verification;
    }

    private static Review readReview(final Optional<Settings> section) {
        if (section.isEmpty()) {
            return new Review(LocalDate.MIN, "", null);
        }
        Settings review = section.get();
        LocalDate lastReviewed = optionalDate(review, "lastReviewed");
        if (!review.has("lastReviewed")) {
            review.problem(
                    "lastReviewed",
                    "is required: add 'lastReviewed:' with the date of the last review, such as 2026-11-20");
        }
        String reviewer =
                review.requiredString("reviewer", "who reviewed the plan").trim();
        LocalDate lastRehearsed = optionalDate(review, "lastRehearsed");
        return new Review(lastReviewed == null ? LocalDate.MIN : lastReviewed, reviewer, lastRehearsed);
    }

    private static Duration requiredDuration(final Settings settings, final String key, final String hint) {
        if (!settings.has(key)) {
            settings.problem(key, "is required: add '" + key + ":' with " + hint);
            return Duration.ZERO;
        }
        Optional<Duration> duration = settings.optionalDuration(key);
        if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
            settings.problem(key, "is not longer than zero: give " + hint);
        }
        return duration.orElse(Duration.ZERO);
    }

    @CheckForNull
    private static LocalDate optionalDate(final Settings settings, final String key) {
        Optional<String> text = settings.optionalString(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text.get().trim());
        } catch (DateTimeParseException exception) {
            settings.problem(key, "'" + text.get() + "' is not a date: write it as YYYY-MM-DD, such as 2026-11-20");
            return null;
        }
    }

    @CheckForNull
    private static String blankToNull(final Optional<String> value) {
        return value.map(String::trim).filter(text -> !text.isEmpty()).orElse(null);
    }

    /**
     * What reading a plan file gave: the plan, or the problems.
     *
     * @param plan the plan, {@code null} if the file has problems
     * @param problems the problems, sorted by position; empty if the plan was read
     */
    record PlanReading(@CheckForNull RollbackPlan plan, List<Problem> problems) {
        PlanReading {
            problems = List.copyOf(problems);
        }

        /**
         * Returns the problems as FAIL findings.
         *
         * @return the findings
         */
        List<PlanFinding> findings() {
            return problems.stream().map(PlanFinding::of).toList();
        }
    }

    /**
     * Compares release names the way people write them: {@code v2.8.0} is {@code 2.8.0}.
     */
    static final class ReleaseNames {
        private ReleaseNames() {}

        static boolean same(final String first, final String second) {
            return normalize(first).equals(normalize(second));
        }

        private static String normalize(final String release) {
            String trimmed = release.trim().toLowerCase(Locale.ROOT);
            return trimmed.startsWith("v") && trimmed.length() > 1 && Character.isDigit(trimmed.charAt(1))
                    ? trimmed.substring(1)
                    : trimmed;
        }
    }
}
