package io.wirehub.api;

import io.wirehub.HubConfig;
import io.wirehub.publish.Delivery;
import io.wirehub.publish.Outbox;
import io.wirehub.publish.SubscriberStore;
import io.wirehub.publish.UnsubscribeTokens;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Wiring of the REST API and public pages: {@code subscriberApi} (routes {@code api-*}) and
 * {@code publicEndpoints} ({@code unsubscribe}, {@code feed-atom}), on the delivery side's
 * subscriber store and outbox, so it is listed after {@code PublishConfiguration}. Subscribers made
 * through the API reach public addresses (or the globally allowed hosts) and write files under
 * {@code wirehub.delivery.files-root} only.
 */
public class ApiConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        Registry reg = ctx.getRegistry();
        SubscriberStore store = required(reg, "subscriberStore", SubscriberStore.class);
        Outbox outbox = required(reg, "outbox", Outbox.class);
        Delivery delivery = required(reg, Delivery.BEAN, Delivery.class);
        Set<String> allowedHosts = Arrays.stream(cfg.get("wirehub.fetch.allowed-hosts", "").split(","))
                .map(String::strip).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
        ApiSubscriberRules rules = new ApiSubscriberRules(cfg.getBool("wirehub.fetch.allow-private", false), allowedHosts,
                cfg.getPath("wirehub.delivery.files-root", "out/subscribers"));
        reg.bind("subscriberApi", new SubscriberApi(store, outbox, cfg.get("wirehub.api.token", ""), delivery::wake, rules));
        reg.bind("publicEndpoints", new PublicEndpoints(store, outbox, required(reg, "unsubscribeTokens", UnsubscribeTokens.class)));
        if (cfg.getBool("camel.server.enabled", false)) {
            int port = cfg.getInt("camel.server.port", 8080);
            // JSON 404/405 answers (with Allow) instead of Vert.x's HTML page, once the server's router exists
            ctx.addStartupListener(new org.apache.camel.StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    HttpErrors.install(context, port);
                }
            });
        }
    }

    private static <T> T required(Registry reg, String name, Class<T> type) {
        T t = reg.lookupByNameAndType(name, type);
        if (t == null) {
            throw new IllegalStateException("no " + name + " bound: list io.wirehub.publish.PublishConfiguration before "
                    + ApiConfiguration.class.getName() + " in camel.main.configuration-classes");
        }
        return t;
    }
}
