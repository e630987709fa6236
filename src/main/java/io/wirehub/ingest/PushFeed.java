package io.wirehub.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.wirehub.normalize.FeedContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One agency that pushes items to {@code POST /ingest/{id}}, as declared in {@code config/push.yaml}.
 *
 * <pre>
 * feeds:
 *   - id: afp-fr
 *     auth: hmac                       # hmac: signature of the body; bearer: Authorization: Bearer &lt;secret&gt;
 *     secretEnv: WIREHUB_PUSH_AFP_FR   # environment variable (or system property) holding the secret
 *     signatureHeader: X-Wirehub-Signature   # hmac: "sha256=&lt;hex HMAC-SHA256 of the body&gt;"
 *     agency: AFP
 *     language: fr
 *     format: auto
 *     maxBytes: 10000000
 * </pre>
 * The secret itself may be given as {@code secret:} for local use and tests; it never belongs in git.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class PushFeed {
    public static final String HMAC = "hmac";
    public static final String BEARER = "bearer";

    public String id;
    public String auth = HMAC;
    public String secret;
    public String secretEnv;
    public String signatureHeader = "X-Wirehub-Signature";
    public String agency;
    public String language;
    public String format = "auto";
    /** Largest body accepted from this feed, bytes; 0 = the hub-wide wirehub.push.max-bytes. */
    public long maxBytes;

    /** Reads and checks the push feeds file; a missing file means no push feed. */
    public static List<PushFeed> load(Path file) {
        return FeedsFile.read(file, PushFeed.class, p -> p.id, "push feed", p -> {
            p.auth = p.auth == null ? HMAC : p.auth.toLowerCase(Locale.ROOT);
            return HMAC.equals(p.auth) || BEARER.equals(p.auth) ? List.of()
                    : List.of("auth: \"" + p.auth + "\" is not hmac or bearer");
        });
    }

    /** The secret: given inline, else from the named environment variable or system property; null when none. */
    public String resolvedSecret() {
        if (secret != null && !secret.isBlank()) {
            return secret;
        }
        if (secretEnv == null || secretEnv.isBlank()) {
            return null;
        }
        String v = System.getenv(secretEnv);
        if (v == null || v.isBlank()) {
            v = System.getProperty(secretEnv);
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** What the normalize stage knows of this source. */
    public FeedContext context() {
        return new FeedContext(id, agency, language, null, format);
    }
}
