package io.wirehub.publish;

import io.wirehub.HubConfig;
import io.wirehub.gazetteer.EnrichConfiguration;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * Wiring of the publish and delivery stages: subscribers ({@code subscribers.yaml} and the
 * database), the publish stage and its group commit, the outbox and the channel beans of the
 * {@code deliver-*} routes (see {@link Delivery#bind}); subscriber place filters use the enrich
 * stage's gazetteer. The outbox worker starts once Camel has (it sends through those routes).
 */
public class PublishConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        PlaceLookup places = new GazetteerPlaceLookup(EnrichConfiguration.enricher(ctx).tagger().gazetteer());
        Delivery delivery = Delivery.bind(ctx.getRegistry(), cfg, StoreConfiguration.database(ctx), places);
        // The worker stops first when Camel stops (deliveries in flight finish through the deliver-* routes).
        ctx.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                delivery.stopWorker();
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
            }
        });
        // The publish group commit closes after the routes drained (services stop after routes, and
        // before the store's database, added earlier): items still in the inbox route are committed.
        ctx.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                delivery.close();
            }
        }, true, true);
        ctx.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // routes are not all started yet: the worker starts once they are
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                delivery.start(context);
            }
        });
    }
}
