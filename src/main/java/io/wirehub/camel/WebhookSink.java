package io.wirehub.camel;

import io.wirehub.ingest.OutboundHttp;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.publish.WebhookSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ExchangeBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The bean of the {@code ninjs-webhook-sink} Kamelet: POSTs the ninjs item in the body to one URL,
 * signed per Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), through the guarded {@code wirehub-http} component.
 *
 * <p>The request is built on a fresh exchange (every header removed, in effect), so none of the route's headers reaches the wire
 * and the user's message (body: the item's JSON) is left as it was; a redelivery by the user's
 * error handler therefore sends the same bytes again, with the same {@code webhook-id} (derived
 * from the item's uri and version, so receivers can drop duplicates) and a fresh timestamp. The URL
 * is sent byte for byte ({@link OutboundHttp}). Anything but a 2xx answer, redirects included, is
 * a {@link WebhookRejectedException}; a refused or unreachable address is the HTTP client's
 * exception. Private, loopback and link-local addresses are refused unless {@code allowPrivate},
 * and then only for this URL's own host.
 */
public class WebhookSink {
    private static final String ENDPOINT = WirehubHttpComponent.NAME + "://wirehub-webhook"
            + "?throwExceptionOnFailure=false&followRedirects=false";

    private URI url;
    private String secret;
    private boolean allowPrivate;
    private String userAgent = "wirehub/0.1 (+https://github.com/wirehub/wirehub)";
    private final LazyProducer producer = new LazyProducer(ENDPOINT);

    /** The receiver; only http(s) with a host. */
    public void setUrl(String url) {
        this.url = OutboundHttp.parse(url);
    }

    /** The Standard Webhooks secret, {@code whsec_} + base64 of 24 to 64 bytes. */
    public void setSecret(String secret) {
        if (!WebhookSigner.isValidSecret(secret)) {
            throw new IllegalArgumentException("secret must be whsec_ followed by base64 of 24 to 64 bytes");
        }
        this.secret = secret;
    }

    /** True to let this sink reach its URL's host although it is loopback/private/link-local. */
    public void setAllowPrivate(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public void setUserAgent(String userAgent) {
        if (userAgent != null && !userAgent.isBlank()) {
            this.userAgent = userAgent.strip();
        }
    }

    /** Route step: one POST; returns normally only on a 2xx answer. */
    public void deliver(Exchange ex) throws Exception {
        NinjsItem item = NinjsBodies.item(ex.getMessage().getBody());
        String body = NinjsBodies.json(item);
        String id = messageId(item);
        long ts = Instant.now().getEpochSecond();

        CamelContext ctx = ex.getContext();
        Exchange req = ExchangeBuilder.anExchange(ctx).build();
        req.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        OutboundHttp.prepare(req, new OutboundHttp.Target(url, allowPrivate ? Set.of(url.getHost()) : Set.of(),
                "kamelet-webhook:" + url.getHost()));
        req.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        req.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        req.getMessage().setHeader("User-Agent", userAgent);
        req.getMessage().setHeader("webhook-id", id);
        req.getMessage().setHeader("webhook-timestamp", Long.toString(ts));
        req.getMessage().setHeader("webhook-signature", WebhookSigner.header(List.of(secret), id, ts, body));
        try {
            // Straight to the producer, on this thread: the exact target waits in a thread-local.
            producer.get(ctx).process(req);
        } finally {
            OutboundHttp.clear();
        }
        if (req.getException() != null) {
            throw req.getException();
        }
        int code = req.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (code < 200 || code >= 300) {
            throw new WebhookRejectedException(url, code);
        }
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
    }

    /** Stable per item version: a redelivery carries the same id. */
    static String messageId(NinjsItem item) {
        String key = item.uri + "|" + (item.version == null ? "" : item.version) + "|"
                + (item.versionCreated == null ? "" : item.versionCreated);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A receiver's non-2xx answer: an error, so the route's error handler (redelivery) applies. */
    public static class WebhookRejectedException extends Exception {
        private final int status;

        public WebhookRejectedException(URI url, int status) {
            super("webhook " + url + " answered HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
