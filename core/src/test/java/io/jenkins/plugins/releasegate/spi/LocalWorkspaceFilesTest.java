package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class LocalWorkspaceFilesTest {
    @TempDir
    private Path temporary;

    private Path root;
    private Path outside;
    private LocalWorkspaceFiles workspace;

    @BeforeEach
    void createWorkspace() throws IOException {
        root = Files.createDirectories(temporary.resolve("workspace"));
        outside = Files.createDirectories(temporary.resolve("outside"));
        write(outside.resolve("secret.txt"), "outside secret");
        write(root.resolve("README.md"), "readme");
        write(root.resolve("deploy/rollback.yaml"), "owner: ops\n");
        write(root.resolve("db/V1__init.sql"), "create table a();");
        write(root.resolve("db/migration/V2__orders.sql"), "create table b();");
        write(root.resolve("db/migration/undo/U2__orders.sql"), "drop table b;");
        write(root.resolve("db/migration/notes.txt"), "notes");
        write(root.resolve("db/migration/V2__orders.sql.conf"), "executeInTransaction=false");
        write(root.resolve("db/other.txt"), "other");
        write(root.resolve("top.sql"), "select 1;");
        workspace = new LocalWorkspaceFiles(root);
    }

    private static void write(final Path file, final String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadFilesRelativeToTheRoot() throws IOException {
        // Given a workspace with files
        // When files and directories are looked up and read
        // Then paths are relative to the root, with '/' separators
        assertThat(workspace.isFile("deploy/rollback.yaml")).isTrue();
        assertThat(workspace.isFile("deploy")).isFalse();
        assertThat(workspace.isDirectory("deploy")).isTrue();
        assertThat(workspace.isFile("missing.yaml")).isFalse();
        assertThat(workspace.read("deploy/rollback.yaml", 1000)).isEqualTo("owner: ops\n");
        assertThat(workspace.read("./deploy/../README.md", 1000)).isEqualTo("readme");
        assertThat(workspace.describe()).isEqualTo(root.toRealPath().toString());
    }

    @Test
    void shouldRefusePathsThatLeaveTheWorkspace() {
        // Given paths that climb out of the workspace or are absolute
        // When they are used, Then they are refused with a message that says what to do
        assertThatIOException()
                .isThrownBy(() -> workspace.read("../outside/secret.txt", 1000))
                .withMessageContaining("'../outside/secret.txt' is outside the workspace")
                .withMessageContaining("use a path relative to the workspace root");
        assertThatIOException()
                .isThrownBy(() -> workspace.read(outside.resolve("secret.txt").toString(), 1000))
                .withMessageContaining("is outside the workspace");
        assertThatIOException().isThrownBy(() -> workspace.isFile("deploy/../../outside/secret.txt"));
        assertThatIOException().isThrownBy(() -> workspace.list("..", "**"));
    }

    @Test
    void shouldRefuseSymbolicLinksThatLeaveTheWorkspace() throws IOException {
        // Given a link to a file outside and a link to a directory outside
        Files.createSymbolicLink(root.resolve("linked-secret.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linked-dir"), outside);

        // When they are used
        // Then reading is refused and they do not count as files or directories of the workspace
        assertThatIOException()
                .isThrownBy(() -> workspace.read("linked-secret.txt", 1000))
                .withMessageContaining("leaves the workspace")
                .withMessageContaining("through a link");
        assertThatIOException()
                .isThrownBy(() -> workspace.read("linked-dir/secret.txt", 1000))
                .withMessageContaining("leaves the workspace");
        assertThat(workspace.isFile("linked-secret.txt")).isFalse();
        assertThat(workspace.isFile("linked-dir/secret.txt")).isFalse();
        assertThat(workspace.isDirectory("linked-dir")).isFalse();
        assertThat(workspace.list("linked-dir", "**")).isEmpty();
        assertThat(workspace.list("", "**")).noneMatch(path -> path.contains("secret"));
    }

    @Test
    void shouldFollowSymbolicLinksThatStayInside() throws IOException {
        // Given a link to a file inside the workspace
        Files.createSymbolicLink(root.resolve("current.yaml"), root.resolve("deploy/rollback.yaml"));

        // When it is read, Then it is the file it points to
        assertThat(workspace.isFile("current.yaml")).isTrue();
        assertThat(workspace.read("current.yaml", 1000)).isEqualTo("owner: ops\n");
    }

    @Test
    void shouldListFilesMatchingAntPatterns() throws IOException {
        // Given files at several depths
        // When they are listed with Ant-style patterns
        // Then '**' matches any number of directories, including none, and '*' stays within one directory
        assertThat(workspace.list("db", "**/*.sql"))
                .containsExactly("db/V1__init.sql", "db/migration/V2__orders.sql", "db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("db", "*.sql")).containsExactly("db/V1__init.sql");
        assertThat(workspace.list("db", "migration/**/*.sql"))
                .containsExactly("db/migration/V2__orders.sql", "db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("", "db/**/U*.sql")).containsExactly("db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("", "**/*.sql"))
                .containsExactly(
                        "db/V1__init.sql",
                        "db/migration/V2__orders.sql",
                        "db/migration/undo/U2__orders.sql",
                        "top.sql");
        assertThat(workspace.list("db/migration", "**"))
                .containsExactly(
                        "db/migration/V2__orders.sql",
                        "db/migration/V2__orders.sql.conf",
                        "db/migration/notes.txt",
                        "db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("db/migration", "*.sql")).containsExactly("db/migration/V2__orders.sql");
        assertThat(workspace.list("db", "**/undo/**")).containsExactly("db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("", "**/migration/**/*.sql"))
                .containsExactly("db/migration/V2__orders.sql", "db/migration/undo/U2__orders.sql");
        assertThat(workspace.list("", "db/*.txt")).containsExactly("db/other.txt");
        assertThat(workspace.list("db", "V?__*.sql")).containsExactly("db/V1__init.sql");
        assertThat(workspace.list("missing", "**")).isEmpty();
    }

    @Test
    void shouldRefuseAFileLargerThanTheLimitWithoutReadingIt() throws IOException {
        // Given a sparse file of 2 GiB (it takes no disk) and a file of exactly the limit
        try (RandomAccessFile file =
                new RandomAccessFile(root.resolve("huge.yaml").toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }
        write(root.resolve("exact.yaml"), "x".repeat(1000));

        // When they are read with a limit of 1000 bytes
        // Then the huge one is refused before it is read, and the other one is read
        assertThatThrownBy(() -> workspace.read("huge.yaml", 1000))
                .isInstanceOf(FileTooLargeException.class)
                .hasMessage("'huge.yaml' is larger than 1000 bytes, the most that is read");
        assertThat(workspace.read("exact.yaml", 1000)).hasSize(1000);
        assertThatThrownBy(() -> workspace.read("exact.yaml", 999)).isInstanceOf(FileTooLargeException.class);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseAFifoAndADirectoryWithoutOpeningThem() throws Exception {
        // Given a FIFO that no one writes to (opening it for reading would wait forever)
        Process mkfifo = new ProcessBuilder(
                        "mkfifo", root.resolve("deploy/pipe.yaml").toString())
                .redirectErrorStream(true)
                .start();
        assertThat(mkfifo.waitFor()).isZero();

        // When it and a directory are read
        // Then both are refused with what they are
        assertThatIOException()
                .isThrownBy(() -> workspace.read("deploy/pipe.yaml", 1000))
                .withMessage("'deploy/pipe.yaml' is not a regular file (a FIFO, socket or device); only regular files "
                        + "are read: point the setting at a file");
        assertThatIOException()
                .isThrownBy(() -> workspace.read("deploy", 1000))
                .withMessageStartingWith("'deploy' is a directory; only regular files are read");
    }

    @Test
    void shouldWriteAPathInsideTheWorkspacePlainlyAndRefuseOneThatLeavesIt() throws IOException {
        assertThat(WorkspaceFiles.normalize("deploy/rollback.yaml")).isEqualTo("deploy/rollback.yaml");
        assertThat(WorkspaceFiles.normalize("./deploy//./rollback.yaml")).isEqualTo("deploy/rollback.yaml");
        assertThat(WorkspaceFiles.normalize("deploy\\rollback.yaml")).isEqualTo("deploy/rollback.yaml");
        assertThat(WorkspaceFiles.normalize(".")).isEmpty();
        for (String absolute : List.of("/etc/passwd", "\\\\server\\share", "C:\\gate.yaml", "c:gate.yaml")) {
            assertThatThrownBy(() -> WorkspaceFiles.normalize(absolute))
                    .as(absolute)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is an absolute path: use a path relative to the workspace root");
        }
        assertThatThrownBy(() -> WorkspaceFiles.normalize("deploy/../../etc/passwd"))
                .isInstanceOf(IOException.class)
                .hasMessage("'deploy/../../etc/passwd' leaves the workspace through '..': use a path inside the"
                        + " workspace");
    }
}
