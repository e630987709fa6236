package io.wirehub.ops;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The operations page: {@code /} is {@code ui/index.html} from the jar, {@code /ui/...} its
 * scripts, styles and world outline, {@code /ui/leaflet/...} Leaflet's {@code dist} folder from
 * its WebJar. Nothing comes from a CDN; the page calls the JSON API with the token it asks for.
 */
public class OpsPage {
    /** Leaflet's files inside its WebJar. */
    static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml", "geojson", "application/geo+json", "json", "application/json",
            "txt", "text/plain; charset=utf-8");
    /** Scripts only from the hub itself; no inline script, no frame, no plugin. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** GET / : the page. */
    public void index(Exchange ex) throws IOException {
        serve(ex.getMessage(), "ui/index.html");
    }

    /** GET /ui/* : the page's files and Leaflet's. */
    public void asset(Exchange ex) throws IOException {
        Message m = ex.getMessage();
        String path = m.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null) {
            path = "";
        }
        int at = path.indexOf("/ui/");
        String rel = at >= 0 ? path.substring(at + 4) : path.startsWith("ui/") ? path.substring(3) : path.replaceFirst("^/+", "");
        // names of our own files only: no traversal, no hidden files, no other classpath resource
        if (!rel.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || rel.contains("..") || rel.contains("//")) {
            notFound(m);
            return;
        }
        String resource = rel.startsWith("leaflet/") ? LEAFLET + rel.substring(8) : "ui/" + rel;
        serve(m, resource);
    }

    private static void serve(Message m, String resource) throws IOException {
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        InputStream in = type == null ? null : OpsPage.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            notFound(m);
            return;
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("Referrer-Policy", "no-referrer");
        m.setHeader("Cache-Control", resource.endsWith(".html") ? "no-cache" : "max-age=3600");
        m.setBody(bytes);
    }

    private static void notFound(Message m) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        m.setBody("not found\n");
    }
}
