package io.wirehub.publish;

import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.List;

/**
 * Sets what a webhook POST carries, in the {@code deliver-webhook} route after every header was
 * removed: Content-Type, the three Standard Webhooks headers, User-Agent and the target URL and
 * method. Nothing else reaches the http: producer.
 */
public class WebhookChannel {
    /** Exchange properties the delivery worker sets. */
    public static final String PROP_URL = "wirehubWebhookUrl";
    public static final String PROP_SECRETS = "wirehubWebhookSecrets";
    public static final String PROP_MSG_ID = "wirehubDeliveryId";

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
        m.setHeader(Exchange.HTTP_URI, ex.getProperty(PROP_URL, String.class));
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setHeader("User-Agent", userAgent);
        m.setHeader("webhook-id", id);
        m.setHeader("webhook-timestamp", Long.toString(ts));
        m.setHeader("webhook-signature", WebhookSigner.header(secrets, id, ts, body));
    }
}
