package io.jenkins.plugins.releasegate.checks.httpclient;

import java.nio.ByteBuffer;

/**
 * Takes a response body piece by piece, as it arrives, and turns it into a value. A sink is used by one
 * exchange only, and by one thread at a time.
 *
 * @param <T> the value made of the body
 */
public interface BodySink<T> {
    /**
     * Takes the next bytes of the body.
     *
     * @param bytes the bytes; the sink may consume them
     * @return {@code true} to read on, {@code false} to stop reading: the rest of the body is not read and
     *     the connection is closed
     */
    boolean accept(ByteBuffer bytes);

    /**
     * Returns the value made of what was taken, once the body ended or the sink stopped reading.
     *
     * @return the value
     */
    T result();

    /**
     * Returns a sink that reads nothing of a body (the connection is closed instead) and gives a fixed value.
     *
     * @param value the value
     * @param <T> its type
     * @return the sink
     */
    static <T> BodySink<T> skipping(final T value) {
        return new BodySink<>() {
            @Override
            public boolean accept(final ByteBuffer bytes) {
                return !bytes.hasRemaining();
            }

            @Override
            public T result() {
                return value;
            }
        };
    }
}
