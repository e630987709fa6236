package io.wirehub.cluster;

import io.wirehub.HubConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This node's name among the hub nodes sharing one database: it marks the feed polls the node holds
 * ({@code feed_state.leased_by}) and starts the node's log lines about the cluster.
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    /**
     * {@code wirehub.cluster.node-id}, else {@code <host name>:<HTTP port>}: stable across restarts
     * (a restarted node frees the polls its previous run held, see
     * {@link io.wirehub.store.FeedStateStore#releaseAll}) and distinct for several nodes on one host.
     */
    public static String id(HubConfig cfg) {
        String id = cfg.get("wirehub.cluster.node-id", "");
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + ":" + cfg.get("camel.server.port", "8080");
    }
}
