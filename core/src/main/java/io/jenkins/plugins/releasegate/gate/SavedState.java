package io.jenkins.plugins.releasegate.gate;

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
 * Keeps a session and the values a host needs to resume it as bytes written with standard Java
 * serialization, for a host whose own persistence cannot be trusted with Java records (such as the Pipeline
 * engine's marshaller). Reading accepts only Release Gate and JDK classes, resolved with this library's class
 * loader.
 */
public final class SavedState {
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

    private SavedState() {}

    /**
     * Writes values.
     *
     * @param values the values, each serializable or {@code null}
     * @return the bytes
     * @throws IOException if a value cannot be written
     */
    public static byte[] write(final Serializable... values) throws IOException {
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
    public static Object[] read(@CheckForNull final byte[] bytes) throws IOException {
        if (bytes == null) {
            return new Object[0];
        }
        try (ObjectInputStream input = new LibraryObjectInputStream(bytes)) {
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

    /** Resolves classes with this library's class loader, which a plugin shares. */
    private static final class LibraryObjectInputStream extends ObjectInputStream {
        LibraryObjectInputStream(final byte[] bytes) throws IOException {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        protected Class<?> resolveClass(final ObjectStreamClass description)
                throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, SavedState.class.getClassLoader());
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
