package io.wirehub.ops;

import io.wirehub.Routes;
import io.wirehub.normalize.FormatDetector;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NormalizeStage;
import io.wirehub.normalize.SourceDocument;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import java.util.Set;

/**
 * Measures the pipeline stages from outside: a route policy on the stage routes ({@code normalize},
 * {@code dedupe}, {@code enrich}, {@code publish}) times each exchange and reads what the stage left
 * on it (the document's feed and item count, the dedupe event, the item's places). The stages
 * themselves know nothing of metrics, and a hub without metrics bound runs without the policy.
 */
public final class StageMetrics implements RoutePolicyFactory {
    private static final Set<String> STAGES = Set.of(Routes.NORMALIZE, Routes.DEDUPE, Routes.ENRICH, Routes.PUBLISH);
    private final HubMetrics metrics;

    public StageMetrics(HubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext ctx, String routeId, NamedNode route) {
        return STAGES.contains(routeId) ? new Policy(routeId) : null;
    }

    private final class Policy extends RoutePolicySupport {
        private final String stage;
        private final String startKey;
        private final String formatKey;

        Policy(String stage) {
            this.stage = stage;
            this.startKey = "wirehubStageStart." + stage;
            this.formatKey = "wirehubStageFormat";
        }

        @Override
        public void onExchangeBegin(Route route, Exchange ex) {
            ex.setProperty(startKey, System.nanoTime());
            if (Routes.NORMALIZE.equals(stage)) {
                SourceDocument doc = ex.getMessage().getBody(SourceDocument.class);
                if (doc != null) {
                    String forced = doc.context() == null ? null : doc.context().format();
                    String format;
                    try {
                        format = forced == null || forced.isBlank() || "auto".equals(forced) ? FormatDetector.detect(doc) : forced;
                    } catch (RuntimeException | io.wirehub.normalize.ParseException e) {
                        format = "unknown";
                    }
                    ex.setProperty(formatKey, format);
                    metrics.documentIn(feedOf(doc, ex), format);
                }
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange ex) {
            Long t0 = ex.getProperty(startKey, Long.class);
            if (t0 != null) {
                metrics.stage(stage, System.nanoTime() - t0);
                ex.removeProperty(startKey);
            }
            switch (stage) {
                case Routes.NORMALIZE -> {
                    Integer n = ex.getProperty(NormalizeStage.PROP_ITEM_COUNT, Integer.class);
                    if (n != null) {
                        metrics.itemsIn(ex.getProperty(Routes.PROP_FEED, ex.getProperty(Routes.PROP_SOURCE, String.class), String.class),
                                ex.getProperty(formatKey, String.class), n);
                    }
                }
                case Routes.DEDUPE -> {
                    if (ex.getException() == null) {
                        String e = ex.getProperty(Routes.PROP_EVENT, String.class);
                        metrics.dedupe(e == null ? "dropped" : e.startsWith("item.") ? e.substring(5) : e);
                    }
                }
                case Routes.ENRICH -> {
                    NinjsItem item = ex.getMessage().getBody(NinjsItem.class);
                    if (item != null && ex.getException() == null) {
                        int n = 0;
                        if (item.places != null) {
                            for (NinjsItem.Place p : item.places) {
                                if (p.uri != null) {
                                    n++;
                                }
                            }
                        }
                        metrics.enriched(n);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static String feedOf(SourceDocument doc, Exchange ex) {
        String f = ex.getProperty(Routes.PROP_FEED, String.class);
        if (f != null) {
            return f;
        }
        return doc.context() != null && doc.context().feedId() != null ? doc.context().feedId() : "inbox";
    }
}
