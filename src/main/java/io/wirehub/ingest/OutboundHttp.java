package io.wirehub.ingest;

import io.wirehub.HubConfig;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Every outbound request of the hub (feed polls and each of their redirect hops, webhooks, WebSub
 * hub calls) goes through Camel's {@code http} component configured here, and reaches exactly the
 * URL it was given.
 *
 * <p>Why not simply the {@code CamelHttpUri} header: camel-http builds the request line from that
 * header, the endpoint URI's leftover options (a component-only option such as
 * {@code redirectHandlingDisabled} written on the endpoint stays in its query and replaced the
 * feed's own query), its property placeholders (a URL holding {@code {{...}}} was resolved against
 * the hub's settings) and its own re-encoding ({@code ~} became {@code %7E}). So the step before
 * each producer calls {@link #prepare}: the header names only the origin
 * ({@code scheme://host:port/}, nothing Camel can rewrite) and the exact target waits on the
 * thread; an exec interceptor of the HTTP client, the first in its chain, then sets the request's
 * path and query byte for byte from that target. camel-http's producer is synchronous, so the
 * request runs on the thread that prepared it.
 *
 * <p>The same target carries the private-address allowance of the feed or subscriber it belongs
 * to: the guard ({@link PrivateAddressGuard}) sees it only while that one request runs, and a
 * connection opened under an allowance is pooled under the owner's name, so no other feed or
 * subscriber ever reuses it. Automatic retries are off: the client never sleeps in a worker
 * thread for a {@code Retry-After}; callers schedule the next attempt themselves.
 */
public final class OutboundHttp {
    /** The request prepared on this thread and not yet sent. */
    private static final ThreadLocal<Target> PENDING = new ThreadLocal<>();

    private OutboundHttp() {
    }

    /**
     * One request's target: the exact URL, the hosts its owner may reach on non-public addresses,
     * and the owner ({@code feed:ID}, {@code subscriber:ID}), which names its pooled connections.
     */
    public record Target(URI uri, Set<String> allowedHosts, String owner) {
        public Target {
            allowedHosts = Set.copyOf(allowedHosts);
        }

        /** The request target as sent: raw path (at least "/") and raw query, exactly as given. */
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }

        /** What camel-http is given: the origin only, so it has nothing to rewrite. */
        String origin() {
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority(uri.getHost(), uri.getPort()) + "/";
        }

        boolean sameOrigin(URI other) {
            return other != null && other.getHost() != null
                    && uri.getScheme().equalsIgnoreCase(other.getScheme())
                    && uri.getHost().equalsIgnoreCase(other.getHost())
                    && port(uri) == port(other);
        }
    }

    /**
     * Parses a URL as users and servers write them: characters that are not allowed in a URI
     * (spaces, non-ASCII letters, {@code |} ...) are percent-encoded as browsers do, everything else
     * is kept as written. Only http and https, with a host and without user info, are accepted.
     *
     * @throws IllegalArgumentException with the reason, naming the URL
     */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty URL");
        }
        URI u;
        try {
            u = new URI(encodeIllegal(asciiHost(laterHashesEncoded(url.strip()))));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(url + " is not an http(s) URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            if (u.getRawAuthority() != null && u.getRawAuthority().indexOf('_') >= 0) {
                throw new IllegalArgumentException(url + ": a host name with '_' is not a valid internet host name "
                        + "(RFC 1123) and is not supported; use its address or a CNAME without '_'");
            }
            throw new IllegalArgumentException(url + " has no host");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException(url + " carries user info (user:password@); it would never be sent");
        }
        return u;
    }

    /** Resolves a redirect's {@code Location} against the URL that answered it. */
    public static URI resolve(URI base, String location) {
        return parse(base.resolve(encodeIllegal(location.strip())).toString());
    }

    /**
     * Sets the request up for the {@code http:} producer that follows: the origin in
     * {@link Exchange#HTTP_URI}, the exact target and allowance kept for this thread's next request.
     * The caller has removed every other header first.
     */
    public static void prepare(Exchange ex, Target target) {
        ex.getMessage().setHeader(Exchange.HTTP_URI, target.origin());
        PENDING.set(target);
    }

    /** After the producer, on success or failure: nothing of this request stays on the thread. */
    public static void clear() {
        PENDING.remove();
    }

    /**
     * Configures the hub's {@code http} component: the guarded connection pool, no automatic retry
     * (never a sleep in a worker thread), no redirect handling (each hop is checked by its caller),
     * no cookies (one feed's or receiver's cookies are never sent to another), bodies left
     * compressed (decoded under the stages' size caps), and the exact-target interceptor.
     */
    public static HttpComponent component(HubConfig cfg, PrivateAddressGuard guard) {
        HttpComponent http = new HttpComponent();
        configure(http, HttpClients.connectionManager(cfg, guard));
        return http;
    }

    /**
     * Applies the hub's conventions (see {@link #component}) to any camel-http component, over a
     * connection manager whose DNS resolver is a {@link PrivateAddressGuard}: used by the
     * {@code wirehub-http} component that wirehub's Kamelets bring to plain camel-main apps.
     */
    public static void configure(HttpComponent http, org.apache.hc.client5.http.io.HttpClientConnectionManager guarded) {
        http.setClientConnectionManager(guarded);
        http.setContentCompressionDisabled(true);
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        http.setFollowRedirects(false);
        http.setCookieManagementDisabled(true);
        http.setHttpClientConfigurer(b -> b.addExecInterceptorFirst("wirehub-exact-target", new ExactTarget()));
    }

    /** Sets the prepared path and query, and holds the owner's allowance while the request runs. */
    static final class ExactTarget implements ExecChainHandler {
        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            Target t = PENDING.get();
            PENDING.remove();
            URI asked;
            try {
                asked = request.getUri();
            } catch (URISyntaxException e) {
                asked = null;
            }
            if (t == null || !t.sameOrigin(asked)) {
                // Not a request the hub prepared (a user's own route): sent as built, global guard only.
                return chain.proceed(request, scope);
            }
            request.setPath(t.pathAndQuery());
            if (!t.allowedHosts().isEmpty()) {
                // Pooled under the owner's name: a request without this allowance never leases it.
                scope.clientContext.setUserToken("allowance:" + t.owner());
            }
            return PrivateAddressGuard.allowing(t.allowedHosts(), () -> chain.proceed(request, scope));
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A fragment may not hold '#', but pasted URLs do ({@code page#a#b}): later ones are encoded as browsers do. */
    private static String laterHashesEncoded(String url) {
        int first = url.indexOf('#');
        return first < 0 || url.indexOf('#', first + 1) < 0 ? url
                : url.substring(0, first + 1) + url.substring(first + 1).replace("#", "%23");
    }

    /** An internationalised host name ({@code bücher.de}) becomes its ASCII (punycode) form, as browsers send it. */
    private static String asciiHost(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url;
        }
        start += 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int hostStart = url.lastIndexOf('@', end - 1) >= start ? url.lastIndexOf('@', end - 1) + 1 : start;
        if (hostStart < end && url.charAt(hostStart) == '[') {
            return url; // IPv6 literal
        }
        int hostEnd = url.indexOf(':', hostStart);
        hostEnd = hostEnd < 0 || hostEnd > end ? end : hostEnd;
        String host = url.substring(hostStart, hostEnd);
        if (host.chars().allMatch(c -> c < 0x80)) {
            return url;
        }
        try {
            return url.substring(0, hostStart) + java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED) + url.substring(hostEnd);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (host " + host + ": " + e.getMessage() + ")");
        }
    }

    private static String authority(String host, int port) {
        return port >= 0 ? host + ":" + port : host;
    }

    /** Percent-encodes what RFC 3986 never allows in a URI (as UTF-8), leaving '%' escapes and reserved characters as written. */
    static String encodeIllegal(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > 0x20 && c < 0x7F && "\"<>\\^`{|} ".indexOf(c) < 0;
            if (c == '%' && !(i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2)))) {
                ok = false;
            }
            if (ok) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            int cp = s.codePointAt(i);
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
