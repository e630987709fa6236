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
                publicMethod(decision, "record", Connection.class).invoke(decision, c);
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

    /** The story id the dedupe decision gave (null when there is no decision or none). */
    public static String storyId(Exchange ex) {
        Object v = call(ex.getProperty(PROP_DEDUPE), "storyId");
        return v instanceof String s ? s : null;
    }

    /** The sources that carried the story so far (empty when unknown). */
    public static java.util.List<String> sources(Exchange ex) {
        Object v = call(ex.getProperty(PROP_DEDUPE), "sources");
        java.util.List<String> out = new java.util.ArrayList<>();
        if (v instanceof java.util.List<?> l) {
            l.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    private static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        try {
            return publicMethod(target, name).invoke(target);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The method as declared by a public interface or class (an implementation class may be private). */
    private static Method publicMethod(Object target, String name, Class<?>... params) throws NoSuchMethodException {
        for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (java.lang.reflect.Modifier.isPublic(i.getModifiers())) {
                    try {
                        return i.getMethod(name, params);
                    } catch (NoSuchMethodException e) {
                        // next
                    }
                }
            }
            if (java.lang.reflect.Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name, params);
                } catch (NoSuchMethodException e) {
                    // next
                }
            }
        }
        throw new NoSuchMethodException(name);
    }
}
