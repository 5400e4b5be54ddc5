package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import io.jenkins.plugins.releasegate.configuration.GateProfile;
import io.jenkins.plugins.releasegate.configuration.ReleaseGateConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class ReleaseGateConfigurationAsCodeITest {
    @Test
    @ConfiguredWithCode("ReleaseGateConfigurationAsCodeITest/configuration-as-code.yaml")
    void shouldReadProfilesAndTheDefaultFromConfigurationAsCode(final JenkinsConfiguredWithCodeRule r) {
        // Given Jenkins configured from YAML with two profiles, a default, and leave for profiles to let change
        // authors approve
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();

        // Then both profiles, the default, the leave and the allowed hosts are configured, the definitions exactly
        // as written
        assertThat(configuration.getDefaultProfile()).isEqualTo("production");
        assertThat(configuration.isProfilesMayAllowChangeAuthors()).isTrue();
        assertThat(configuration.getAllowedHosts())
                .isEqualTo(
                        "# the monitoring endpoints and the database network\nmetrics.example.com:9090\n10.20.0.0/16");
        assertThat(configuration.getProfiles())
                .extracting(GateProfile::getName)
                .containsExactly("production", "staging");
        assertThat(configuration.getProfiles().get(0).getDefinition())
                .startsWith("version: 1\nname: Production release\n")
                .endsWith("  minApprovals: 2");
    }

    @Test
    @ConfiguredWithCode("ReleaseGateConfigurationAsCodeITest/configuration-as-code.yaml")
    void shouldExportWhatItImportsAndImportWhatItExports(final JenkinsConfiguredWithCodeRule r) throws Exception {
        // Given Jenkins configured from YAML
        List<GateProfile> imported = ReleaseGateConfiguration.get().getProfiles();

        // When the configuration is exported, cleared, and the export imported again
        String exported = export();
        ReleaseGateConfiguration.get().setProfiles(List.of());
        ReleaseGateConfiguration.get().setDefaultProfile(null);
        ReleaseGateConfiguration.get().setAllowedHosts(null);
        ReleaseGateConfiguration.get().setProfilesMayAllowChangeAuthors(false);
        ConfigurationAsCode.get()
                .configureWith(YamlSource.of(new ByteArrayInputStream(
                        ("unclassified:\n" + indent(exported)).getBytes(StandardCharsets.UTF_8))));

        // Then the export holds the profiles, the default, the leave and the allowed hosts, and importing it gives
        // the same configuration
        assertThat(exported)
                .contains("defaultProfile: \"production\"")
                .contains("name: \"staging\"")
                .contains("profilesMayAllowChangeAuthors: true")
                .contains("10.20.0.0/16");
        ReleaseGateConfiguration configuration = ReleaseGateConfiguration.get();
        assertThat(configuration.getDefaultProfile()).isEqualTo("production");
        assertThat(configuration.isProfilesMayAllowChangeAuthors()).isTrue();
        assertThat(configuration.getAllowedHosts()).endsWith("metrics.example.com:9090\n10.20.0.0/16");
        assertThat(configuration.getProfiles())
                .extracting(GateProfile::getName, GateProfile::getDefinition)
                .containsExactlyElementsOf(imported.stream()
                        .map(profile -> tuple(profile.getName(), profile.getDefinition()))
                        .toList());
        assertThat(export()).isEqualTo(exported);
    }

    @Test
    @ConfiguredWithCode("ReleaseGateConfigurationAsCodeITest/configuration-as-code.yaml")
    void shouldRefuseAProfileWithProblemsFromConfigurationAsCode(final JenkinsConfiguredWithCodeRule r) {
        // Given a YAML configuration whose profile has an unknown key
        String yaml = "unclassified:\n  releaseGate:\n    profiles:\n    - name: broken\n      definition: |-\n"
                + "        version: 1\n        name: Broken\n        timout: 5m\n        checks: []\n";

        // When it is applied, then it is refused with the problem's line and column, and the configuration stays
        assertThatThrownBy(() -> ConfigurationAsCode.get()
                        .configureWith(YamlSource.of(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))))
                .hasStackTraceContaining("profile broken:3:1: timout: unknown key");
        assertThat(ReleaseGateConfiguration.get().getProfiles())
                .extracting(GateProfile::getName)
                .containsExactly("production", "staging");
    }

    private static String export() throws Exception {
        ConfiguratorRegistry registry = ConfiguratorRegistry.get();
        ConfigurationContext context = new ConfigurationContext(registry);
        CNode node = Util.getUnclassifiedRoot(context).get("releaseGate");
        return "releaseGate:\n" + indent(Util.toYamlString(node));
    }

    private static String indent(final String yaml) {
        return yaml.lines().map(line -> "  " + line).reduce("", (text, line) -> text + line + "\n");
    }
}
