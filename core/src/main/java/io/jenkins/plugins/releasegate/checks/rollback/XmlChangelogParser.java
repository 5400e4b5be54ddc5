package io.jenkins.plugins.releasegate.checks.rollback;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.ChangeSetEntry;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.Include;
import io.jenkins.plugins.releasegate.checks.rollback.ChangelogEntry.IncludeAll;
import io.jenkins.plugins.releasegate.checks.rollback.LiquibaseChangeSet.Rollback;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads Liquibase XML changelogs ({@code <databaseChangeLog>}) with the JDK's SAX parser, with DTDs and
 * external entities off.
 */
final class XmlChangelogParser {
    /** Children of a changeset that are not changes. */
    private static final Set<String> NOT_CHANGES =
            Set.of("comment", "preConditions", "validCheckSum", "modifySql", "rollback");

    private XmlChangelogParser() {}

    /**
     * Reads a changelog.
     *
     * @param file the file, relative to the workspace, for messages
     * @param xml its text
     * @return its changesets and includes, in order
     * @throws ChangelogException if it is not a Liquibase XML changelog
     */
    static List<ChangelogEntry> parse(final String file, final String xml) throws ChangelogException {
        Handler handler = new Handler(file);
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            SAXParser parser = factory.newSAXParser();
            parser.parse(new InputSource(new StringReader(xml)), handler);
        } catch (SAXParseException exception) {
            throw new ChangelogException(
                    file,
                    exception.getLineNumber(),
                    "is not well-formed XML: " + exception.getMessage() + " (DOCTYPE declarations are not accepted)");
        } catch (SAXException exception) {
            if (exception.getCause() instanceof ChangelogException changelogException) {
                throw changelogException;
            }
            throw new ChangelogException(file, 0, "cannot be read as XML: " + exception.getMessage());
        } catch (ParserConfigurationException | IOException exception) {
            throw new ChangelogException(file, 0, "cannot be read as XML: " + exception.getMessage());
        }
        return handler.entries;
    }

    private static final class Handler extends DefaultHandler {
        private final String file;
        private final List<ChangelogEntry> entries = new ArrayList<>();

        @CheckForNull
        private Locator locator;

        private int depth;

        @CheckForNull
        private ChangeSetBuilder changeSet;

        private boolean inRollback;
        private final StringBuilder rollbackText = new StringBuilder();

        Handler(final String file) {
            this.file = file;
        }

        @Override
        public void setDocumentLocator(final Locator documentLocator) {
            locator = documentLocator;
        }

        private int line() {
            return locator == null ? 0 : locator.getLineNumber();
        }

        @Override
        public void startElement(
                final String uri, final String localName, final String qualifiedName, final Attributes attributes)
                throws SAXException {
            depth++;
            String name = localName.isEmpty() ? qualifiedName : localName;
            if (depth == 1) {
                if (!"databaseChangeLog".equals(name)) {
                    throw new SAXException(new ChangelogException(
                            file,
                            line(),
                            "is not a Liquibase changelog: its root element is <" + name
                                    + ">, not <databaseChangeLog>"));
                }
            } else if (depth == 2) {
                startTopLevel(name, attributes);
            } else if (changeSet != null && depth == 3) {
                startInChangeSet(name, attributes);
            } else if (changeSet != null && inRollback && depth == 4) {
                changeSet.rollbackChanges.add(name);
            }
        }

        private void startTopLevel(final String name, final Attributes attributes) throws SAXException {
            switch (name) {
                case "changeSet" -> {
                    String id = attributes.getValue("id");
                    String author = attributes.getValue("author");
                    if (id == null || id.isBlank()) {
                        throw new SAXException(
                                new ChangelogException(file, line(), "a <changeSet> has no id: give it id=\"...\""));
                    }
                    changeSet = new ChangeSetBuilder(
                            line(), id, author == null ? "" : author, isTrue(attributes.getValue("ignore"), false));
                }
                case "include" -> {
                    String path = attributes.getValue("file");
                    if (path == null || path.isBlank()) {
                        throw new SAXException(
                                new ChangelogException(file, line(), "an <include> has no file: give it file=\"...\""));
                    }
                    if (!isTrue(attributes.getValue("ignore"), false)) {
                        entries.add(new Include(
                                path, isTrue(attributes.getValue("relativeToChangelogFile"), false), line()));
                    }
                }
                case "includeAll" -> {
                    String path = attributes.getValue("path");
                    if (path == null || path.isBlank()) {
                        throw new SAXException(new ChangelogException(
                                file, line(), "an <includeAll> has no path: give it path=\"...\""));
                    }
                    if (!isTrue(attributes.getValue("ignore"), false)) {
                        entries.add(new IncludeAll(
                                path,
                                isTrue(attributes.getValue("relativeToChangelogFile"), false),
                                isTrue(attributes.getValue("errorIfMissingOrEmpty"), true),
                                line()));
                    }
                }
                default -> {
                    // properties, preconditions and the like do not change the schema
                }
            }
        }

        private void startInChangeSet(final String name, final Attributes attributes) {
            ChangeSetBuilder builder = changeSet;
            if ("rollback".equals(name)) {
                inRollback = true;
                rollbackText.setLength(0);
                if (attributes.getValue("changeSetId") != null) {
                    builder.hasReference = true;
                }
                builder.rollbackCount++;
            } else if (!NOT_CHANGES.contains(name)) {
                builder.changes.add(name);
                if ("tagDatabase".equals(name) && attributes.getValue("tag") != null) {
                    builder.tag = attributes.getValue("tag");
                }
            }
        }

        @Override
        public void characters(final char[] characters, final int start, final int length) {
            if (changeSet != null && inRollback && depth == 3) {
                rollbackText.append(characters, start, length);
            }
        }

        @Override
        public void endElement(final String uri, final String localName, final String qualifiedName) {
            if (changeSet != null && inRollback && depth == 3) {
                inRollback = false;
                if (!rollbackText.toString().isBlank()) {
                    changeSet.hasRollbackSql = true;
                }
            }
            if (changeSet != null && depth == 2) {
                if (!changeSet.isIgnored) {
                    entries.add(new ChangeSetEntry(changeSet.build(file)));
                }
                changeSet = null;
            }
            depth--;
        }

        private static boolean isTrue(@CheckForNull final String value, final boolean defaultValue) {
            return value == null ? defaultValue : "true".equals(value.trim().toLowerCase(Locale.ROOT));
        }
    }

    private static final class ChangeSetBuilder {
        private final int line;
        private final String id;
        private final String author;
        private final boolean isIgnored;
        private final List<String> changes = new ArrayList<>();
        private final List<String> rollbackChanges = new ArrayList<>();
        private int rollbackCount;
        private boolean hasReference;
        private boolean hasRollbackSql;

        @CheckForNull
        private String tag;

        ChangeSetBuilder(final int line, final String id, final String author, final boolean isIgnored) {
            this.line = line;
            this.id = id;
            this.author = author;
            this.isIgnored = isIgnored;
        }

        LiquibaseChangeSet build(final String file) {
            return new LiquibaseChangeSet(file, line, id, author, changes, rollback(), tag);
        }

        private Rollback rollback() {
            if (rollbackCount == 0) {
                return Rollback.NONE;
            }
            if (hasReference) {
                return Rollback.REFERENCE;
            }
            if (rollbackChanges.stream().anyMatch(change -> !"empty".equals(change))) {
                return Rollback.CHANGES;
            }
            return hasRollbackSql ? Rollback.SQL : Rollback.EMPTY;
        }
    }
}
