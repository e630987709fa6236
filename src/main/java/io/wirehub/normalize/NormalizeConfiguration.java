package io.wirehub.normalize;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Wiring of the normalize stage: {@code normalizeStage}, used by the {@code normalize} route. */
public class NormalizeConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) {
        ctx.getRegistry().bind("normalizeStage", new NormalizeStage(new Normalizer()));
    }
}
