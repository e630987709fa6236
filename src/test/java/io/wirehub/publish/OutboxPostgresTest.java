package io.wirehub.publish;

import io.wirehub.store.Database;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery schema and every outbox statement on a real PostgreSQL (embedded), as in cluster
 * mode: subscribers, enqueue in the dedupe transaction, leases (two workers never take the same
 * row), group-committed deliveries, retries, dead letter and redelivery, digests, the Atom query.
 */
class OutboxPostgresTest {
    @RegisterExtension
    static PostgresDatabase pg = new PostgresDatabase(4);
    static Database db;

    @BeforeEach
    void database() {
        db = pg.database();
    }

    @Test
    void the_outbox_lifecycle_runs_on_postgresql() throws Exception {
        assertThat(db.isPostgres()).isTrue();
        SubscriberStore store = new SubscriberStore(db.dataSource(), PlaceLookup.NONE);
        for (String id : List.of("pg-a", "pg-b")) {
            SubscriberSpec s = new SubscriberSpec();
            s.id = id;
            SubscriberSpec.Channel ch = new SubscriberSpec.Channel();
            ch.type = "atom";
            s.channels.add(ch);
            store.put(s, "api");
        }
        assertThat(store.index().size()).isEqualTo(2);
        Outbox outbox = new Outbox(db.dataSource());
        var item = SeedItem.simple("urn:pg:1", "PG item", "body");
        String evt = PublishStage.eventId("item.new", item);
        Instant now = Instant.now();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(outbox.enqueue(c, evt, "item.new", item.uri, PublishStage.envelope("item.new", evt, item), List.of(
                    new Outbox.Target("pg-a", 0, Outbox.PENDING, now),
                    new Outbox.Target("pg-b", 0, Outbox.DIGEST, now)))).isTrue();
            c.commit();
            assertThat(outbox.enqueue(c, evt, "item.new", item.uri, "{}", List.of())).as("same event again").isFalse();
            c.rollback();
        }
        // every delivery of one item, whatever its status (hash index delivery_event_item on PostgreSQL)
        assertThat(outbox.list(null, null, "urn:pg:1", 10)).extracting(Outbox.Row::subscriberId)
                .containsExactlyInAnyOrder("pg-a", "pg-b");
        assertThat(outbox.list(null, null, "urn:pg:none", 10)).isEmpty();
        try (Connection c = db.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'delivery_event_item'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).containsIgnoringCase("USING hash");
        }

        // Two workers lease at the same time: the row goes to one of them.
        CompletableFuture<List<Outbox.Claimed>> w1 = CompletableFuture.supplyAsync(() -> claim(outbox));
        CompletableFuture<List<Outbox.Claimed>> w2 = CompletableFuture.supplyAsync(() -> claim(outbox));
        List<Outbox.Claimed> got = new java.util.ArrayList<>(w1.get());
        got.addAll(w2.get());
        assertThat(got).hasSize(1);
        Outbox.Claimed r = got.get(0);
        assertThat(r.id()).isEqualTo(Outbox.deliveryId("pg-a", 0, evt));
        assertThat(r.body()).contains("\"event\":\"item.new\"");

        outbox.retry(r.id(), Instant.now().minusSeconds(1), "HTTP 500");
        assertThat(claim(outbox)).hasSize(1);
        outbox.dead(r.id(), "HTTP 500");
        assertThat(outbox.list(Outbox.DEAD, "pg-a", 10)).singleElement().satisfies(row -> {
            assertThat(row.attempts()).isEqualTo(2);
            assertThat(row.lastError()).isEqualTo("HTTP 500");
        });
        assertThat(outbox.redeliver(r.id())).isTrue();
        List<Outbox.Claimed> again = claim(outbox);
        assertThat(again).singleElement().extracting(Outbox.Claimed::id).isEqualTo(r.id());
        CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> {
            try {
                outbox.deliveredGrouped(r.id());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!recorded.isDone()) {
            outbox.flushDelivered(50);
        }
        recorded.get();
        assertThat(outbox.lastDelivered("pg-a", 0, 10)).hasSize(1);

        assertThat(outbox.dueDigests(Instant.now())).hasSize(1);
        List<Outbox.Claimed> digest = outbox.claimDigest("pg-b", 0, Instant.now(), Instant.now().plusSeconds(60));
        assertThat(digest).hasSize(1);
        assertThat(outbox.dueDigests(Instant.now())).as("leased").isEmpty();
        outbox.dropped(digest.get(0).id(), "test");
        assertThat(outbox.counts()).containsEntry("delivered", 1L).containsEntry("dropped", 1L);

        assertThat(outbox.purge(Instant.now().minusSeconds(3600))).as("nothing that old").isZero();
        assertThat(outbox.purge(Instant.now().plusSeconds(1))).as("the delivered and dropped rows and their event").isEqualTo(3);
        assertThat(outbox.counts()).isEmpty();

        store.disable("pg-a", "HTTP 410");
        assertThat(store.get("pg-a").enabled()).isFalse();
        assertThat(store.delete("pg-b")).isTrue();
    }

    static List<Outbox.Claimed> claim(Outbox outbox) {
        try {
            Instant now = Instant.now();
            return outbox.claim(Outbox.PENDING, now, now.plus(Duration.ofMinutes(1)), 10, Set.of(), s -> 4);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
