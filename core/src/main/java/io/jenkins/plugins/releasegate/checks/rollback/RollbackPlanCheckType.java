package io.jenkins.plugins.releasegate.checks.rollback;

import io.jenkins.plugins.releasegate.checks.jdbc.JdbcUrl;
import io.jenkins.plugins.releasegate.checks.rollback.FlywayMigrations.FlywayOptions;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangelog.LiquibaseOptions;
import io.jenkins.plugins.releasegate.spi.Check;
import io.jenkins.plugins.releasegate.spi.CheckType;
import io.jenkins.plugins.releasegate.spi.Settings;
import io.jenkins.plugins.releasegate.spi.ThresholdSpec;
import io.jenkins.plugins.releasegate.spi.Unit;
import io.jenkins.plugins.releasegate.spi.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code rollbackPlan} check type: reads its settings (where the plan is, the release running now,
 * where the migrations are, the schema history database, the previous release's artifact) and creates the
 * check. The age limits of review, rehearsal and restore test are thresholds, so that profiles can
 * tighten them.
 */
public final class RollbackPlanCheckType implements CheckType {
    /** The type's name in gate definitions. */
    public static final String NAME = "rollbackPlan";

    private static final double DAY = 86_400;

    /** The metrics whose limits a gate definition may set. */
    static final List<ThresholdSpec> THRESHOLDS = List.of(
            ThresholdSpec.above(
                    PlanRules.REVIEW_AGE,
                    Unit.SECONDS,
                    90 * DAY,
                    null,
                    "time since the plan was last reviewed (review.lastReviewed)"),
            ThresholdSpec.above(
                    PlanRules.REHEARSAL_AGE,
                    Unit.SECONDS,
                    180 * DAY,
                    null,
                    "time since the rollback was last rehearsed (review.lastRehearsed)"),
            ThresholdSpec.above(
                    PlanRules.RESTORE_TEST_AGE,
                    Unit.SECONDS,
                    180 * DAY,
                    null,
                    "time since the restore of the backup was last tested (data.backup.restoreTested), with strategy restore"));

    private static final Pattern TABLE =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");
    private static final Pattern SHA_256 = Pattern.compile("[0-9A-Fa-f]{64}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The rollback plan file is complete and fresh, and the release's database migrations can be undone";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return THRESHOLDS;
    }

    @Override
    public Check create(final Settings settings) {
        String path = settings.string("path", RollbackPlanTemplate.DEFAULT_PATH).trim();
        validateWorkspacePath(settings, "path", path);
        String currentRelease = settings.optionalString("currentRelease")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        Optional<FlywayOptions> flyway = Optional.empty();
        Optional<LiquibaseOptions> liquibase = Optional.empty();
        Optional<Settings> migrations = settings.section("migrations");
        if (migrations.isPresent()) {
            flyway = migrations.get().section("flyway").map(RollbackPlanCheckType::readFlyway);
            liquibase = migrations.get().section("liquibase").map(RollbackPlanCheckType::readLiquibase);
            if (flyway.isPresent() && liquibase.isPresent()) {
                migrations
                        .get()
                        .problem("liquibase", "a project migrates with one tool: keep either 'flyway' or 'liquibase'");
            }
            if (migrations.get().keys().isEmpty()) {
                settings.problem(
                        "migrations",
                        "is empty: add 'flyway:' or 'liquibase:' with where the migrations are, or remove it");
            }
        }
        Optional<Settings> schemaHistorySettings = settings.section("schemaHistory");
        Optional<SchemaHistory.Options> schemaHistory =
                schemaHistorySettings.flatMap(RollbackPlanCheckType::readSchemaHistory);
        Optional<PreviousArtifact.Options> previousArtifact =
                settings.section("previousArtifact").map(RollbackPlanCheckType::readPreviousArtifact);
        if (schemaHistorySettings.isPresent() && schemaHistory.isEmpty()) {
            return context -> {
                throw new IllegalStateException("this check has configuration problems and cannot run");
            };
        }
        return new RollbackPlanCheck(
                path,
                currentRelease,
                flyway.orElse(null),
                liquibase.orElse(null),
                schemaHistory.orElse(null),
                previousArtifact.orElse(null));
    }

    private static FlywayOptions readFlyway(final Settings flyway) {
        FlywayOptions defaults = FlywayOptions.defaults();
        List<String> locations = flyway.has("locations") ? flyway.stringList("locations") : defaults.locations();
        if (flyway.has("locations") && locations.isEmpty()) {
            flyway.problem(
                    "locations",
                    "is empty: list the directories that hold the migrations, such as ["
                            + FlywayOptions.DEFAULT_LOCATION + "]");
        }
        for (String location : locations) {
            validateWorkspacePath(flyway, "locations", location.replaceFirst("^filesystem:", ""));
            if (location.startsWith("classpath:")) {
                flyway.problem(
                        "locations",
                        "'" + location + "' is a class path location: give the directory in the repository, such as "
                                + FlywayOptions.DEFAULT_LOCATION);
            }
        }
        MigrationVersion baseline = flyway.optionalString("baseline")
                .flatMap(text -> {
                    Optional<MigrationVersion> version = MigrationVersion.parse(text.trim());
                    if (version.isEmpty()) {
                        flyway.problem(
                                "baseline",
                                "'" + text
                                        + "' is not a Flyway version: write numbers separated by . or _, such as 1.0 or 2.7.3");
                    }
                    return version;
                })
                .orElse(null);
        String versioned = prefix(flyway, "sqlMigrationPrefix", defaults.versionedPrefix());
        String undo = prefix(flyway, "undoSqlMigrationPrefix", defaults.undoPrefix());
        String repeatable = prefix(flyway, "repeatableSqlMigrationPrefix", defaults.repeatablePrefix());
        if (new HashSet<>(List.of(versioned, undo, repeatable)).size() < 3) {
            flyway.problem(
                    "undoSqlMigrationPrefix",
                    "the versioned, undo and repeatable prefixes must differ ('" + versioned + "', '" + undo + "', '"
                            + repeatable + "')");
        }
        String separator = prefix(flyway, "sqlMigrationSeparator", defaults.separator());
        List<String> suffixes =
                flyway.has("sqlMigrationSuffixes") ? flyway.stringList("sqlMigrationSuffixes") : defaults.suffixes();
        if (suffixes.isEmpty() || suffixes.stream().anyMatch(String::isBlank)) {
            flyway.problem("sqlMigrationSuffixes", "give the file name endings of migrations, such as [.sql]");
        }
        return new FlywayOptions(
                locations.stream()
                        .map(location -> location.replaceFirst("^filesystem:", ""))
                        .toList(),
                baseline,
                versioned,
                undo,
                repeatable,
                separator,
                suffixes);
    }

    private static String prefix(final Settings settings, final String key, final String defaultValue) {
        String value = settings.string(key, defaultValue);
        if (value.isEmpty() || value.contains("/")) {
            settings.problem(
                    key,
                    "'" + value + "' cannot be used: give a non-empty file name part, such as '" + defaultValue + "'");
            return defaultValue;
        }
        return value;
    }

    private static LiquibaseOptions readLiquibase(final Settings liquibase) {
        String changelog =
                liquibase.optionalString("changelog").map(String::trim).orElse(null);
        if (changelog != null) {
            validateWorkspacePath(
                    liquibase,
                    "changelog",
                    changelog.replaceFirst("^classpath\\*?:", "").replaceFirst("^/+", ""));
        }
        List<String> searchPath =
                liquibase.has("searchPath") ? liquibase.stringList("searchPath") : LiquibaseOptions.DEFAULT_SEARCH_PATH;
        for (String root : searchPath) {
            validateWorkspacePath(liquibase, "searchPath", root.isEmpty() ? "." : root);
        }
        String afterTag = liquibase
                .optionalString("afterTag")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        return new LiquibaseOptions(
                changelog,
                searchPath.stream()
                        .map(root -> LiquibaseChangelog.normalize(root).orElse(""))
                        .toList(),
                afterTag);
    }

    private static Optional<SchemaHistory.Options> readSchemaHistory(final Settings history) {
        String url = history.requiredString(
                        "url", "the JDBC URL of the database, such as jdbc:postgresql://db:5432/orders")
                .trim();
        Optional<JdbcUrl> jdbcUrl = Optional.empty();
        if (!url.isEmpty()) {
            JdbcUrl.Result parsed = JdbcUrl.parse(url, SchemaHistory.SCHEMES);
            parsed.problem().ifPresent(problem -> history.problem("url", problem));
            jdbcUrl = parsed.url();
        }
        String credentials = history.optionalString("credentials")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        String table =
                history.string("table", SchemaHistory.Options.DEFAULT_TABLE).trim();
        if (!TABLE.matcher(table).matches()) {
            history.problem(
                    "table",
                    "'" + table
                            + "' is not a table name: give a name such as flyway_schema_history or app.flyway_schema_history");
        }
        return jdbcUrl.map(valid -> new SchemaHistory.Options(valid, credentials, table));
    }

    private static PreviousArtifact.Options readPreviousArtifact(final Settings artifact) {
        String url = artifact.optionalString("url")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        String path = artifact.optionalString("path")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        String sha256 = artifact.optionalString("sha256")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        String credentials = artifact.optionalString("credentials")
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .orElse(null);
        if (url == null && path == null) {
            artifact.problem(
                    "give 'url:' (an http or https URL that answers HEAD) or 'path:' (a file in the workspace); "
                            + PreviousArtifact.ROLLBACK_TO
                            + " in either is replaced with the plan's change.rollbackTo");
        } else if (url != null && path != null) {
            artifact.problem("path", "give either 'url' or 'path', not both");
        }
        if (url != null) {
            validateHttpUrl(artifact, url);
        }
        if (path != null) {
            validateWorkspacePath(artifact, "path", path);
            if (sha256 != null) {
                artifact.problem("sha256", "is verified for a 'url' only; remove it, or give the artifact's URL");
            }
            if (credentials != null) {
                artifact.problem("credentials", "are used for a 'url' only; remove them");
            }
        }
        if (sha256 != null && !SHA_256.matcher(sha256).matches()) {
            artifact.problem(
                    "sha256", "is not a SHA-256 checksum: give its 64 hexadecimal digits, as sha256sum prints them");
        }
        return new PreviousArtifact.Options(url, path, sha256, credentials);
    }

    private static void validateHttpUrl(final Settings settings, final String url) {
        try {
            URI uri = new URI(url.replace(PreviousArtifact.ROLLBACK_TO, "0"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
                settings.problem(
                        "url",
                        "'" + Urls.withoutSecrets(url)
                                + "' is not an http or https URL: write it like https://repo.example/app/"
                                + PreviousArtifact.ROLLBACK_TO + "/app-" + PreviousArtifact.ROLLBACK_TO + ".jar");
            }
            if (uri.getRawUserInfo() != null) {
                settings.problem(
                        "url", "holds a user name or password: remove them and name credentials in 'credentials:'");
            }
        } catch (URISyntaxException exception) {
            settings.problem("url", "is not a valid URL: " + exception.getReason());
        }
    }

    private static void validateWorkspacePath(final Settings settings, final String key, final String path) {
        String normalized = path.replace('\\', '/');
        if (normalized.isBlank()) {
            settings.problem(key, "is empty: give a path relative to the workspace");
        } else if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            settings.problem(
                    key,
                    "'" + path + "' is an absolute path: give a path relative to the workspace (the repository root)");
        } else if (LiquibaseChangelog.normalize(normalized).isEmpty()) {
            settings.problem(key, "'" + path + "' leads outside the workspace: give a path inside it");
        }
    }
}
