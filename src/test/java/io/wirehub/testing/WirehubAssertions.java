package io.wirehub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * AssertJ entry points for what a hub delivers, waiting with Awaitility (never sleeping) and
 * checking every item against the ninjs 3.1 schema ({@link Ninjs}):
 * <pre>{@code
 * List<JsonNode> items = WirehubAssertions.assertThat(hooks).at("/hooks/desk").signedWith(SECRET)
 *         .within(Duration.ofSeconds(30))
 *         .receivesItemsWithHeadlines("Quake hits Hanoi", "Markets rally");
 * WirehubAssertions.assertThat(hub).writesItemsWithHeadlines("Quake hits Hanoi");
 * }</pre>
 */
public final class WirehubAssertions {
    private WirehubAssertions() {
    }

    /** Assertions on what a webhook receiver accepted (2xx) on one path. */
    public static WebhookAssert assertThat(WebhookReceiver receiver) {
        return new WebhookAssert(receiver);
    }

    /** Assertions on the hub's own output folder ({@code out/items}). */
    public static OutAssert assertThat(WirehubExtension hub) {
        return new OutAssert(hub.out());
    }

    /** Assertions on an output folder written by the file sink ({@code <folder>/items}). */
    public static OutAssert assertThatOut(Path outFolder) {
        return new OutAssert(outFolder);
    }

    /** The main headline of a ninjs item (empty when it has none). */
    public static String headline(JsonNode item) {
        return item.path("headlines").path(0).path("value").asText();
    }

    /** Items by uri, the latest of each kept (a redelivery or an update does not count twice). */
    static List<JsonNode> distinct(List<JsonNode> items) {
        Map<String, JsonNode> byUri = new LinkedHashMap<>();
        items.forEach(i -> byUri.put(i.path("uri").asText(), i));
        return new ArrayList<>(byUri.values());
    }

    static List<JsonNode> awaitHeadlines(Supplier<List<JsonNode>> items, Duration timeout, String what, String... headlines) {
        List<String> wanted = List.of(headlines);
        await(what).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(items.get()).stream().map(WirehubAssertions::headline).toList().containsAll(wanted));
        List<JsonNode> got = distinct(items.get());
        Assertions.assertThat(got).as(what).extracting(WirehubAssertions::headline).containsExactlyInAnyOrderElementsOf(wanted);
        got.forEach(Ninjs::assertValid);
        return got;
    }

    /** What a {@link WebhookReceiver} accepted on one path. */
    public static final class WebhookAssert extends AbstractAssert<WebhookAssert, WebhookReceiver> {
        private String path = "/";
        private String secret;
        private Duration timeout = Duration.ofSeconds(30);

        WebhookAssert(WebhookReceiver actual) {
            super(actual, WebhookAssert.class);
        }

        /** The receiver's path the deliveries go to (default {@code /}). */
        public WebhookAssert at(String path) {
            this.path = path;
            return this;
        }

        /** Every accepted request must carry a valid Standard Webhooks signature by this {@code whsec_} secret. */
        public WebhookAssert signedWith(String secret) {
            this.secret = secret;
            return this;
        }

        /** How long to wait for deliveries (default 30 s). */
        public WebhookAssert within(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        private List<JsonNode> items() {
            return actual.accepted(path).stream().map(WebhookReceiver.Received::item).toList();
        }

        private void checkSignatures() {
            if (secret != null) {
                Assertions.assertThat(actual.accepted(path)).as("webhooks accepted at %s", path)
                        .allSatisfy(r -> Assertions.assertThat(r.signedWith(secret))
                                .as("Standard Webhooks signature of %s (webhook-id %s)", path, r.id()).isTrue());
            }
        }

        /**
         * Waits until the items with exactly these main headlines were accepted (distinct by uri; no
         * other item), each valid ninjs 3.1 and, with {@link #signedWith}, signed; returns them.
         */
        public List<JsonNode> receivesItemsWithHeadlines(String... headlines) {
            List<JsonNode> got = awaitHeadlines(this::items, timeout, "items delivered to " + actual.url(path), headlines);
            checkSignatures();
            return got;
        }

        /** Waits until {@code count} distinct items were accepted, checks them as above and returns them. */
        public List<JsonNode> receivesItems(int count) {
            await("items delivered to " + actual.url(path)).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> distinct(items()).size() >= count);
            List<JsonNode> got = distinct(items());
            Assertions.assertThat(got).as("items delivered to %s", actual.url(path)).hasSize(count);
            got.forEach(Ninjs::assertValid);
            checkSignatures();
            return got;
        }

        /** Fails when anything was accepted on the path so far. */
        public WebhookAssert receivedNothing() {
            Assertions.assertThat(actual.accepted(path)).as("webhooks accepted at %s", path).isEmpty();
            return this;
        }
    }

    /** The item files the file sink wrote under {@code <out>/items}. */
    public static final class OutAssert extends AbstractAssert<OutAssert, Path> {
        private Duration timeout = Duration.ofSeconds(30);

        OutAssert(Path out) {
            super(out, OutAssert.class);
        }

        /** How long to wait for the files (default 30 s). */
        public OutAssert within(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Waits until items with exactly these main headlines were written (distinct by uri), each valid ninjs 3.1; returns them. */
        public List<JsonNode> writesItemsWithHeadlines(String... headlines) {
            return awaitHeadlines(() -> OutDir.items(actual), timeout, "items written under " + actual, headlines);
        }
    }
}
