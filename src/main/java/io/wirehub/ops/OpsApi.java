package io.wirehub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirehub.ingest.FeedHealth;
import io.wirehub.ingest.FeedPolling;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * The operations API (same bearer token as the rest of {@code /api}): {@code GET /api/feeds},
 * {@code GET /api/feeds/{id}}, {@code POST /api/feeds/{id}/poll} (routes {@code api-feeds},
 * {@code api-feed}, {@code api-feed-poll}) and {@code GET /api/items?limit=} (route
 * {@code api-items}: the latest items with their story, sources and places, for the page).
 */
public class OpsApi {
    private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private final FeedPolling polling;
    private final DataSource ds;
    private final byte[] token;

    public OpsApi(FeedPolling polling, DataSource ds, String token) {
        this.polling = polling;
        this.ds = ds;
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** GET /api/feeds: every configured feed's health, by id. */
    public void feeds(Exchange ex) {
        handle(ex, m -> {
            ArrayNode out = JSON.createArrayNode();
            for (String id : new TreeSet<>(polling.feedIds())) {
                out.add(view(polling.health(id)));
            }
            reply(m, 200, out);
        });
    }

    /** GET /api/feeds/{id}: one feed's health; 404 for an unknown id. */
    public void feed(Exchange ex) {
        handle(ex, m -> {
            String id = m.getHeader("id", String.class);
            if (id == null || !polling.feedIds().contains(id)) {
                reply(m, 404, error("no feed " + id));
                return;
            }
            reply(m, 200, view(polling.health(id)));
        });
    }

    /** POST /api/feeds/{id}/poll: polls the feed now (202), whatever its schedule or backoff. */
    public void poll(Exchange ex) {
        handle(ex, m -> {
            String id = m.getHeader("id", String.class);
            if (id == null || !polling.feedIds().contains(id)) {
                reply(m, 404, error("no feed " + id));
                return;
            }
            if (!polling.pollNow(id)) {
                reply(m, 409, error("feed " + id + " is disabled in the feeds file"));
                return;
            }
            ObjectNode ok = JSON.createObjectNode();
            ok.put("id", id);
            ok.put("polling", true);
            reply(m, 202, ok);
        });
    }

    /** GET /api/items?limit=N (1-500, default 100): the latest items the hub emitted, newest first. */
    public void items(Exchange ex) {
        handle(ex, m -> {
            int limit = 100;
            String raw = m.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
            if (raw != null && !raw.isEmpty()) {
                if (!raw.matches("limit=\\d{1,3}")) {
                    reply(m, 400, error("query: only limit=N (1 to 500)"));
                    return;
                }
                limit = Integer.parseInt(raw.substring(6));
                if (limit < 1 || limit > 500) {
                    reply(m, 400, error("limit: 1 to 500"));
                    return;
                }
            }
            ArrayNode out = JSON.createArrayNode();
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT body, created_at FROM delivery_event WHERE event LIKE 'item.%' ORDER BY created_at DESC "
                         + "FETCH FIRST " + limit + " ROWS ONLY");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(item(JSON.readTree(rs.getString(1)), rs.getTimestamp(2).toInstant()));
                }
            }
            reply(m, 200, out);
        });
    }

    /** The page's view of one envelope: only what it shows (all text, escaped by the page). */
    static ObjectNode item(JsonNode env, Instant at) {
        JsonNode it = env.path("item");
        ObjectNode n = JSON.createObjectNode();
        n.put("event", env.path("event").asText(null));
        n.put("uri", it.path("uri").asText(null));
        String headline = null;
        for (JsonNode h : it.path("headlines")) {
            if (headline == null || "main".equals(h.path("role").asText())) {
                headline = h.path("value").asText(null);
            }
        }
        n.put("headline", headline);
        n.put("language", it.path("language").asText(null));
        n.put("time", it.path("versioncreated").asText(it.path("versionCreated").asText(at.toString())));
        n.put("received", at.toString());
        n.put("story", env.path("story").path("id").asText(null));
        ArrayNode sources = n.putArray("sources");
        env.path("story").path("sources").forEach(s -> sources.add(s.asText()));
        ArrayNode places = n.putArray("places");
        for (JsonNode p : it.path("places")) {
            JsonNode coords = p.path("geoJSON").path("coordinates");
            if (coords.isArray() && coords.size() == 2) {
                ObjectNode pl = places.addObject();
                pl.put("name", p.path("name").asText(null));
                pl.put("rel", p.path("rel").asText(null));
                pl.put("lon", coords.get(0).asDouble());
                pl.put("lat", coords.get(1).asDouble());
            }
        }
        for (JsonNode r : it.path("renditions")) {
            if ("web".equals(r.path("name").asText())) {
                String href = r.path("href").asText("");
                // only web links the page may open
                if (href.startsWith("https://") || href.startsWith("http://")) {
                    n.put("link", href);
                }
            }
        }
        return n;
    }

    static ObjectNode view(FeedHealth h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", h.id());
        n.put("url", h.url());
        n.put("state", h.state());
        n.put("enabled", h.enabled());
        n.put("lastSuccess", str(h.lastSuccessAt()));
        n.put("lastError", h.lastError());
        n.put("lastErrorAt", str(h.lastErrorAt()));
        n.put("consecutiveErrors", h.consecutiveErrors());
        n.put("failingSince", str(h.failingSince()));
        n.put("nextPoll", str(h.nextPollAt()));
        n.put("interval", h.interval().toString());
        n.put("itemsLast24h", h.itemsLastDay());
        n.put("itemsTotal", h.itemsTotal());
        n.put("usualGap", h.usualGap() == null ? null : h.usualGap().toString());
        n.put("usualGapSeconds", h.usualGap() == null ? null : h.usualGap().toSeconds());
        n.put("lastNewItem", str(h.lastNewItemAt()));
        n.put("lenient", h.lenient());
        n.put("overflowing", h.overflowing());
        n.put("overflows", h.overflowCount());
        n.put("hasOwner", h.owner() != null && !h.owner().isBlank());
        return n;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    @FunctionalInterface
    private interface Call {
        void run(Message m) throws Exception;
    }

    private void handle(Exchange ex, Call call) {
        Message m = ex.getMessage();
        try {
            String h = m.getHeader("Authorization", String.class);
            if (token == null || h == null || !h.startsWith("Bearer ")
                    || !MessageDigest.isEqual(token, h.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
                reply(m, 401, error("missing or wrong bearer token"));
                return;
            }
            call.run(m);
        } catch (Exception e) {
            LOG.error("API call {} {} failed", m.getHeader(Exchange.HTTP_METHOD), m.getHeader(Exchange.HTTP_PATH), e);
            reply(m, 500, error("internal error (" + e.getClass().getSimpleName() + "); the hub's log has the details"));
        }
    }

    static ObjectNode error(String msg) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", msg);
        return n;
    }

    static void reply(Message m, int status, JsonNode body) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(body); // written by the api-reply route (camel-jackson)
    }

    /** Seconds since a time, for gauges; NaN when it never happened. */
    static double secondsSince(Instant t) {
        return t == null ? Double.NaN : Duration.between(t, Instant.now()).toMillis() / 1000.0;
    }
}
