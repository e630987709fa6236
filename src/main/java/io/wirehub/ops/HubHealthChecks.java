package io.wirehub.ops;

import io.wirehub.gazetteer.Enricher;
import io.wirehub.ingest.FeedHealth;
import io.wirehub.ingest.FeedPolling;
import io.wirehub.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * wirehub's health checks on Camel's health-check API (bound in the registry, found by camel-health,
 * served at {@code /observe/health}). Readiness: the database answers, there is free space under
 * the data and output folders, the gazetteer is loaded (Camel's own checks add the routes). The
 * feeds check is readiness-only and always UP: a failing feed is reported in its details, never a
 * reason to take the hub out of service or restart it.
 */
public final class HubHealthChecks {
    /** Group of wirehub's checks (Camel's are "camel"). */
    public static final String GROUP = "wirehub";

    private HubHealthChecks() {
    }

    /** A readiness-only check: liveness stays Camel's (the context runs). */
    abstract static class Readiness extends AbstractHealthCheck {
        Readiness(String id) {
            super(GROUP, id);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        public boolean isReadiness() {
            return true;
        }
    }

    /** The database answers a query within 5 s. */
    public static final class DatabaseCheck extends Readiness {
        private final Database db;

        public DatabaseCheck(Database db) {
            super("database");
            this.db = db;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder b, Map<String, Object> options) {
            b.detail("database", db.isPostgres() ? "postgresql" : "h2");
            try (Connection c = db.dataSource().getConnection()) {
                if (c.isValid(5)) {
                    b.up().message("database answers");
                } else {
                    b.down().message("database does not answer");
                }
            } catch (Exception e) {
                b.down().message("database unreachable: " + e.getMessage());
            }
        }
    }

    /** Free space under each folder the hub writes (data/, out/) is above a minimum. */
    public static final class DiskSpaceCheck extends Readiness {
        private final Map<String, Path> dirs;
        private final long minFree;

        public DiskSpaceCheck(Map<String, Path> dirs, long minFree) {
            super("disk-space");
            this.dirs = dirs;
            this.minFree = minFree;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder b, Map<String, Object> options) {
            StringBuilder low = new StringBuilder();
            for (Map.Entry<String, Path> e : dirs.entrySet()) {
                Path p = e.getValue().toAbsolutePath();
                // the folder may not exist yet: its nearest existing parent is on the same disk
                while (p != null && !Files.exists(p)) {
                    p = p.getParent();
                }
                try {
                    long free = p == null ? 0 : Files.getFileStore(p).getUsableSpace();
                    b.detail(e.getKey() + ".free.bytes", free);
                    if (free < minFree) {
                        low.append(low.length() > 0 ? "; " : "").append(e.getKey()).append(" (").append(e.getValue())
                                .append("): ").append(free / 1_000_000).append(" MB free, below ").append(minFree / 1_000_000).append(" MB");
                    }
                } catch (IOException ex) {
                    low.append(low.length() > 0 ? "; " : "").append(e.getKey()).append(": ").append(ex.getMessage());
                }
            }
            if (low.length() == 0) {
                b.up().message("enough free space under " + String.join(", ", dirs.keySet()));
            } else {
                b.down().message("low disk space: " + low);
            }
        }
    }

    /** The gazetteer has loaded (it loads in the background at start). */
    public static final class GazetteerCheck extends Readiness {
        private final CompletableFuture<Enricher> loading;

        public GazetteerCheck(CompletableFuture<Enricher> loading) {
            super("gazetteer");
            this.loading = loading;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder b, Map<String, Object> options) {
            if (loading == null) {
                b.down().message("no gazetteer configured");
            } else if (!loading.isDone()) {
                b.down().message("gazetteer loading");
            } else if (loading.isCompletedExceptionally()) {
                String why;
                try {
                    loading.join();
                    why = "?";
                } catch (RuntimeException e) {
                    why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
                }
                b.down().message("gazetteer failed to load: " + why);
            } else {
                b.detail("places", loading.join().tagger().gazetteer().size());
                b.up().message("gazetteer loaded");
            }
        }
    }

    /** Each feed's state, in the details; UP whatever they are (feed trouble is the feed's, not the hub's). */
    public static final class FeedsCheck extends Readiness {
        private final FeedPolling polling;

        public FeedsCheck(FeedPolling polling) {
            super("feeds");
            this.polling = polling;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder b, Map<String, Object> options) {
            Map<String, Integer> byState = new LinkedHashMap<>();
            List<String> troubled = new java.util.ArrayList<>();
            for (String id : new java.util.TreeSet<>(polling.feedIds())) {
                FeedHealth h = polling.health(id);
                byState.merge(h.state(), 1, Integer::sum);
                if (!FeedHealth.OK.equals(h.state()) && !FeedHealth.DISABLED.equals(h.state())) {
                    troubled.add(id + " " + h.state() + (h.lastError() == null || h.consecutiveErrors() == 0 ? "" : ": " + h.lastError()));
                    b.detail("feed." + id, h.state());
                }
            }
            byState.forEach((k, v) -> b.detail("feeds." + k, v));
            b.up().message(troubled.isEmpty() ? polling.feedIds().size() + " feed(s), none in trouble"
                    : troubled.size() + " feed(s) in trouble (reported, not a reason to restart): " + String.join("; ", troubled));
        }
    }
}
