package io.jenkins.plugins.releasegate.checks.httpclient;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The start of a response body, at most a given number of bytes, and whether the body went on past them.
 */
public final class LimitedBody {
    private final byte[] bytes;
    private final boolean truncated;

    private LimitedBody(final byte[] bytes, final boolean truncated) {
        this.bytes = Arrays.copyOf(bytes, bytes.length);
        this.truncated = truncated;
    }

    /**
     * Returns a sink that keeps at most {@code maxBytes} bytes of a body and stops reading as soon as it
     * sees one byte more.
     *
     * @param maxBytes the most bytes kept
     * @return the sink
     */
    public static BodySink<LimitedBody> upTo(final int maxBytes) {
        return new BodySink<>() {
            private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
            private boolean isTruncated;

            @Override
            public boolean accept(final ByteBuffer buffer) {
                int room = maxBytes - kept.size();
                int taken = Math.min(room, buffer.remaining());
                byte[] piece = new byte[taken];
                buffer.get(piece);
                kept.write(piece, 0, taken);
                if (buffer.hasRemaining()) {
                    isTruncated = true;
                    return false;
                }
                return true;
            }

            @Override
            public LimitedBody result() {
                return new LimitedBody(kept.toByteArray(), isTruncated);
            }
        };
    }

    /**
     * Returns a sink that reads a whole body, keeping none of it, and gives its SHA-256 checksum in
     * lowercase hexadecimal.
     *
     * @return the sink
     */
    public static BodySink<String> sha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException exception) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", exception);
        }
        return new BodySink<>() {
            @Override
            public boolean accept(final ByteBuffer bytes) {
                digest.update(bytes);
                return true;
            }

            @Override
            public String result() {
                return HexFormat.of().formatHex(digest.digest());
            }
        };
    }

    /**
     * Returns a sink that reads nothing of a body: the connection is closed instead.
     *
     * @return the sink
     */
    public static BodySink<LimitedBody> none() {
        return upTo(0);
    }

    /**
     * Returns the bytes kept.
     *
     * @return a copy of them
     */
    public byte[] bytes() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    /**
     * Returns the bytes kept as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Returns whether the body went on past the bytes kept.
     *
     * @return {@code true} if it was longer than the limit
     */
    public boolean isTruncated() {
        return truncated;
    }
}
