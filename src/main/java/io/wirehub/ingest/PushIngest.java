package io.wirehub.ingest;

import io.wirehub.Routes;
import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.NormalizeStage;
import io.wirehub.normalize.ParseException;
import io.wirehub.normalize.ParseRuntimeException;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bean behind the {@code push-ingest} route ({@code POST /ingest/{feedId}}): agencies push items
 * in any supported format. Each push feed has its own secret (bearer token, or HMAC-SHA256 signature
 * of the body). Answers: 404 unknown feed, 401 missing or bad credentials, 413 body over the cap,
 * 422 body that cannot be parsed (kept in {@code data/rejected/<feed>/} with the reason beside it),
 * 202 with the ids of the items accepted. The document goes through {@code direct:normalize}, the
 * same path as polled feeds and inbox files.
 */
public class PushIngest {
    private static final Logger LOG = LoggerFactory.getLogger(PushIngest.class);
    /** Exchange property set when the push is answered without being read (404/401/413). */
    public static final String PROP_REFUSED = "wirehubPushRefused";
    private static final String PROP_RAW = "wirehubPushRaw";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, PushFeed> feeds = new ConcurrentHashMap<>();
    private final long defaultMaxBytes;
    private final Path rejectedDir;

    /**
     * @param feeds           the push feeds of config/push.yaml
     * @param defaultMaxBytes largest body accepted when the feed sets none
     * @param rejectedDir     where unparseable bodies are kept for the operator
     */
    public PushIngest(List<PushFeed> feeds, long defaultMaxBytes, Path rejectedDir) {
        replace(feeds);
        this.defaultMaxBytes = defaultMaxBytes;
        this.rejectedDir = rejectedDir;
    }

    /** The push feeds file, read again when it changes (see {@link #reloadIfChanged}). */
    private volatile io.wirehub.ConfigFile.Watched<List<PushFeed>> file;

    /** Watches this push feeds file: {@link #reloadIfChanged} reads it again when it changed. */
    public void watch(Path pushFile) {
        this.file = new io.wirehub.ConfigFile.Watched<>(pushFile, "the push feeds", PushFeed::load);
    }

    /**
     * The reload route's tick: when the push feeds file changed since it was last read, its feeds
     * replace the current ones (a feed added is accepted, one removed gets 404, a new secret is in
     * force) without a restart. A file with a mistake changes nothing; its problems are logged. In a
     * cluster every node reads its own copy of the file, deployed the same everywhere (secrets come
     * from each node's environment): see docs/cluster.md.
     *
     * @return true when the feeds were replaced
     */
    public synchronized boolean reloadIfChanged() {
        io.wirehub.ConfigFile.Watched<List<PushFeed>> watched = file;
        List<PushFeed> next = watched == null ? null : watched.changed();
        if (next == null) {
            return false;
        }
        replace(next);
        LOG.info("{} read again: {} push feed(s)", watched.file(), next.size());
        return true;
    }

