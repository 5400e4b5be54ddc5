package io.jenkins.plugins.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.definition.DefinitionText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SavedStateTest {
    @Test
    void shouldKeepValuesAndNullsInTheirOrder() throws IOException {
        DefinitionText profile = new DefinitionText("version: 1\n", "profile production");

        Object[] values = SavedState.read(SavedState.write(null, profile, "orders"));

        assertThat(values).containsExactly(null, profile, "orders");
        assertThat(SavedState.read(null)).isEmpty();
    }

    @Test
    void shouldRefuseToReadAClassThatIsNeitherOursNorTheJdks() throws IOException {
        // Given saved state that carries a class of another library, as a tampered file could
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeInt(1);
            output.writeObject(new AssertionFailedError("not ours"));
        }

        // Then reading it fails before the class is instantiated
        assertThatThrownBy(() -> SavedState.read(bytes.toByteArray()))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("REJECTED");
    }
}
