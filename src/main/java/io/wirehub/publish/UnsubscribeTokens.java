package io.wirehub.publish;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * One-click unsubscribe links (RFC 8058): {@code <public-url>/unsubscribe?s=<subscriber>&c=<channel>&t=<token>},
 * the token an HMAC-SHA256 of subscriber and channel under the hub's secret, so a link cannot be
 * forged for another subscriber.
 */
public final class UnsubscribeTokens {
    private final byte[] key;
    private final String publicUrl;

    public UnsubscribeTokens(String secret, String publicUrl) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("wirehub.unsubscribe.secret must be set (16 characters or more)");
        }
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    public String token(String subscriberId, int channel) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(("unsubscribe\u0000" + subscriberId + "\u0000" + channel).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check. */
    public boolean verify(String subscriberId, int channel, String token) {
        if (subscriberId == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(token(subscriberId, channel).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }

    public String url(String subscriberId, int channel) {
        return publicUrl + "/unsubscribe?s=" + URLEncoder.encode(subscriberId, StandardCharsets.UTF_8) + "&c=" + channel
                + "&t=" + token(subscriberId, channel);
    }

    public String publicUrl() {
        return publicUrl;
    }
}
