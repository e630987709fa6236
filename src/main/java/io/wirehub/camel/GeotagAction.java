package io.wirehub.camel;

import io.wirehub.gazetteer.Enricher;
import io.wirehub.normalize.NinjsItem;
import org.apache.camel.Exchange;

/**
 * The bean of the {@code wirehub-geotag-action} Kamelet: a ninjs item (JSON or {@link NinjsItem})
 * in, the same item as JSON out with {@code places} added from the bundled gazetteer (dateline,
 * primary, country, mentioned), as the hub's enrich stage does. The gazetteer is loaded once per
 * JVM, on the first item, however many Kamelet instances there are.
 */
public class GeotagAction {
    /** Route step. */
    public void geotag(Exchange ex) {
        NinjsItem item = NinjsBodies.item(ex.getMessage().getBody());
        ex.getMessage().setBody(NinjsBodies.json(Holder.ENRICHER.enrich(item)));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** Lazy: the gazetteer costs memory and a second or so, paid only when an item arrives. */
    private static final class Holder {
        static final Enricher ENRICHER = new Enricher();
    }
}
