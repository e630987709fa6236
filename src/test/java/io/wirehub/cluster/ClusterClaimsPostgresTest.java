package io.wirehub.cluster;

import io.wirehub.store.FeedStateStore;
import io.wirehub.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims a cluster shares its work with, on a real PostgreSQL (embedded), several claimers at
 * once as several nodes: the feed scheduler's batch claim hands each due feed to one node and never
 * a removed one; a periodic job runs on one node per period and another node takes it over when
 * that node stops.
 */
class ClusterClaimsPostgresTest {
    @RegisterExtension
    static PostgresDatabase pg = new PostgresDatabase(8);

    @Test
    void threeNodesClaimingDueFeedsAtOnceEachGetDistinctFeedsAndNeverARemovedOne() throws Exception {
        FeedStateStore store = new FeedStateStore(pg.database().dataSource(), true);
        Map<String, Long> configured = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            configured.put("feed-" + i, 600_000L);
        }
        Instant now = Instant.now();
        assertThat(store.sync(configured, now.minusSeconds(1))).isEqualTo(3000);
        configured.remove("feed-7"); // taken out of feeds.yaml
        assertThat(store.sync(configured, now)).isEqualTo(1);
        List<CompletableFuture<List<String>>> nodes = new ArrayList<>();
        for (String node : List.of("a", "b", "c")) {
            nodes.add(CompletableFuture.supplyAsync(() -> {
                List<String> mine = new ArrayList<>();
                for (List<String> got = store.claimDue(node, now, now.plusSeconds(60), 50); !got.isEmpty();
                     got = store.claimDue(node, now, now.plusSeconds(60), 50)) {
                    mine.addAll(got);
                }
                return mine;
            }));
        }
        Set<String> all = new HashSet<>();
        int total = 0;
        for (var n : nodes) {
            List<String> mine = n.get();
            assertThat(mine).isNotEmpty();
            total += mine.size();
            all.addAll(mine);
        }
        assertThat(total).as("no feed claimed twice").isEqualTo(all.size());
        assertThat(all).hasSize(2999).doesNotContain("feed-7");
        // claimed feeds are due again one interval on (10 min), not before
        assertThat(store.claimDue("a", now.plusSeconds(61), now.plusSeconds(120), 50)).isEmpty();
        assertThat(store.claimDue("a", now.plusSeconds(601), now.plusSeconds(660), 50)).hasSize(50);
    }

    @Test
    void aPeriodicJobRunsOnOneNodePerPeriodAndMovesWhenThatNodeStops() {
        ClusterJobs a = new ClusterJobs(pg.database().dataSource(), "node-a");
        ClusterJobs b = new ClusterJobs(pg.database().dataSource(), "node-b");
        Duration period = Duration.ofSeconds(10);
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        int runsA = 0;
        int runsB = 0;
        // both nodes tick every period, b half a period after a: a wins every period, b never
        for (int i = 0; i < 6; i++) {
            Instant tick = t.plus(period.multipliedBy(i));
            runsA += a.claim("websub-renew", period, tick) ? 1 : 0;
            runsB += b.claim("websub-renew", period, tick.plus(period.dividedBy(2))) ? 1 : 0;
        }
        assertThat(runsA).isEqualTo(6);
        assertThat(runsB).isZero();
        // a stops: b's next tick runs the job, and every one after
        Instant after = t.plus(period.multipliedBy(6));
        assertThat(b.claim("websub-renew", period, after.plus(period.dividedBy(2)))).isTrue();
        assertThat(b.claim("websub-renew", period, after.plus(period.multipliedBy(3).dividedBy(2)))).isTrue();
        // another job is claimed on its own
        assertThat(a.claim("feed-alerts", period, after)).isTrue();
    }
}
