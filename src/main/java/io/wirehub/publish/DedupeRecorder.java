package io.wirehub.publish;

import io.wirehub.Routes;
import io.wirehub.dedupe.DedupeDecision;
import org.apache.camel.Exchange;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The dedupe stage's decision (exchange property {@link Routes#PROP_DEDUPE}) as the publish stage
 * uses it: recorded on the publish transaction's connection, together with the outbox rows, and
 * its story in the event envelope.
 */
public final class DedupeRecorder {
    private DedupeRecorder() {
    }

    /** Records the decision on {@code c}, without committing. */
    public static void record(Exchange ex, Connection c) throws SQLException {
        decision(ex).record(c);
    }

    /** The story id the dedupe decision gave, or null. */
    public static String storyId(Exchange ex) {
        DedupeDecision d = ex.getProperty(Routes.PROP_DEDUPE, DedupeDecision.class);
        return d == null ? null : d.storyId();
    }

    /** The sources that carried the story so far (empty when unknown). */
    public static List<String> sources(Exchange ex) {
        DedupeDecision d = ex.getProperty(Routes.PROP_DEDUPE, DedupeDecision.class);
        return d == null || d.sources() == null ? List.of() : d.sources();
    }

    private static DedupeDecision decision(Exchange ex) {
        DedupeDecision d = ex.getProperty(Routes.PROP_DEDUPE, DedupeDecision.class);
        if (d == null) {
            throw new IllegalStateException("no dedupe decision on the exchange: the dedupe stage must run before publish");
        }
        return d;
    }
}
