package io.wirehub.publish;

import io.wirehub.ingest.OutboundHttp;
import org.apache.camel.Exchange;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Sets what a webhook POST carries, in the {@code deliver-webhook} route after every header was
 * removed: Content-Type, the three Standard Webhooks headers, User-Agent and the method; the exact
 * URL and the channel's private-address allowance go through {@link OutboundHttp}. Nothing else
 * reaches the http: producer.
 */
public class WebhookChannel {
    /** Exchange properties the delivery worker sets. */
    public static final String PROP_URL = "wirehubWebhookUrl";
    public static final String PROP_SECRETS = "wirehubWebhookSecrets";
    public static final String PROP_MSG_ID = "wirehubDeliveryId";
    /** The subscriber whose channel this is (names its private-address allowance and pooled connections). */
    public static final String PROP_SUBSCRIBER = "wirehubWebhookSubscriber";
    /** True when the channel, declared in subscribers.yaml, may reach its own host on a private address. */
    public static final String PROP_ALLOW_PRIVATE = "wirehubWebhookAllowPrivate";

    private final String userAgent;

    public WebhookChannel(String userAgent) {
        this.userAgent = userAgent;
    }

    /** Route step: the body is the envelope JSON. */
    @SuppressWarnings("unchecked")
    public void prepare(Exchange ex) {
        String body = ex.getMessage().getBody(String.class);
        String id = ex.getProperty(PROP_MSG_ID, String.class);
        long ts = Instant.now().getEpochSecond();
        List<String> secrets = ex.getProperty(PROP_SECRETS, List.class);
        var m = ex.getMessage();
        URI url = OutboundHttp.parse(ex.getProperty(PROP_URL, String.class));
        boolean allow = Boolean.TRUE.equals(ex.getProperty(PROP_ALLOW_PRIVATE, Boolean.class));
        OutboundHttp.prepare(ex, new OutboundHttp.Target(url, allow ? Set.of(url.getHost()) : Set.of(),
                "subscriber:" + ex.getProperty(PROP_SUBSCRIBER, String.class)));
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setHeader("User-Agent", userAgent);
        m.setHeader("webhook-id", id);
        m.setHeader("webhook-timestamp", Long.toString(ts));
        m.setHeader("webhook-signature", WebhookSigner.header(secrets, id, ts, body));
    }
}
