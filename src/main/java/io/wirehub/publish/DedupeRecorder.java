package io.wirehub.publish;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.store.SeenItems;
import org.apache.camel.Exchange;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes the dedupe state of the current item on the publish transaction's connection. When the
 * dedupe stage left its decision on exchange property {@code wirehubDedupe} (an object with
 * {@code void record(java.sql.Connection)}), that is used; otherwise the foundation's seen-id
 * store. Reflection keeps the publish stage free of a compile-time dependency on the dedupe
 * package while both are built in parallel; the lead may replace it with a direct call at merge.
 */
public final class DedupeRecorder {
    /** Exchange property holding the dedupe decision. */
    public static final String PROP_DEDUPE = "wirehubDedupe";

    private DedupeRecorder() {
    }

    /** Records on {@code c}, no commit. */
    public static void record(Exchange ex, NinjsItem item, Connection c) throws SQLException {
        Object decision = ex.getProperty(PROP_DEDUPE);
        if (decision != null) {
            try {
                Method m = decision.getClass().getMethod("record", Connection.class);
                m.invoke(decision, c);
                return;
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("wirehubDedupe has no public record(Connection): " + decision.getClass(), e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException s) {
                    throw s;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        SeenItems.record(c, item);
    }
}
