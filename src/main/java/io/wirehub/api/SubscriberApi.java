package io.wirehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirehub.publish.Delivery;
import io.wirehub.publish.Outbox;
import io.wirehub.publish.Subscriber;
import io.wirehub.publish.SubscriberSpec;
import io.wirehub.publish.SubscriberStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The REST API behind {@code /api/subscribers} and {@code /api/deliveries} (routes api-*.camel.yaml
 * on the embedded platform-http server). Every call needs {@code Authorization: Bearer <token>}
 * with the token of {@code wirehub.api.token}; with no token configured the API refuses everything.
 * Webhook secrets are never returned (only their last 4 characters).
 *
 * <p>Every answer is JSON with a reason when it is not a success: 400 for a bad query parameter or
 * body, 404 for an unknown id, 409 for a subscriber the API may not change (the built-in {@code hub},
 * those of subscribers.yaml), 422 for a subscriber that is not allowed (every problem named, see
 * {@link ApiSubscriberRules}), and 500 with a short reason (stack trace logged once) for anything
 * unexpected.
 */
public class SubscriberApi {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberApi.class);
    /** Most deliveries one call lists ({@link Outbox#list} caps there too). */
    static final int MAX_LIMIT = 1000;
    private static final List<String> STATUSES = List.of(Outbox.PENDING, Outbox.DIGEST, Outbox.DELIVERED, Outbox.DEAD,
            Outbox.DROPPED);
    private static final String ANY_STATUS = "all";
    private static final String BUILTIN_REASON = "the built-in subscriber " + Delivery.HUB_SUBSCRIBER
            + " is set by wirehub.out.enabled; it cannot be created, changed or deleted through the API";

    private final SubscriberStore store;
    private final Outbox outbox;
    private final byte[] token;
    private final Runnable onChange;
    private final ApiSubscriberRules rules;

    /**
     * @param rules what API-made subscribers may do (webhook addresses, file folders)
     */
    public SubscriberApi(SubscriberStore store, Outbox outbox, String token, Runnable onChange, ApiSubscriberRules rules) {
        this.store = store;
        this.outbox = outbox;
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.onChange = onChange;
        this.rules = rules;
    }

    private boolean authorized(Message m) {
        String h = m.getHeader("Authorization", String.class);
        if (token == null || h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, h.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** A request refused with 400 and this reason. */
    private static final class BadRequest extends Exception {
        BadRequest(String reason) {
            super(reason, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Call {
        void run(Message m) throws Exception;
    }

    /** Authorizes, runs, and turns a bad request into 400 and anything unexpected into a JSON 500. */
    private void handle(Exchange ex, Call call) {
        Message m = ex.getMessage();
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        String path = m.getHeader(Exchange.HTTP_PATH, String.class);
        try {
            if (!authorized(m)) {
                reply(m, 401, error("missing or wrong bearer token"));
                return;
            }
            call.run(m);
        } catch (BadRequest e) {
            reply(m, 400, error(e.getMessage()));
        } catch (Exception e) {
            LOG.error("API call {} {} failed", method, path, e);
            reply(m, 500, error("internal error (" + e.getClass().getSimpleName() + "); the hub's log has the details"));
        }
    }

    /**
     * The query parameters (percent-decoded); 400 for one not in {@code accepted}, a repeated one
     * or a malformed encoding. Read from the raw query, not from the message headers, where request
     * headers of the same name would mix in.
     */
    private static Map<String, String> query(Message m, Set<String> accepted) throws BadRequest {
        String raw = m.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        String known = accepted.isEmpty() ? "this endpoint takes no query parameter"
                : "accepted: " + String.join(", ", new TreeSet<>(accepted));
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("query: bad percent-encoding in '" + part + "'");
            }
            if (!accepted.contains(name)) {
                throw new BadRequest("unknown query parameter '" + name + "' (" + known + ")");
            }
            if (q.put(name, value) != null) {
                throw new BadRequest(name + ": given more than once");
            }
        }
        return q;
    }

    /** /api/subscribers: GET lists, POST creates. */
    public void subscribers(Exchange ex) {
        handle(ex, m -> {
            query(m, Set.of());
            String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
            if ("GET".equals(method)) {
                ArrayNode out = SubscriberStore.JSON.createArrayNode();
                for (Subscriber s : store.all()) {
                    out.add(view(s));
                }
                reply(m, 200, out);
            } else if ("POST".equals(method)) {
                SubscriberSpec spec = spec(parse(m));
                if (Delivery.HUB_SUBSCRIBER.equals(spec.id)) {
                    reply(m, 409, error(BUILTIN_REASON));
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
        });
    }

    /** /api/subscribers/{id}: GET, PUT (replace), DELETE. */
    public void subscriber(Exchange ex) {
        handle(ex, m -> {
            query(m, Set.of());
            String id = m.getHeader("id", String.class);
            String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
            Subscriber s = store.get(id);
            String origin = s == null ? null : store.origin(id);
            switch (method) {
                case "GET" -> reply(m, s == null ? 404 : 200, s == null ? error("no subscriber " + id) : view(s));
                case "DELETE" -> {
                    if (Delivery.HUB_SUBSCRIBER.equals(id) || SubscriberStore.BUILTIN.equals(origin)) {
                        reply(m, 409, error(BUILTIN_REASON));
                    } else if ((SubscriberStore.CONFIG.equals(origin) || SubscriberStore.OWNER.equals(origin))) {
                        // deleted here, it would come back at the next start: the file is the truth
                        reply(m, 409, error("subscriber " + id + " is " + declaredIn(origin)
                                + ": remove it there; through the API it can only be paused, PUT {\"enabled\": false}"));
                    } else {
                        boolean existed = store.delete(id);
                        reply(m, existed ? 204 : 404, existed ? null : error("no subscriber " + id));
                    }
                }
                case "PUT" -> put(m, id, s, origin);
                default -> reply(m, 405, error("GET, PUT or DELETE"));
            }
        });
    }

    /** Where a subscriber the API may not change comes from, as an operator would look for it. */
    private static String declaredIn(String origin) {
        return SubscriberStore.OWNER.equals(origin)
                ? "the alert channel of a feed's owner, declared by owner: in feeds.yaml (wirehub.feeds.file)"
                : "declared in subscribers.yaml (wirehub.subscribers.file)";
    }

    private void put(Message m, String id, Subscriber s, String origin) throws Exception {
        if (Delivery.HUB_SUBSCRIBER.equals(id) || SubscriberStore.BUILTIN.equals(origin)) {
            reply(m, 409, error(BUILTIN_REASON));
            return;
        }
        ObjectNode body = parse(m);
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            reply(m, 400, error("id in the body (" + body.get("id").asText() + ") differs from the path (" + id + ")"));
            return;
        }
        // {"enabled": true|false} alone pauses or resumes a subscriber (after a 410 Gone, say), keeping the rest
        // as it is: the only change the API may make to one of subscribers.yaml.
        boolean enabledOnly = body.has("enabled") && body.get("enabled").isBoolean() && body.size() == (body.has("id") ? 2 : 1);
        if (s != null && enabledOnly) {
            SubscriberSpec spec = SubscriberStore.copy(s.spec());
            spec.enabled = body.get("enabled").booleanValue();
            Subscriber saved = store.put(spec, origin);
            onChange.run();
            reply(m, 200, view(saved));
            return;
        }
        if ((SubscriberStore.CONFIG.equals(origin) || SubscriberStore.OWNER.equals(origin))) {
            reply(m, 409, error("subscriber " + id + " is " + declaredIn(origin) + ": change it"
                    + " there, the file is read again at every start; through the API only {\"enabled\": true|false} can be PUT"));
            return;
        }
        SubscriberSpec spec = spec(body);
        spec.id = id;
        save(m, spec, s == null ? 201 : 200);
    }

    /**
     * /api/deliveries?status=&subscriber=&item=&limit=: the dead letter list by default, any status,
     * or every delivery of one item ({@code item} given: all statuses unless {@code status} says).
     */
    public void deliveries(Exchange ex) {
        handle(ex, m -> {
            Map<String, String> q = query(m, Set.of("status", "subscriber", "item", "limit"));
            String item = q.get("item");
            if (item != null && item.isBlank()) {
                throw new BadRequest("item: an item URI (the itemUri of a delivery), percent-encoded");
            }
            String status = q.getOrDefault("status", item != null ? ANY_STATUS : Outbox.DEAD);
            if (!STATUSES.contains(status) && !ANY_STATUS.equals(status)) {
                throw new BadRequest("status: one of " + String.join(", ", STATUSES) + " or " + ANY_STATUS
                        + " (default dead; all when item is given), not '" + status + "'");
            }
            String sub = q.get("subscriber");
            if (sub != null && sub.isBlank()) {
                throw new BadRequest("subscriber: a subscriber id");
            }
            int limit = 100;
            if (q.containsKey("limit")) {
                try {
                    limit = Integer.parseInt(q.get("limit").strip());
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    throw new BadRequest("limit: an integer from 1 to " + MAX_LIMIT + " (default 100), not '" + q.get("limit") + "'");
                }
            }
            List<Outbox.Row> rows = outbox.list(ANY_STATUS.equals(status) ? null : status, sub, item, limit);
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
        });
    }

    /** POST /api/deliveries/{id}/redeliver: a dead-lettered delivery goes back to the queue, same id. */
    public void redeliver(Exchange ex) {
        handle(ex, m -> {
            query(m, Set.of());
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
        });
    }

    /** The body as a JSON object; 400 with the parser's first line otherwise. */
    private static ObjectNode parse(Message m) throws BadRequest {
        String body = m.getBody(String.class);
        JsonNode tree;
        try {
            tree = SubscriberStore.JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new BadRequest("not a subscriber document: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRequest("not a subscriber document: the body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** The body as a spec; 400 for an unknown property or a value of the wrong type. */
    private static SubscriberSpec spec(ObjectNode body) throws BadRequest {
        try {
            return SubscriberStore.JSON.treeToValue(body, SubscriberSpec.class);
        } catch (Exception e) {
            throw new BadRequest("not a subscriber document: " + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && !(e instanceof com.fasterxml.jackson.core.JsonParseException)) {
            // "unknown key 'x' (known here: ...)", "filter.places: expected a list": no Java class names
            return io.wirehub.ConfigFile.describe(j);
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return j.getOriginalMessage().split("\n")[0] + (j.getLocation() == null ? ""
                    : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")");
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.split("\n")[0];
    }

    private void save(Message m, SubscriberSpec spec, int okStatus) {
        List<String> problems = new ArrayList<>(rules.check(spec));
        if (!problems.isEmpty()) {
            for (String p : spec.validate()) {
                if (!problems.contains(p)) {
                    problems.add(p);
                }
            }
            reply(m, 422, invalid(problems));
            return;
        }
        try {
            Subscriber s = store.put(spec, SubscriberStore.API);
            onChange.run();
            reply(m, okStatus, view(s));
        } catch (SubscriberStore.InvalidSubscriberException e) {
            reply(m, 422, invalid(e.problems));
        }
    }

    private static ObjectNode invalid(List<String> problems) {
        ObjectNode err = error("invalid subscriber: " + String.join("; ", problems));
        ArrayNode p = err.putArray("problems");
        problems.forEach(p::add);
        return err;
    }

    private JsonNode view(Subscriber s) {
        ObjectNode n = SubscriberStore.JSON.valueToTree(s.spec());
        n.put("enabled", s.enabled());
        String reason = s.enabled() ? null : store.disabledReason(s.id());
        if (reason != null) {
            n.put("disabledReason", reason);
        }
        JsonNode chans = n.get("channels");
        boolean api = SubscriberStore.API.equals(store.origin(s.id()));
        if (chans != null) {
            for (JsonNode c : chans) {
                if (api && c.has("dir")) {
                    // stored absolute (what was checked is what is written to), shown as it was given
                    ((ObjectNode) c).put("dir", rules.shownDir(c.get("dir").asText()));
                }
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
            m.setBody(body); // written by the api-reply route (camel-jackson)
        }
    }
}
