package io.wirehub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The embedded server's own answers under /api and /ingest, in JSON like the API's: 404 for a path
 * no route serves (with the paths that exist), 405 for a method a path does not take (with
 * {@code Allow} listing the ones it does). Vert.x Web would answer an HTML page and an empty
 * {@code Allow} header.
 */
final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {
    }

    /** Installs the handlers on the router of camel-platform-http-main (once Camel has started). */
    static void install(CamelContext ctx, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(ctx);
        }
        if (router == null) {
            LOG.warn("no platform-http router: server errors keep Vert.x answers");
            return;
        }
        // Last routes under /api and /ingest: reached only when no route took the request, so the
        // path is unknown (404) or the method is not one it takes (405 with Allow). Other paths
        // (health, metrics, pages) keep their own answers.
        for (String prefix : new String[]{"/api/*", "/ingest/*"}) {
            router.route(prefix).last().handler(rc -> {
                String path = rc.request().path();
                String allow = allowed(ctx, path);
                if (allow.isEmpty()) {
                    answer(rc, 404, "no such path: " + path + " (paths: " + String.join(", ", paths(ctx).keySet()) + ")", null);
                } else {
                    answer(rc, 405, rc.request().method().name() + " is not allowed on " + path + "; use " + allow, allow);
                }
            });
        }
    }

    /** Every served path template with the methods it takes (empty = any). */
    private static Map<String, String> paths(CamelContext ctx) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Route r : ctx.getRoutes()) {
            if (r.getEndpoint() instanceof PlatformHttpEndpoint e) {
                String m = e.getHttpMethodRestrict() == null ? "" : e.getHttpMethodRestrict();
                out.merge(e.getPath(), m, (a, b) -> a.isEmpty() || b.isEmpty() ? "" : a + "," + b);
            }
        }
        return out;
    }

    /** The methods the path takes, for {@code Allow}: from the routes whose path template matches. */
    static String allowed(CamelContext ctx, String path) {
        TreeSet<String> methods = new TreeSet<>();
        for (Map.Entry<String, String> p : paths(ctx).entrySet()) {
            String regex = Pattern.quote(p.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q").replace("*", "\\E.*\\Q");
            if (Pattern.matches(regex, path)) {
                for (String m : p.getValue().split(",")) {
                    if (!m.isBlank()) {
                        methods.add(m.strip());
                    }
                }
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return String.join(", ", methods);
    }

    private static void answer(RoutingContext rc, int status, String error, String allow) {
        if (rc.response().ended()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (Exception e) {
            json = "{\"error\":\"" + status + "\"}";
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (allow != null && !allow.isEmpty()) {
            rc.response().putHeader("Allow", allow);
        }
        rc.response().end(json);
    }
}
