package io.jenkins.plugins.releasegate.notify;

import io.jenkins.plugins.releasegate.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook's payload: {@code sha256=} and the lower-case hexadecimal HMAC-SHA256 of the exact
 * body bytes, keyed with the UTF-8 bytes of a secret, sent as {@value #HEADER}.
 */
public final class Signature {
    /** The header that carries the signature. */
    public static final String HEADER = "X-Release-Gate-Signature";

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private Signature() {}

    /**
     * Signs a body.
     *
     * @param body the exact bytes sent
     * @param secret the shared secret
     * @return such as {@code sha256=5f2b…}
     */
    public static String sign(final byte[] body, final Secret secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException exception) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", exception);
        } catch (IllegalArgumentException exception) {
            throw new IllegalArgumentException("the secret that signs webhook payloads is empty", exception);
        }
    }

    /**
     * Verifies a signature as a receiver does, in constant time.
     *
     * @param body the bytes received
     * @param secret the shared secret
     * @param signature the header's value
     * @return {@code true} if the body was signed with this secret
     */
    public static boolean verify(final byte[] body, final Secret secret, final String signature) {
        byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
