package io.jenkins.plugins.releasegate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jenkins.plugins.releasegate.action.GateStatisticsAction;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

class PluginArchitectureTest {
    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                    "io.jenkins.plugins.releasegate.action",
                    "io.jenkins.plugins.releasegate.configuration",
                    "io.jenkins.plugins.releasegate.pending",
                    "io.jenkins.plugins.releasegate.pipeline",
                    "io.jenkins.plugins.releasegate.integration",
                    "io.jenkins.plugins.releasegate.placement",
                    "io.jenkins.plugins.releasegate.security");

    @Test
    void shouldRequirePostOnEveryWebMethodExceptServingEvidenceFiles() {
        methods()
                .that()
                .haveNameMatching("do[A-Z].*")
                .and()
                .arePublic()
                .and()
                .doNotHaveName("doDynamic")
                .and()
                .areNotAnnotatedWith(GET.class)
                .should()
                .beAnnotatedWith(RequirePOST.class)
                .orShould()
                .beAnnotatedWith(POST.class)
                .check(PLUGIN);
    }

    @Test
    void shouldServeOverGetOnlyTheReadOnlyStatisticsExports() {
        methods()
                .that()
                .areAnnotatedWith(GET.class)
                .should()
                .beDeclaredIn(GateStatisticsAction.class)
                .andShould()
                .haveNameMatching("do(Json|Csv|Trend)")
                .because("a GET endpoint changes nothing: the statistics exports only read the gates' reports")
                .check(PLUGIN);
    }

    @Test
    void shouldUseTheJakartaServletApiOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javax.servlet..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.kohsuke.stapler.StaplerRequest")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.kohsuke.stapler.StaplerResponse")
                .check(PLUGIN);
    }

    @Test
    void shouldKeepGateSemanticsInCoreByNotDependingFromCoreOnThePlugin() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.jenkins.plugins.releasegate.spi..",
                        "io.jenkins.plugins.releasegate.definition..",
                        "io.jenkins.plugins.releasegate.runner..",
                        "io.jenkins.plugins.releasegate.approval..",
                        "io.jenkins.plugins.releasegate.report..",
                        "io.jenkins.plugins.releasegate.statistics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "hudson..", "jenkins..", "org.kohsuke.stapler..", "org.jenkinsci.plugins.workflow..")
                .check(new ClassFileImporter().importPackages("io.jenkins.plugins.releasegate"));
    }
}
