package io.wirehub.publish;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is {@code whsec_}
 * followed by the base64 key; the signature is {@code v1,} + base64(HMAC-SHA256(key,
 * "id.timestamp.body")); with several secrets (a key rotation) the header carries one signature per
 * secret, separated by spaces.
 */
public final class WebhookSigner {
    private static final String PREFIX = "whsec_";

    private WebhookSigner() {
    }

    /** True for whsec_ + base64 of 24 to 64 bytes. */
    public static boolean isValidSecret(String s) {
        if (s == null || !s.startsWith(PREFIX)) {
            return false;
        }
        try {
            int n = Base64.getDecoder().decode(s.substring(PREFIX.length())).length;
            return n >= 24 && n <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One signature {@code v1,<base64>}. */
    public static String sign(String secret, String msgId, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The webhook-signature header value: one signature per secret, space-separated. */
    public static String header(List<String> secrets, String msgId, long timestamp, String body) {
        StringBuilder sb = new StringBuilder();
        for (String s : secrets) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(sign(s, msgId, timestamp, body));
        }
        return sb.toString();
    }

    /** A fresh random secret, for subscribers created without one. */
    public static String newSecret() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return PREFIX + Base64.getEncoder().encodeToString(b);
    }
}
