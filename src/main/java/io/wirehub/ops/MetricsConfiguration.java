package io.wirehub.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wirehub.HubConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Wiring of the metrics, first of the stage configurations so every stage finds them: the
 * Prometheus registry bound as Camel's {@code metricsRegistry} (camel-micrometer-prometheus serves
 * it at {@code /observe/metrics} with Camel's own series) and {@link HubMetrics} on it, plus the
 * route policy that measures the pipeline stages. With {@code camel.metrics.enabled=false} nothing
 * is bound and the stages run unmeasured.
 */
public class MetricsConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext ctx) {
        HubConfig cfg = HubConfig.from(ctx);
        if (!cfg.getBool("camel.metrics.enabled", false)) {
            return;
        }
        PrometheusMeterRegistry registry = ctx.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ctx.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        HubMetrics metrics = new HubMetrics(registry, cfg.getBool("wirehub.metrics.per-feed", true));
        ctx.getRegistry().bind(HubMetrics.BEAN, metrics);
        ctx.addRoutePolicyFactory(new StageMetrics(metrics));
    }
}