    private void replace(List<PushFeed> next) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (PushFeed f : next) {
            ids.add(f.id);
            this.feeds.put(f.id, f);
            if (f.resolvedSecret() == null) {
                LOG.warn("push feed {} has no secret (set {}): every push to it is refused with 401", f.id,
                        f.secretEnv == null ? "secretEnv in push.yaml" : "the environment variable " + f.secretEnv);
            }
        }
        this.feeds.keySet().retainAll(ids);
    }

    /** Checks feed, credentials and size; on success the body becomes the SourceDocument to normalize. */
    public void accept(Exchange ex) {
        Message m = ex.getMessage();
        String feedId = m.getHeader("feedId", String.class);
        PushFeed f = feedId == null ? null : feeds.get(feedId);
        if (f == null) {
            refuse(ex, 404, "unknown push feed '" + feedId + "'");
            return;
        }
        ex.setProperty(Routes.PROP_FEED, f.id);
        String secret = f.resolvedSecret();
        long max = f.maxBytes > 0 ? f.maxBytes : defaultMaxBytes;
        Long declared = m.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > max) {
            refuse(ex, 413, "body of " + declared + " bytes is over the limit of " + max + " bytes for push feed " + f.id);
            return;
        }
        if (PushFeed.BEARER.equals(f.auth)) {
            String auth = m.getHeader("Authorization", String.class);
            String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
            if (secret == null || !Signatures.sameSecret(token, secret)) {
                refuse(ex, 401, auth == null ? "missing Authorization: Bearer token" : "invalid bearer token");
                return;
            }
        }
        byte[] body = m.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > max) {
            refuse(ex, 413, "body of " + body.length + " bytes is over the limit of " + max + " bytes for push feed " + f.id);
            return;
        }
        if (PushFeed.HMAC.equals(f.auth)) {
            String sig = m.getHeader(f.signatureHeader, String.class);
            if (secret == null || !Signatures.verify(sig, secret, body)) {
                refuse(ex, 401, sig == null
                        ? "missing " + f.signatureHeader + " header: sign the body with the feed's secret, " + f.signatureHeader + ": sha256=<hex HMAC-SHA256 of the body>"
                        : "invalid " + f.signatureHeader + " signature: expected sha256=<hex HMAC-SHA256 of the exact body bytes with the feed's secret>");
                ex.getMessage().setHeader("WWW-Authenticate", "HMAC-SHA256 realm=\"wirehub\", header=\"" + f.signatureHeader + "\"");
                return;
            }
        }
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        // Nothing the sender wrote in a header travels further down the pipeline.
        m.removeHeaders("*");
        String name = "push:" + f.id + ":" + STAMP.format(Instant.now());
        ex.setProperty(Routes.PROP_SOURCE, name);
        ex.setProperty(PROP_RAW, body);
        m.setBody(SourceDocument.ofBytes(name, body, contentType, f.context()));
    }

    /** After normalize: 202 with the ids of the accepted items. */
    public void accepted(Exchange ex) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("feed", ex.getProperty(Routes.PROP_FEED));
        answer.put("accepted", ids(ex));
        List<?> warnings = ex.getProperty(NormalizeStage.PROP_WARNINGS, List.class);
        if (warnings != null && !warnings.isEmpty()) {
            answer.put("warnings", warnings);
        }
        respond(ex, 202, answer);
    }

    /**
     * The document could not be read (422) or processed (500): the raw body is kept in the rejected
     * folder with the reason beside it, and the answer says where.
     */
    public void rejected(Exchange ex) {
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable parseError = parseError(t);
        boolean parse = parseError != null;
        String reason = parse ? parseError.getMessage() : FeedPolling.reason(t);
        String feedId = ex.getProperty(Routes.PROP_FEED, String.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("feed", feedId);
        answer.put("error", reason);
        List<String> ids = ids(ex);
        if (!ids.isEmpty()) {
            answer.put("accepted", ids);
        }
        try {
            Path kept = keep(feedId, ex.getProperty(PROP_RAW, byte[].class), reason);
            answer.put("keptAs", kept.toString());
            LOG.warn("push to {} {}: {} (body kept as {})", feedId, parse ? "refused" : "failed", reason, kept);
        } catch (IOException e) {
            LOG.error("push to {} failed ({}) and its body could not be kept: {}", feedId, reason, e.getMessage());
        }
        respond(ex, parse ? 422 : 500, answer);
    }

    /** The parse error in the cause chain (its message names the document and the reason), or null. */
    static Throwable parseError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ParseException || c instanceof ParseRuntimeException) {
                return c;
            }
        }
        return null;
    }

    private Path keep(String feedId, byte[] raw, String reason) throws IOException {
        return keep(rejectedDir, feedId, raw, reason);
    }

    /** Keeps a refused body as {@code dir/<feed>/<time>-<hash>.body} with {@code .error.txt} beside it. */
    static Path keep(Path rejectedDir, String feedId, byte[] raw, String reason) throws IOException {
        Path dir = rejectedDir.resolve(feedId == null ? "unknown" : feedId);
        Files.createDirectories(dir);
        byte[] body = raw == null ? new byte[0] : raw;
        String base = STAMP.format(Instant.now()) + "-" + ItemIds.sha256Hex(new String(body, StandardCharsets.ISO_8859_1)).substring(0, 12);
        Path file = dir.resolve(base + ".body");
        Files.write(file, body);
        Files.writeString(dir.resolve(base + ".error.txt"), "feed: " + feedId + "\nreceived at: " + Instant.now()
                + "\nbytes: " + body.length + "\nreason: " + reason + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Exchange ex) {
        List<String> ids = ex.getProperty(NormalizeStage.PROP_ITEM_IDS, List.class);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    private void refuse(Exchange ex, int code, String reason) {
        LOG.warn("push to /ingest/{} refused with {}: {}", ex.getMessage().getHeader("feedId"), code, reason);
        ex.setProperty(PROP_REFUSED, code);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", reason);
        respond(ex, code, answer);
        if (code == 401) {
            // bearer feeds; an HMAC feed's refusal sets its own scheme after this
            ex.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"wirehub\"");
        }
    }

    static void respond(Exchange ex, int code, Object answer) {
        Message m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(NinjsJson.write(answer));
    }
}
