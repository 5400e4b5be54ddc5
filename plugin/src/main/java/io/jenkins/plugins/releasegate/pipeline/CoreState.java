package io.jenkins.plugins.releasegate.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Keeps core values (the evidence and the approval ledger, which hold Java records) in the Pipeline's
 * saved state as bytes written with standard Java serialization, so that their persistence does not
 * depend on how the Pipeline engine's marshaller treats records. Reading accepts only Release Gate and
 * JDK classes.
 */
final class CoreState {
    private static final ObjectInputFilter ONLY_OUR_AND_JDK_CLASSES = info -> {
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        String name = type.getName();
        return type.isPrimitive() || name.startsWith("java.") || name.startsWith("io.jenkins.plugins.releasegate.")
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
    };

    private CoreState() {}

    /**
     * Writes values.
     *
     * @param values the values, each serializable or {@code null}
     * @return the bytes
     * @throws IOException if a value cannot be written
     */
    static byte[] write(final Serializable... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeInt(values.length);
            for (Serializable value : values) {
                output.writeObject(value);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Reads values written by {@link #write}.
     *
     * @param bytes the bytes, {@code null} for none
     * @return the values, as many as were written; empty for {@code null}
     * @throws IOException if they cannot be read
     */
    static Object[] read(@CheckForNull final byte[] bytes) throws IOException {
        if (bytes == null) {
            return new Object[0];
        }
        try (ObjectInputStream input = new PluginObjectInputStream(bytes)) {
            input.setObjectInputFilter(ONLY_OUR_AND_JDK_CLASSES);
            Object[] values = new Object[input.readInt()];
            for (int index = 0; index < values.length; index++) {
                values[index] = input.readObject();
            }
            return values;
        } catch (ClassNotFoundException exception) {
            throw new IOException("The saved state of a release gate names an unknown class", exception);
        }
    }

    /** Resolves classes with the plugin's class loader, which sees the core library. */
    private static final class PluginObjectInputStream extends ObjectInputStream {
        PluginObjectInputStream(final byte[] bytes) throws IOException {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        protected Class<?> resolveClass(final ObjectStreamClass description)
                throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, CoreState.class.getClassLoader());
            } catch (ClassNotFoundException exception) {
                Class<?> primitiveOrJdk = super.resolveClass(description);
                if (primitiveOrJdk == null) {
                    throw new InvalidClassException(description.getName());
                }
                return primitiveOrJdk;
            }
        }
    }
}
