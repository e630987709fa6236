package io.wirehub.api;

import io.wirehub.publish.AtomFeed;
import io.wirehub.publish.Outbox;
import io.wirehub.publish.Subscriber;
import io.wirehub.publish.SubscriberSpec;
import io.wirehub.publish.SubscriberStore;
import io.wirehub.publish.UnsubscribeTokens;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jsoup.nodes.Entities;

/**
 * The hub's public pages: {@code /unsubscribe} (GET shows a confirmation page with a button, POST
 * performs the RFC 8058 one-click unsubscribe; mail clients POST
 * {@code List-Unsubscribe=One-Click}) and {@code /feeds/{subscriber}.atom}.
 */
public class PublicEndpoints {
    private final SubscriberStore store;
    private final Outbox outbox;
    private final UnsubscribeTokens tokens;

    public PublicEndpoints(SubscriberStore store, Outbox outbox, UnsubscribeTokens tokens) {
        this.store = store;
        this.outbox = outbox;
        this.tokens = tokens;
    }

    public void unsubscribe(Exchange ex) {
        Message m = ex.getMessage();
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        String s = m.getHeader("s", String.class);
        String t = m.getHeader("t", String.class);
        int c;
        try {
            c = Integer.parseInt(m.getHeader("c", "-1", String.class));
        } catch (NumberFormatException e) {
            c = -1;
        }
        boolean valid = tokens.verify(s, c, t) && store.get(s) != null;
        if (!valid) {
            html(m, 400, "<p>This unsubscribe link is not valid.</p>");
            return;
        }
        if ("POST".equals(method)) {
            store.unsubscribe(s, c);
            html(m, 200, "<p>You are unsubscribed. No more mail will be sent to this address for this subscription.</p>");
        } else {
            // GET never changes anything: link scanners and previews follow links.
            String action = tokens.url(s, c).substring(tokens.publicUrl().length());
            html(m, 200, "<p>Unsubscribe from <b>" + Entities.escape(s) + "</b>?</p><form method=\"post\" action=\""
                    + Entities.escape(action) + "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                    + "<button type=\"submit\">Unsubscribe</button></form>");
        }
    }

    public void feed(Exchange ex) throws Exception {
        Message m = ex.getMessage();
        String name = m.getHeader("name", String.class);
        Subscriber s = name != null && name.endsWith(".atom") ? store.get(name.substring(0, name.length() - 5)) : null;
        int channel = -1;
        if (s != null) {
            for (int i = 0; i < s.spec().channels.size(); i++) {
                if ("atom".equals(s.spec().channels.get(i).type)) {
                    channel = i;
                }
            }
        }
        if (channel < 0) {
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            m.setBody("no such feed\n");
            return;
        }
        SubscriberSpec.Channel ch = s.spec().channels.get(channel);
        int limit = ch.limit == null ? 50 : ch.limit;
        String xml = AtomFeed.render(tokens.publicUrl() + "/feeds/" + s.id() + ".atom",
                s.spec().name == null ? "wirehub: " + s.id() : s.spec().name, outbox.lastDelivered(s.id(), channel, limit));
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "application/atom+xml; charset=utf-8");
        m.setBody(xml);
    }

    private static void html(Message m, int status, String content) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        m.setBody("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>wirehub</title></head><body>" + content + "</body></html>");
    }
}
