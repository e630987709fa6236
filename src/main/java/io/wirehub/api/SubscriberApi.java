package io.wirehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirehub.publish.Outbox;
import io.wirehub.publish.Subscriber;
import io.wirehub.publish.SubscriberSpec;
import io.wirehub.publish.SubscriberStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The REST API behind {@code /api/subscribers} and {@code /api/deliveries} (routes api-*.camel.yaml
 * on the embedded platform-http server). Every call needs {@code Authorization: Bearer <token>}
 * with the token of {@code wirehub.api.token}; with no token configured the API refuses everything.
 * Webhook secrets are never returned (only their last 4 characters).
 */
public class SubscriberApi {
    private final SubscriberStore store;
    private final Outbox outbox;
    private final byte[] token;
    private final Runnable onChange;

    public SubscriberApi(SubscriberStore store, Outbox outbox, String token, Runnable onChange) {
        this.store = store;
        this.outbox = outbox;
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.onChange = onChange;
    }

    private boolean authorized(Message m) {
        String h = m.getHeader("Authorization", String.class);
        if (token == null || h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, h.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** /api/subscribers: GET lists, POST creates. */
    public void subscribers(Exchange ex) throws Exception {
        Message m = ex.getMessage();
        if (!authorized(m)) {
            reply(m, 401, error("missing or wrong bearer token"));
            return;
        }
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        if ("GET".equals(method)) {
            ArrayNode out = SubscriberStore.JSON.createArrayNode();
            for (Subscriber s : store.all()) {
                out.add(view(s));
            }
            reply(m, 200, out);
        } else if ("POST".equals(method)) {
            SubscriberSpec spec = parse(m);
            if (spec == null) {
                return;
            }
            if (spec.id != null && store.get(spec.id) != null) {
                reply(m, 409, error("subscriber " + spec.id + " exists; PUT /api/subscribers/" + spec.id + " to change it"));
                return;
            }
            save(m, spec, 201);
        } else {
            reply(m, 405, error("GET or POST"));
        }
    }

    /** /api/subscribers/{id}: GET, PUT (replace), DELETE. */
    public void subscriber(Exchange ex) throws Exception {
        Message m = ex.getMessage();
        if (!authorized(m)) {
            reply(m, 401, error("missing or wrong bearer token"));
            return;
        }
        String id = m.getHeader("id", String.class);
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        Subscriber s = store.get(id);
        switch (method) {
            case "GET" -> reply(m, s == null ? 404 : 200, s == null ? error("no subscriber " + id) : view(s));
            case "DELETE" -> {
                boolean existed = store.delete(id);
                reply(m, existed ? 204 : 404, existed ? null : error("no subscriber " + id));
            }
            case "PUT" -> {
                SubscriberSpec spec = parse(m);
                if (spec == null) {
                    return;
                }
                if (spec.id == null) {
                    spec.id = id;
                }
                if (!id.equals(spec.id)) {
                    reply(m, 400, error("id in the body (" + spec.id + ") differs from the path (" + id + ")"));
                    return;
                }
                save(m, spec, s == null ? 201 : 200);
            }
            default -> reply(m, 405, error("GET, PUT or DELETE"));
        }
    }

    /** /api/deliveries?status=dead&subscriber=...&limit=...: the dead letter list (or any status). */
    public void deliveries(Exchange ex) throws Exception {
        Message m = ex.getMessage();
        if (!authorized(m)) {
            reply(m, 401, error("missing or wrong bearer token"));
            return;
        }
        String status = m.getHeader("status", Outbox.DEAD, String.class);
        String sub = m.getHeader("subscriber", String.class);
        int limit = m.getHeader("limit", 100, Integer.class);
        List<Outbox.Row> rows = outbox.list(status, sub, limit);
        ArrayNode out = SubscriberStore.JSON.createArrayNode();
        for (Outbox.Row r : rows) {
            ObjectNode n = out.addObject();
            n.put("id", r.id());
            n.put("subscriber", r.subscriberId());
            n.put("channel", r.channel());
            n.put("event", r.event());
            n.put("eventId", r.eventId());
            n.put("itemUri", r.itemUri());
            n.put("status", r.status());
            n.put("attempts", r.attempts());
            n.put("nextAttemptAt", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
            n.put("lastError", r.lastError());
            n.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
            n.put("deliveredAt", r.deliveredAt() == null ? null : r.deliveredAt().toString());
        }
        reply(m, 200, out);
    }

    /** POST /api/deliveries/{id}/redeliver: a dead-lettered delivery goes back to the queue, same id. */
    public void redeliver(Exchange ex) throws Exception {
        Message m = ex.getMessage();
        if (!authorized(m)) {
            reply(m, 401, error("missing or wrong bearer token"));
            return;
        }
        if (!"POST".equals(m.getHeader(Exchange.HTTP_METHOD, String.class))) {
            reply(m, 405, error("POST"));
            return;
        }
        String id = m.getHeader("id", String.class);
        if (outbox.redeliver(id)) {
            onChange.run();
            ObjectNode ok = SubscriberStore.JSON.createObjectNode();
            ok.put("id", id);
            ok.put("status", Outbox.PENDING);
            reply(m, 202, ok);
        } else {
            reply(m, 404, error("no dead-lettered delivery " + id));
        }
    }

    private SubscriberSpec parse(Message m) {
        String body = m.getBody(String.class);
        try {
            return SubscriberStore.JSON.readValue(body == null ? "" : body, SubscriberSpec.class);
        } catch (Exception e) {
            reply(m, 400, error("not a subscriber document: " + e.getMessage().split("\n")[0]));
            return null;
        }
    }

    private void save(Message m, SubscriberSpec spec, int okStatus) {
        for (SubscriberSpec.Channel c : spec.channels == null ? List.<SubscriberSpec.Channel>of() : spec.channels) {
            if (c != null && Boolean.TRUE.equals(c.allowPrivate)) {
                reply(m, 400, error("allowPrivate can only be set in config/subscribers.yaml"));
                return;
            }
        }
        try {
            Subscriber s = store.put(spec, "api");
            onChange.run();
            reply(m, okStatus, view(s));
        } catch (SubscriberStore.InvalidSubscriberException e) {
            ObjectNode err = error("invalid subscriber");
            ArrayNode p = err.putArray("problems");
            e.problems.forEach(p::add);
            reply(m, 422, err);
        }
    }

    private JsonNode view(Subscriber s) {
        ObjectNode n = SubscriberStore.JSON.valueToTree(s.spec());
        n.put("enabled", s.enabled());
        String reason = s.enabled() ? null : store.disabledReason(s.id());
        if (reason != null) {
            n.put("disabledReason", reason);
        }
        JsonNode chans = n.get("channels");
        if (chans != null) {
            for (JsonNode c : chans) {
                if (c.has("secrets")) {
                    ArrayNode masked = SubscriberStore.JSON.createArrayNode();
                    for (JsonNode sec : c.get("secrets")) {
                        String v = sec.asText();
                        masked.add("whsec_…" + v.substring(Math.max(0, v.length() - 4)));
                    }
                    ((ObjectNode) c).set("secrets", masked);
                }
            }
        }
        return n;
    }

    private static ObjectNode error(String msg) {
        ObjectNode n = SubscriberStore.JSON.createObjectNode();
        n.put("error", msg);
        return n;
    }

    private static void reply(Message m, int status, JsonNode body) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (body == null) {
            m.setBody(null);
        } else {
            m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            try {
                m.setBody(SubscriberStore.JSON.writeValueAsString(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
