package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.ChangeSetEntry;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.Include;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.IncludeAll;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangeSet.Rollback;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Liquibase YAML and JSON changelogs ({@code databaseChangeLog:} followed by a list of
 * {@code changeSet}, {@code include} and {@code includeAll} items) with SnakeYAML's node API, which keeps
 * line numbers.
 */
final class YamlChangelogParser {
    private YamlChangelogParser() {}

    /**
     * Reads a changelog.
     *
     * @param file the file, relative to the workspace, for messages
     * @param text its text
     * @return its changesets and includes, in order
     * @throws ChangelogException if it is not a Liquibase YAML or JSON changelog
     */
    static List<ChangelogEntry> parse(final String file, final String text) throws ChangelogException {
        Node root = compose(file, text);
        Node list = root instanceof MappingNode mapping
                ? value(mapping, "databaseChangeLog").orElse(null)
                : null;
        if (list == null) {
            throw new ChangelogException(
                    file, line(root), "is not a Liquibase changelog: it must start with 'databaseChangeLog:'");
        }
        if (isNull(list)) {
            return List.of();
        }
        if (!(list instanceof SequenceNode sequence)) {
            throw new ChangelogException(
                    file, line(list), "databaseChangeLog must be a list of changeSet, include and includeAll items");
        }
        List<ChangelogEntry> entries = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
                throw new ChangelogException(
                        file, line(item), "each databaseChangeLog item must be a mapping such as 'changeSet:'");
            }
            NodeTuple first = mapping.getValue().get(0);
            String key = scalar(first.getKeyNode()).orElse("");
            Node body = first.getValueNode();
            switch (key) {
                case "changeSet" ->
                    changeSet(file, body).ifPresent(changeSet -> entries.add(new ChangeSetEntry(changeSet)));
                case "include" -> {
                    MappingNode include = mapping(file, body, "include");
                    if (!isTrue(include, "ignore", false)) {
                        entries.add(new Include(
                                requiredText(file, include, "file", "include"),
                                isTrue(include, "relativeToChangelogFile", false),
                                line(item)));
                    }
                }
                case "includeAll" -> {
                    MappingNode includeAll = mapping(file, body, "includeAll");
                    if (!isTrue(includeAll, "ignore", false)) {
                        entries.add(new IncludeAll(
                                requiredText(file, includeAll, "path", "includeAll"),
                                isTrue(includeAll, "relativeToChangelogFile", false),
                                isTrue(includeAll, "errorIfMissingOrEmpty", true),
                                line(item)));
                    }
                }
                default -> {
                    // property, preConditions and the like do not change the schema
                }
            }
        }
        return entries;
    }

    private static Node compose(final String file, final String text) throws ChangelogException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(20 * 1024 * 1024);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                throw new ChangelogException(
                        file, 1, "is empty: a Liquibase changelog starts with 'databaseChangeLog:'");
            }
            return root;
        } catch (MarkedYAMLException exception) {
            Mark mark = exception.getProblemMark() != null ? exception.getProblemMark() : exception.getContextMark();
            throw new ChangelogException(
                    file,
                    mark == null ? 0 : mark.getLine() + 1,
                    "is not valid YAML or JSON: "
                            + (exception.getProblem() != null ? exception.getProblem() : exception.getMessage()));
        } catch (YAMLException exception) {
            throw new ChangelogException(file, 0, "is not valid YAML or JSON: " + exception.getMessage());
        }
    }

    private static Optional<LiquibaseChangeSet> changeSet(final String file, final Node body)
            throws ChangelogException {
        MappingNode changeSet = mapping(file, body, "changeSet");
        String id = requiredText(file, changeSet, "id", "changeSet");
        String author =
                value(changeSet, "author").flatMap(YamlChangelogParser::scalar).orElse("");
        if (isTrue(changeSet, "ignore", false)) {
            return Optional.empty();
        }
        List<String> changes = new ArrayList<>();
        String tag = null;
        Optional<Node> changeList = value(changeSet, "changes");
        if (changeList.isPresent() && changeList.get() instanceof SequenceNode sequence) {
            for (Node change : sequence.getValue()) {
                if (change instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                    String name = scalar(mapping.getValue().get(0).getKeyNode()).orElse("");
                    changes.add(name);
                    if ("tagDatabase".equals(name)
                            && mapping.getValue().get(0).getValueNode() instanceof MappingNode tagDatabase) {
                        tag = value(tagDatabase, "tag")
                                .flatMap(YamlChangelogParser::scalar)
                                .orElse(tag);
                    }
                }
            }
        } else if (changeList.isPresent() && !isNull(changeList.get())) {
            throw new ChangelogException(
                    file, line(changeList.get()), "changeSet " + id + ": 'changes' must be a list of changes");
        }
        return Optional.of(new LiquibaseChangeSet(file, line(body), id, author, changes, rollback(changeSet), tag));
    }

    private static Rollback rollback(final MappingNode changeSet) {
        Optional<Node> rollback = value(changeSet, "rollback");
        if (rollback.isEmpty()) {
            return Rollback.NONE;
        }
        Node node = rollback.get();
        if (isNull(node)) {
            return Rollback.EMPTY;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().isBlank() ? Rollback.EMPTY : Rollback.SQL;
        }
        if (node instanceof MappingNode mapping) {
            if (value(mapping, "changeSetId").isPresent()) {
                return Rollback.REFERENCE;
            }
            return mapping.getValue().stream()
                            .allMatch(tuple ->
                                    "empty".equals(scalar(tuple.getKeyNode()).orElse("")))
                    ? Rollback.EMPTY
                    : Rollback.CHANGES;
        }
        List<Node> items = ((SequenceNode) node).getValue();
        boolean onlyEmpty = true;
        for (Node item : items) {
            if (item instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
                return Rollback.SQL;
            }
            if (item instanceof MappingNode mapping) {
                if (value(mapping, "changeSetId").isPresent()) {
                    return Rollback.REFERENCE;
                }
                onlyEmpty &= mapping.getValue().stream()
                        .allMatch(tuple ->
                                "empty".equals(scalar(tuple.getKeyNode()).orElse("")));
            }
        }
        return onlyEmpty ? Rollback.EMPTY : Rollback.CHANGES;
    }

    private static MappingNode mapping(final String file, final Node node, final String what)
            throws ChangelogException {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw new ChangelogException(file, line(node), "'" + what + "' must be a mapping of its attributes");
    }

    private static String requiredText(
            final String file, final MappingNode mapping, final String key, final String what)
            throws ChangelogException {
        Optional<String> text =
                value(mapping, key).flatMap(YamlChangelogParser::scalar).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            throw new ChangelogException(
                    file, line(mapping), "a " + what + " has no " + key + ": give it '" + key + ":'");
        }
        return text.get();
    }

    private static boolean isTrue(final MappingNode mapping, final String key, final boolean defaultValue) {
        return value(mapping, key)
                .flatMap(YamlChangelogParser::scalar)
                .map(text -> "true".equals(text.trim().toLowerCase(Locale.ROOT)))
                .orElse(defaultValue);
    }

    private static Optional<Node> value(final MappingNode mapping, final String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (key.equals(scalar(tuple.getKeyNode()).orElse(null))) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> scalar(final Node node) {
        return node instanceof ScalarNode scalar && !isNull(node) ? Optional.of(scalar.getValue()) : Optional.empty();
    }

    private static boolean isNull(@CheckForNull final Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static int line(final Node node) {
        Mark mark = node.getStartMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
