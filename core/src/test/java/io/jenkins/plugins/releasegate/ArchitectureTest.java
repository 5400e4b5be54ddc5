package io.jenkins.plugins.releasegate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.jenkins.plugins.releasegate.spi.Settings;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules of the house that the compiler does not enforce.
 */
class ArchitectureTest {
    private static JavaClasses core;
    private static JavaClasses tests;

    @BeforeAll
    static void importClasses() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(location(Settings.class));
        tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPath(location(ArchitectureTest.class));
    }

    /** Returns the class directory (or jar) a class was loaded from: the core's own classes, not its dependencies. */
    private static Path location(final Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** Core runs outside Jenkins (CLI, other CI systems): it may not depend on Jenkins, Stapler or servlets. */
    private static final ArchRule CORE_IS_JENKINS_FREE = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..", "javax.servlet..", "jakarta.servlet..")
            .because("the core is a plain library that the CLI and the plugin share");

    /** Tests use JUnit 5 only. */
    private static final ArchRule NO_JUNIT_4 = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("junit.framework..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.junit.Test")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("org.junit")
            .because("tests use JUnit 5 (org.junit.jupiter)");

    /**
     * The layers of the core, top to bottom; each may use the layers below it and none above. The built-in
     * checks and the check SPI know nothing of gates: a check never reads the gate definition, the
     * ledger or the reports. Notifications know the check SPI only: the session hands them events built from
     * what it knows.
     */
    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("statistics")
            .definedBy("io.jenkins.plugins.releasegate.statistics..")
            .layer("gate")
            .definedBy("io.jenkins.plugins.releasegate.gate..")
            .layer("report")
            .definedBy("io.jenkins.plugins.releasegate.report..")
            .layer("runner")
            .definedBy("io.jenkins.plugins.releasegate.runner..")
            .layer("definition")
            .definedBy("io.jenkins.plugins.releasegate.definition..")
            .layer("notify")
            .definedBy("io.jenkins.plugins.releasegate.notify..")
            .layer("approval")
            .definedBy("io.jenkins.plugins.releasegate.approval..")
            .layer("checks")
            .definedBy("io.jenkins.plugins.releasegate.checks..")
            .layer("spi")
            .definedBy("io.jenkins.plugins.releasegate.spi..")
            .whereLayer("statistics")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("gate")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("report")
            .mayOnlyBeAccessedByLayers("gate", "statistics")
            .whereLayer("runner")
            .mayOnlyBeAccessedByLayers("gate", "report", "statistics")
            .whereLayer("definition")
            .mayOnlyBeAccessedByLayers("gate", "report", "runner")
            .whereLayer("notify")
            .mayOnlyBeAccessedByLayers("gate", "report", "runner", "definition")
            .whereLayer("notify")
            .mayOnlyAccessLayers("spi")
            .whereLayer("approval")
            .mayOnlyBeAccessedByLayers("gate", "report", "runner", "definition", "statistics")
            .whereLayer("checks")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("checks")
            .mayOnlyAccessLayers("spi")
            .whereLayer("spi")
            .mayNotAccessAnyLayer()
            .because("the package layering in docs/architecture.md keeps arrows pointing down");

    /** No two packages depend on each other, directly or through others. */
    static final ArchRule NO_CYCLES =
            slices().matching("io.jenkins.plugins.releasegate.(**)").should().beFreeOfCycles();

    @Test
    void shouldKeepThePackagesInTheirLayers() {
        // Given the core's classes, When the layering is checked, Then every dependency points down
        LAYERS.check(core);
    }

    @Test
    void shouldKeepThePackagesFreeOfCycles() {
        // Given the core's classes, When their packages are sliced, Then no cycle joins them
        NO_CYCLES.check(core);
    }

    @Test
    void shouldKeepTheCoreFreeOfJenkins() {
        // Given the core's classes, When the rule is checked, Then no class depends on Jenkins, Stapler or servlets
        assertThat(core.size()).as("core classes imported").isGreaterThan(50);
        CORE_IS_JENKINS_FREE.check(core);
    }

    @Test
    void shouldUseJunit5InEveryCoreTest() {
        // Given the core's test classes, When the rule is checked, Then none uses JUnit 4
        assertThat(tests.contain(ArchitectureTest.class)).isTrue();
        NO_JUNIT_4.check(tests);
    }

    @Test
    void shouldSeeTheDependenciesItChecks() {
        // Given rules of the same shape that name packages the core and its tests do use
        // When they are evaluated
        EvaluationResult yaml = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.yaml..")
                .evaluate(core);
        EvaluationResult jupiter = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.junit.jupiter.api")
                .evaluate(tests);

        // Then they report violations: the rules above would catch a forbidden dependency
        assertThat(yaml.hasViolation()).isTrue();
        assertThat(jupiter.hasViolation()).isTrue();
    }
}
