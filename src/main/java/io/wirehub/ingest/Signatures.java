package io.wirehub.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/** HMAC signatures of pushed bodies ({@code sha256=<hex>}, as WebSub's X-Hub-Signature writes them). */
public final class Signatures {
    private Signatures() {
    }

    /** {@code algo=<hex HMAC of body>}; algo is sha256, sha384 or sha512. */
    public static String sign(String algo, String secret, byte[] body) {
        return algo + "=" + HexFormat.of().formatHex(hmac(algo, secret, body));
    }

    /**
     * True when {@code header} ({@code sha256=<hex>}) is the HMAC of the body under the secret. SHA-1
     * is refused; the comparison takes the same time whatever the input.
     */
    public static boolean verify(String header, String secret, byte[] body) {
        if (header == null || secret == null) {
            return false;
        }
        int eq = header.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String algo = header.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        if (!algo.equals("sha256") && !algo.equals("sha384") && !algo.equals("sha512")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(eq + 1).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, hmac(algo, secret, body));
    }

    /** Constant-time equality of two secrets (bearer tokens). */
    public static boolean sameSecret(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algo, String secret, byte[] body) {
        String name = switch (algo) {
            case "sha384" -> "HmacSHA384";
            case "sha512" -> "HmacSHA512";
            default -> "HmacSHA256";
        };
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), name));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " unavailable", e);
        }
    }
}
