package io.wirehub.camel;

import io.wirehub.ingest.OutboundHttp;
import io.wirehub.ingest.PrivateAddressGuard;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import java.util.Set;

/**
 * The {@code wirehub-http} component: Camel's http component set up as wirehub's own
 * ({@link OutboundHttp#configure}): private addresses refused unless the one request's owner
 * allows its own host, exact request target, no automatic retry, no redirect following, no
 * cookies. Camel creates it on first use of a {@code wirehub-http:} URI through
 * {@code META-INF/services/org/apache/camel/component/wirehub-http}, so wirehub's Kamelets get the
 * guard in any camel-main app without touching the app's own {@code http} component.
 *
 * <p>Connect timeout 10 s, socket timeout 30 s, 50 connections (4 per host), as the hub's defaults.
 */
public class WirehubHttpComponent extends HttpComponent {
    /** The component name the Kamelets use. */
    public static final String NAME = "wirehub-http";

    public WirehubHttpComponent() {
        // No global allowance: only a Kamelet's allowPrivate=true opens its own host, per request.
        PrivateAddressGuard guard = new PrivateAddressGuard(false, Set.of());
        OutboundHttp.configure(this, PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(30))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(4)
                .build());
    }
}
