package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GateLogTest {
    @Test
    void shouldWriteNoControlOrFormatCharacterToASharedLog() {
        // Given a shared log and a line carrying an ANSI colour, a hidden console note, a bidi override and a tab
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        GateLog log = GateLog.prefixed(stream, "[release-gate orders] ");

        // When the line is logged
        log.info("job \u001B[31mnightly\u001B[0m \u001B[8mha:AAAA\u001B[0m \u202Eevil\u009B2J\tend\nsecond line");

        // Then each character is replaced, the tab is a space and the line break starts a prefixed line
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "[release-gate orders] job \uFFFD[31mnightly\uFFFD[0m \uFFFD[8mha:AAAA\uFFFD[0m \uFFFDevil\uFFFD2J end"
                                + System.lineSeparator()
                                + "[release-gate orders] second line"
                                + System.lineSeparator());
    }
}
