package io.jenkins.plugins.releasegate.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWorkspaceFilesTest {
    @TempDir
    private Path root;

    private void write(final String path, final String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadFilesAndDirectoriesBelowTheRoot() throws IOException {
        // Given
        write(".release/rollback.yaml", "apiVersion: releasegate/v1\n");
        LocalWorkspaceFiles workspace = new LocalWorkspaceFiles(root);

        // When / Then
        assertThat(workspace.isFile(".release/rollback.yaml")).isTrue();
        assertThat(workspace.isFile(".release")).isFalse();
        assertThat(workspace.isDirectory(".release")).isTrue();
        assertThat(workspace.isFile("missing.yaml")).isFalse();
        assertThat(workspace.read(".release/rollback.yaml")).isEqualTo("apiVersion: releasegate/v1\n");
        assertThat(workspace.read("./.release/../.release/rollback.yaml")).startsWith("apiVersion");
        assertThat(workspace.describe()).isEqualTo(root.toRealPath().toString());
    }

    @Test
    void shouldRefusePathsThatLeaveTheRoot() throws IOException {
        // Given
        Path outside = Files.createTempFile("outside", ".txt");
        try {
            LocalWorkspaceFiles workspace = new LocalWorkspaceFiles(root);

            // When / Then
            assertThatThrownBy(() -> workspace.read("../" + outside.getFileName()))
                    .isInstanceOf(IOException.class).hasMessageContaining("is outside the workspace");
            assertThatThrownBy(() -> workspace.isFile("a/../../x")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> workspace.read(outside.toAbsolutePath().toString()))
                    .isInstanceOf(IOException.class).hasMessageContaining("is outside the workspace");
        }
        finally {
            Files.delete(outside);
        }
    }

    @Test
    void shouldRefuseSymbolicLinksThatLeaveTheRoot() throws IOException {
        // Given
        Path outsideDirectory = Files.createTempDirectory("outside");
        try {
            Files.writeString(outsideDirectory.resolve("secret.txt"), "not for the gate");
            Files.createSymbolicLink(root.resolve("link.txt"), outsideDirectory.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("linked"), outsideDirectory);
            LocalWorkspaceFiles workspace = new LocalWorkspaceFiles(root);

            // When / Then
            assertThat(workspace.isFile("link.txt")).isFalse();
            assertThat(workspace.isDirectory("linked")).isFalse();
            assertThatThrownBy(() -> workspace.read("link.txt")).isInstanceOf(IOException.class).hasMessageContaining("through a link");
            assertThatThrownBy(() -> workspace.read("linked/secret.txt")).isInstanceOf(IOException.class);
            assertThat(workspace.list("linked", "**")).isEmpty();
            assertThat(workspace.list("", "**")).doesNotContain("linked/secret.txt");
        }
        finally {
            Files.deleteIfExists(outsideDirectory.resolve("secret.txt"));
            Files.deleteIfExists(outsideDirectory);
        }
    }

    @Test
    void shouldListFilesMatchingPatternsSorted() throws IOException {
        // Given
        write("db/migration/V2__add_total.sql", "");
        write("db/migration/V1__create.sql", "");
        write("db/migration/V1__create.sql.conf", "");
        write("db/migration/sub/deeper/V3__index.sql", "");
        write("db/other.txt", "");
        LocalWorkspaceFiles workspace = new LocalWorkspaceFiles(root);

        // When / Then
        assertThat(workspace.list("db/migration", "*.sql"))
                .containsExactly("db/migration/V1__create.sql", "db/migration/V2__add_total.sql");
        assertThat(workspace.list("db/migration", "**/*.sql"))
                .containsExactly("db/migration/V1__create.sql", "db/migration/V2__add_total.sql",
                        "db/migration/sub/deeper/V3__index.sql");
        assertThat(workspace.list("db", "**")).containsExactly("db/migration/V1__create.sql", "db/migration/V1__create.sql.conf",
                "db/migration/V2__add_total.sql", "db/migration/sub/deeper/V3__index.sql", "db/other.txt");
        assertThat(workspace.list("db", "**/sub/**/*.sql")).containsExactly("db/migration/sub/deeper/V3__index.sql");
        assertThat(workspace.list("", "db/*.txt")).containsExactly("db/other.txt");
        assertThat(workspace.list("missing", "**")).isEmpty();
    }
}
