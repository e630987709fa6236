package io.wirehub.publish;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The hub's own out/ folder (the built-in subscriber {@code hub}) written by the publish step
 * itself, before the item's group commit, instead of through an outbox row that a delivery worker
 * claims, writes and records.
 *
 * <p>Why: the end-to-end profile (docs/benchmarks.md) showed the outbox path of the hub's own files
 * costing more CPU than normalize, dedupe and geotagging together: each row leased and then marked
 * delivered (two updates of the row and its indexes, each followed by a forced store that rewrites
 * the same pages), and a worker thread to claim it. Writing the files in the publish step removes
 * that; the item's row is inserted already delivered and its envelope stored as before, so the
 * deliveries API lists it and the latest-items API and page show it.
 *
 * <p>Why it is as safe: the files are written before the commit that records the item as seen.
 * A crash between the two leaves the item unrecorded, so its document is read again and the item
 * written again: its JSON file is replaced by the same bytes and its NDJSON line is not appended
 * twice ({@link FileSink} knows the uri+version lines of its day files). A write that fails (a full
 * disk) leaves nothing partial and falls back to the outbox: the row is enqueued pending and the
 * delivery worker retries it on the retry schedule, logging once per step; while that folder is
 * failing, new items go straight to the outbox without trying the disk. What this gives up: the
 * hub's own output is at least once. An item whose database writes fail after its files were
 * written (its document is then read again), or that a second cluster node records first, can be
 * in out/ without being recorded by this node.
 *
 * <p>Only the built-in {@code hub} channel takes this lane: a subscriber's folder may be a slow
 * network mount, and the outbox keeps a slow subscriber from holding up ingest.
 */
final class OwnOutputLane {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OwnOutputLane.class);
    private final FileChannel files;
    private final FileFailureLog failures;
    /** Deliveries by channel and outcome, as the worker counts its own (none until the hub's metrics are bound). */
    private volatile io.wirehub.ops.HubMetrics metrics = io.wirehub.ops.HubMetrics.DISABLED;

    OwnOutputLane(FileChannel files, FileFailureLog failures) {
        this.files = files;
        this.failures = failures;
    }

    /** Counts this lane's writes in these metrics. */
    void metrics(io.wirehub.ops.HubMetrics m) {
        this.metrics = m == null ? io.wirehub.ops.HubMetrics.DISABLED : m;
    }

    /** True for a channel written by this lane: the built-in subscriber's own-output channel. */
    static boolean takes(Subscriber s, SubscriberSpec.Channel ch) {
        return Delivery.HUB_SUBSCRIBER.equals(s.id()) && "file".equals(ch.type) && "hub".equals(ch.format)
                && !Boolean.TRUE.equals(ch.unsubscribed);
    }

    /**
     * Writes the envelope's item to the channel's folder. False when it was not written (the folder
     * is failing, or this write failed): the caller enqueues the delivery for the outbox instead.
     */
    boolean write(Subscriber s, SubscriberSpec.Channel ch, byte[] envelope) {
        Path dir;
        try {
            dir = Path.of(ch.dir);
            if (failures.failing(s.id(), dir)) {
                return false;
            }
            files.write(ch, envelope);
        } catch (Exception e) {
            // Reported by the outbox's attempt of the same delivery, once per retry step.
            LOG.debug("own output not written, left to the outbox: {}", e.toString());
            return false;
        }
        failures.succeeded(s.id(), dir, Instant.now());
        return true;
    }

    /** {@code n} deliveries of this lane were committed: counted as the worker counts its own. */
    void committed(int n) {
        for (int i = 0; i < n; i++) {
            metrics.delivery("file", "delivered");
        }
    }
}
