package io.wirehub.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A producer on one endpoint, created and started on first use and stopped with the context: a
 * Kamelet bean gets its context only with its first exchange.
 */
final class LazyProducer {
    private final String uri;
    private volatile Producer producer;

    LazyProducer(String uri) {
        this.uri = uri;
    }

    Producer get(CamelContext ctx) throws Exception {
        Producer p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    p = ctx.getEndpoint(uri).createProducer();
                    ServiceHelper.startService(p);
                    ctx.addService(p, true, false);
                    producer = p;
                }
            }
        }
        return p;
    }
}
