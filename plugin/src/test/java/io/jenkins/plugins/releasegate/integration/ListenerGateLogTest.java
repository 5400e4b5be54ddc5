package io.jenkins.plugins.releasegate.integration;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.StreamTaskListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListenerGateLogTest {
    @Test
    void shouldWriteNoControlOrFormatCharacterToTheBuildLog() throws Exception {
        // Given a build log and a line carrying an ANSI colour, a hidden console note, a bidi override and a tab
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StreamTaskListener listener = new StreamTaskListener(bytes, StandardCharsets.UTF_8);
        ListenerGateLog log = new ListenerGateLog(listener, "orders");

        // When the line is logged
        log.info("job \u001B[31mnightly\u001B[0m \u001B[8mha:AAAA\u001B[0m \u202Eevil\u009B2J\tend\nsecond line");
        listener.getLogger().flush();

        // Then each character is replaced, the tab is a space and the line break starts a prefixed line
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written)
                .isEqualTo(
                        "[release-gate orders] job \uFFFD[31mnightly\uFFFD[0m \uFFFD[8mha:AAAA\uFFFD[0m \uFFFDevil\uFFFD2J end"
                                + System.lineSeparator()
                                + "[release-gate orders] second line"
                                + System.lineSeparator());
    }
}
