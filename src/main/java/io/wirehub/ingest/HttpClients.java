package io.wirehub.ingest;

import io.wirehub.HubConfig;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The connection manager behind every camel-http producer of the hub (feed polling, webhooks): the
 * private-address guard as its DNS resolver, connect and socket timeouts, bounded pools.
 */
public final class HttpClients {
    private HttpClients() {
    }

    /** The guard configured from wirehub.fetch.allow-private and wirehub.fetch.allowed-hosts. */
    public static PrivateAddressGuard guard(HubConfig cfg) {
        Set<String> hosts = Arrays.stream(cfg.get("wirehub.fetch.allowed-hosts", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new PrivateAddressGuard(cfg.getBool("wirehub.fetch.allow-private", false), hosts);
    }

    public static PoolingHttpClientConnectionManager connectionManager(HubConfig cfg, PrivateAddressGuard guard) {
        long connect = cfg.getDuration("wirehub.fetch.connect-timeout", java.time.Duration.ofSeconds(10)).toMillis();
        long read = HubConfig.parseDuration(cfg.get("wirehub.fetch.read-timeout", "30s")).toMillis();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connect))
                        .setSocketTimeout(Timeout.ofMilliseconds(read))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofMilliseconds(read)).build())
                .setMaxConnTotal(cfg.getInt("wirehub.fetch.max-connections", 50))
                .setMaxConnPerRoute(cfg.getInt("wirehub.fetch.max-connections-per-host", 4))
                .build();
    }
}
