package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeWorkspaceFilesTest {
    private static final Map<String, String> FILES = Map.of(
            "README.md", "readme",
            "deploy/rollback.yaml", "owner: ops\n",
            "db/V1__init.sql", "create table a();",
            "db/migration/V2__orders.sql", "create table b();",
            "db/migration/undo/U2__orders.sql", "drop table b;",
            "db/migration/notes.txt", "notes",
            "db/migration/V2__orders.sql.conf", "executeInTransaction=false",
            "db/other.txt", "other",
            "top.sql", "select 1;");

    @TempDir
    private Path temporary;

    @Test
    void shouldAnswerAsTheSameFilesInAWorkspaceDo() throws Exception {
        // Given the same files in a workspace directory and in a tree
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Path path = temporary.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        WorkspaceFiles workspace = new LocalWorkspaceFiles(temporary);
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(new MemoryTree(FILES));

        // When both are asked the same questions
        // Then they answer the same: paths relative to the root, '/' separators, the same Ant-style patterns
        for (String path : List.of(
                "deploy/rollback.yaml", "deploy", "missing.yaml", "./deploy//rollback.yaml", "db/migration", "")) {
            assertThat(tree.isFile(path)).as("isFile(%s)", path).isEqualTo(workspace.isFile(path));
            assertThat(tree.isDirectory(path)).as("isDirectory(%s)", path).isEqualTo(workspace.isDirectory(path));
        }
        assertThat(tree.read("deploy/rollback.yaml", 1000)).isEqualTo(workspace.read("deploy/rollback.yaml", 1000));
        assertThat(tree.read("./README.md", 1000)).isEqualTo("readme");
        for (String[] listing : List.of(
                new String[] {"db", "**/*.sql"},
                new String[] {"db", "*.sql"},
                new String[] {"db", "migration/**/*.sql"},
                new String[] {"", "db/**/U*.sql"},
                new String[] {"", "**/*.sql"},
                new String[] {"db/migration", "**"},
                new String[] {"db/migration", "*.sql"},
                new String[] {"db", "**/undo/**"},
                new String[] {"", "db/*.txt"},
                new String[] {"db", "V?__*.sql"},
                new String[] {"missing", "**"},
                new String[] {"top.sql", "**"})) {
            assertThat(tree.list(listing[0], listing[1]))
                    .as("list(%s, %s)", listing[0], listing[1])
                    .isEqualTo(workspace.list(listing[0], listing[1]))
                    .isNotNull();
        }
        assertThat(tree.list("db", "**/*.sql"))
                .containsExactly("db/V1__init.sql", "db/migration/V2__orders.sql", "db/migration/undo/U2__orders.sql");
        assertThat(tree.describe()).isEqualTo("memory tree");
    }

    @Test
    void shouldRefusePathsThatLeaveTheTreeWithTheWorkspaceSentences() {
        // Given a tree
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(new MemoryTree(FILES));

        // When paths climb out or are absolute, Then they are refused with a sentence that says what to do
        assertThatIOException()
                .isThrownBy(() -> tree.read("../outside/secret.txt", 1000))
                .withMessageContaining("'../outside/secret.txt' leaves the workspace through '..'")
                .withMessageContaining("use a path inside the workspace");
        assertThatIOException()
                .isThrownBy(() -> tree.read("/etc/passwd", 1000))
                .withMessageContaining("is an absolute path: use a path relative to the workspace root");
        assertThatIOException().isThrownBy(() -> tree.isFile("deploy/../../outside"));
        assertThatIOException().isThrownBy(() -> tree.list("..", "**"));
    }

    @Test
    void shouldRefuseSymbolicLinksAndNeverListThem() throws Exception {
        // Given a tree with a link to a file and a link to a directory
        MemoryTree memory = new MemoryTree(FILES);
        memory.links.add("current.yaml");
        memory.links.add("db/linked");
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(memory);

        // When they are used
        // Then a link, or a path through one, is refused with a sentence naming the link
        assertThatIOException()
                .isThrownBy(() -> tree.read("current.yaml", 1000))
                .withMessage("'current.yaml' is the symbolic link 'current.yaml' in memory tree; links are not followed"
                        + " there: point the setting at the file the link names");
        assertThatIOException()
                .isThrownBy(() -> tree.isFile("db/linked/secret.txt"))
                .withMessageContaining("'db/linked/secret.txt' passes through the symbolic link 'db/linked'");
        // and a listing skips them
        assertThat(tree.list("", "**")).doesNotContain("current.yaml").noneMatch(path -> path.contains("linked"));
        assertThat(memory.opened).isEmpty();
    }

    @Test
    void shouldReadNoMoreThanOneBytePastTheLimit() throws Exception {
        // Given a file whose content never ends, and a file of exactly the limit
        MemoryTree memory = new MemoryTree(Map.of("exact.yaml", "x".repeat(1000)));
        memory.endless.add("huge.yaml");
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(memory);

        // When they are read with a limit of 1000 bytes
        // Then the endless one is refused after 1001 bytes, and the exact one is read
        assertThatThrownBy(() -> tree.read("huge.yaml", 1000))
                .isInstanceOf(FileTooLargeException.class)
                .hasMessage("'huge.yaml' is larger than 1000 bytes, the most that is read");
        assertThat(memory.endlessBytesRead.get()).isEqualTo(1001);
        assertThat(tree.read("exact.yaml", 1000)).hasSize(1000);
    }

    @Test
    void shouldSayWhatIsWrongWithWhatIsNotAFile() {
        // Given a tree with a directory, a missing path and something that is neither
        MemoryTree memory = new MemoryTree(FILES);
        memory.others.add("modules/shared");
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(memory);

        // When they are read, Then each is refused with what to do
        assertThatThrownBy(() -> tree.read("missing.yaml", 1000))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.yaml")
                .hasMessageContaining("not found in memory tree");
        assertThatIOException()
                .isThrownBy(() -> tree.read("deploy", 1000))
                .withMessageContaining("'deploy' is a directory; only regular files are read");
        assertThatIOException()
                .isThrownBy(() -> tree.read("modules/shared", 1000))
                .withMessageContaining("'modules/shared' is not a regular file in memory tree");
        assertThatIOException().isThrownBy(() -> tree.read("deploy/rollback.yaml/inner", 1000));
    }

    @Test
    void shouldStopAListingThatVisitsTooManyEntries() throws Exception {
        // Given a tree of 30 files and a listing budget of 20 entries
        Map<String, String> many = new TreeMap<>();
        for (int index = 0; index < 30; index++) {
            many.put("generated/file-" + index + ".sql", "select " + index + ";");
        }
        WorkspaceFiles tree = new FileTreeWorkspaceFiles(new MemoryTree(many), 20);

        // When the whole tree is listed, Then the listing stops with a sentence; a small directory still lists
        assertThatIOException()
                .isThrownBy(() -> tree.list("", "**/*.sql"))
                .withMessage("'' in memory tree holds more than 20 entries, the most a listing visits: point the"
                        + " setting at a smaller directory");
        assertThat(new FileTreeWorkspaceFiles(new MemoryTree(many), 31).list("generated", "file-1*.sql"))
                .hasSize(11);
    }

    /** Files held in memory, with links, entries that are neither file nor directory, and endless files. */
    private static final class MemoryTree implements FileTree {
        private final Map<String, String> files;
        private final Set<String> links = new TreeSet<>();
        private final Set<String> others = new TreeSet<>();
        private final Set<String> endless = new TreeSet<>();
        private final List<String> opened = new ArrayList<>();
        private final AtomicLong endlessBytesRead = new AtomicLong();

        MemoryTree(final Map<String, String> files) {
            this.files = new TreeMap<>(files);
        }

        @Override
        public String describe() {
            return "memory tree";
        }

        private Set<String> all() {
            Set<String> all = new TreeSet<>(files.keySet());
            all.addAll(links);
            all.addAll(others);
            all.addAll(endless);
            return all;
        }

        @Override
        public Type type(final String path) {
            if (path.isEmpty()) {
                return Type.DIRECTORY;
            }
            if (links.contains(path)) {
                return Type.LINK;
            }
            if (others.contains(path)) {
                return Type.OTHER;
            }
            if (files.containsKey(path) || endless.contains(path)) {
                return Type.FILE;
            }
            return all().stream().anyMatch(entry -> entry.startsWith(path + "/")) ? Type.DIRECTORY : Type.MISSING;
        }

        @Override
        public List<String> children(final String directory) {
            String prefix = directory.isEmpty() ? "" : directory + "/";
            Set<String> names = new TreeSet<>();
            for (String entry : all()) {
                if (entry.startsWith(prefix)) {
                    names.add(entry.substring(prefix.length()).split("/")[0]);
                }
            }
            return List.copyOf(names);
        }

        @Override
        public InputStream open(final String file) throws IOException {
            opened.add(file);
            if (endless.contains(file)) {
                return new InputStream() {
                    @Override
                    public int read() {
                        endlessBytesRead.incrementAndGet();
                        return 'x';
                    }
                };
            }
            String content = files.get(file);
            if (content == null) {
                throw new IOException("no such file " + file);
            }
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
