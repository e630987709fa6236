package io.wirehub.gazetteer;

import io.wirehub.HubConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.util.concurrent.CompletableFuture;

/**
 * Wiring of the enrich stage: {@code enricher} (route {@code enrich}), the GeoNames gazetteer of
 * {@code wirehub.gazetteer.file} or the bundled one. It starts loading here, on another core, and
 * is bound as a supplier: listed first, it loads while the database migrates and Camel boots, and
 * the first lookup waits for it.
 */
public class EnrichConfiguration implements CamelConfiguration {
    /** Registry name of the {@link Enricher}. */
    public static final String ENRICHER = "enricher";
    /** Registry name of the gazetteer's loading (a {@code CompletableFuture<Enricher>}). */
    public static final String LOADING = "enricherLoading";

    @Override
    public void configure(CamelContext ctx) {
        HubConfig cfg = HubConfig.from(ctx);
        CompletableFuture<Enricher> loading = CompletableFuture.supplyAsync(() -> Enricher.fromProperties(cfg.properties()));
        ctx.getRegistry().bind(ENRICHER, Enricher.class, loading::join);
        // the readiness check asks whether loading is done without waiting for it
        ctx.getRegistry().bind(LOADING, loading);
    }

    /** The enricher bound by this configuration (waits for the gazetteer). */
    public static Enricher enricher(CamelContext ctx) {
        Enricher e = ctx.getRegistry().lookupByNameAndType(ENRICHER, Enricher.class);
        if (e == null) {
            throw new IllegalStateException("no enricher bound: list " + EnrichConfiguration.class.getName()
                    + " in camel.main.configuration-classes");
        }
        return e;
    }
}
