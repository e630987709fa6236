package io.wirehub.dedupe;

import io.wirehub.HubConfig;
import io.wirehub.store.StoreConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Wiring of the dedupe stage: {@code dedupe} (routes {@code dedupe}, {@code dedupe-retention}),
 * on the store's database with the {@code wirehub.dedupe.*} settings. The publish stage records
 * its decisions in the transaction of the outbox rows.
 */
public class DedupeConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) throws Exception {
        HubConfig cfg = HubConfig.from(ctx);
        ctx.getRegistry().bind("dedupe", new Dedupe(StoreConfiguration.database(ctx).dataSource(), DedupeSettings.from(cfg)));
    }
}
