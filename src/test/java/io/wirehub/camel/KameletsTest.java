package io.wirehub.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each Kamelet on its own, in a bare Camel context (no Hub), as a user's route calls it. */
class KameletsTest {
    static final String SECRET = NewsroomKameletRouteTest.SECRET;
    static final String ITEM = """
            {"uri":"urn:example:vn-1","type":"text","version":"1","language":"en",
             "headlines":[{"role":"main","contentType":"text/plain","value":"Floods hit northern Vietnam"}],
             "bodies":[{"role":"main","contentType":"text/plain","value":"HANOI (AFP) - Heavy rain flooded streets in Hanoi on Saturday."}]}
            """;

    private CamelContext ctx;
    private ProducerTemplate template;

    private void start(RouteBuilder routes) throws Exception {
        ctx = new DefaultCamelContext();
        ctx.addRoutes(routes);
        ctx.start();
        template = ctx.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    @Test
    void normalizeActionTurnsASampleDocumentIntoItsItems() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:normalize").to("kamelet:wirehub-normalize-action?sourceId=vna-fr&agency=VNA");
            }
        });
        List<?> rss = template.requestBody("direct:normalize",
                Files.readAllBytes(Path.of("samples/inbox/sample-rss-vna-fr.xml")), List.class);
        assertThat(rss).hasSize(2);
        for (Object o : rss) {
            JsonNode item = NinjsJson.MAPPER.readTree((String) o);
            assertThat(item.path("headlines").path(0).path("value").asText()).isNotBlank();
            assertThat(item.path("language").asText()).isEqualTo("fr");
        }
        // a file body and another format: the Atom sample holds one entry
        List<?> atom = template.requestBody("direct:normalize", Path.of("samples/inbox/sample-atom-en.xml").toFile(), List.class);
        assertThat(atom).hasSize(1);
        // not a news document: an error for the caller's error handler
        assertThatThrownBy(() -> template.requestBody("direct:normalize", "<html><body>hello</body></html>"))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("an HTML page, not a feed");
    }

    @Test
    void geotagActionAddsTheCityNamedInTheCopy() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:geotag").to("kamelet:wirehub-geotag-action");
            }
        });
        String out = template.requestBody("direct:geotag", ITEM, String.class);
        JsonNode item = NinjsJson.MAPPER.readTree(out);
        List<String> places = new ArrayList<>();
        item.path("places").forEach(p -> places.add(p.path("name").asText() + "/" + p.path("rel").asText()));
        assertThat(places).anyMatch(p -> p.startsWith("Ha") && p.contains("Noi") || p.startsWith("Hanoi"));
        assertThat(item.path("headlines").path(0).path("value").asText()).isEqualTo("Floods hit northern Vietnam");
    }

    @Test
    void webhookSinkTreatsANon2xxAnswerAsAnErrorAndRedeliversTheSameMessage() throws Exception {
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            hooks.on("/down", n -> 503);
            String url = hooks.url("/down");
            start(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(0));
                    from("direct:post").to("kamelet:ninjs-webhook-sink?url=RAW(" + url + ")&secret=RAW(" + SECRET + ")&allowPrivate=true");
                }
            });
            Exchange ex = template.send("direct:post", e -> e.getMessage().setBody(ITEM));
            assertThat(ex.getException()).isInstanceOf(WebhookSink.WebhookRejectedException.class)
                    .hasMessageContaining("HTTP 503");
            // one delivery and two redeliveries, all the same message to the receiver
            assertThat(hooks.at("/down")).hasSize(3);
            assertThat(hooks.at("/down").stream().map(WebhookReceiver.Received::id).distinct()).hasSize(1);
            assertThat(hooks.at("/down").stream().map(WebhookReceiver.Received::body).distinct()).hasSize(1);
        }
    }

    @Test
    void webhookSinkRefusesALoopbackReceiverWithoutAllowPrivate() throws Exception {
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            String url = hooks.url("/hook");
            start(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:post").to("kamelet:ninjs-webhook-sink?url=RAW(" + url + ")&secret=RAW(" + SECRET + ")");
                }
            });
            Exchange ex = template.send("direct:post", e -> e.getMessage().setBody(ITEM));
            assertThat(ex.getException()).isNotNull();
            assertThat(rootMessage(ex.getException())).contains("refused").contains("non-public address");
            assertThat(hooks.received).isEmpty();
        }
    }

    @Test
    void feedSourceRefusesALoopbackFeedWithoutAllowPrivateAndAsksConditionallyWithIt() throws Exception {
        try (FeedServer feeds = new FeedServer()) {
            feeds.on("/feed.rss", h -> {
                if ("\"v1\"".equals(h.getRequestHeaders().getFirst("If-None-Match"))) {
                    FeedServer.send(h, 304, null, "");
                } else {
                    h.getResponseHeaders().set("ETag", "\"v1\"");
                    FeedServer.send(h, 200, "application/rss+xml", NewsroomKameletRouteTest.RSS);
                }
            });
            start(new RouteBuilder() {
                @Override
                public void configure() {
                }
            });
            Exchange tick = new DefaultExchange(ctx);

            FeedSource guarded = new FeedSource();
            guarded.setUrl(feeds.url("/feed.rss"));
            assertThat(guarded.poll(tick)).isEmpty();
            assertThat(guarded.errorCount()).isEqualTo(1);
            assertThat(guarded.lastError()).contains("refused");
            assertThat(feeds.requests("/feed.rss")).isEmpty();

            FeedSource allowed = new FeedSource();
            allowed.setUrl(feeds.url("/feed.rss"));
            allowed.setAllowPrivate(true);
            assertThat(allowed.poll(tick)).hasSize(2);
            allowed.delivered(tick);
            assertThat(allowed.poll(tick)).as("304 on the second poll").isEmpty();
            assertThat(allowed.errorCount()).isZero();
            assertThat(feeds.requests("/feed.rss")).hasSize(2);
            assertThat(feeds.requests("/feed.rss").get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        }
    }

    @Test
    void dedupeActionDropsRepeatsAndMarksUpdatesAndSameStoryCopies(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("dedupe") + ";DB_CLOSE_ON_EXIT=FALSE";
        List<Exchange> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dedupe").to("kamelet:wirehub-dedupe-action?databaseUrl=RAW(" + db + ")")
                        .process(e -> out.add(e.copy()));
                from("direct:dedupe-failing").to("kamelet:wirehub-dedupe-action?databaseUrl=RAW(" + db + ")")
                        .throwException(new IllegalStateException("receiver down"));
                from("direct:dedupe-copies").to("kamelet:wirehub-dedupe-action?dropCopies=true&databaseUrl=RAW(" + db + ")")
                        .process(e -> out.add(e.copy()));
            }
        });
        template.sendBody("direct:dedupe", ITEM);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getMessage().getHeader("WirehubEvent")).isEqualTo("item.new");
        String story = out.get(0).getMessage().getHeader("WirehubStory", String.class);
        assertThat(story).isNotBlank();
        assertThat(NinjsJson.MAPPER.readTree(out.get(0).getMessage().getBody(String.class)).path("altIds").toString()).contains(story);

        template.sendBody("direct:dedupe", ITEM);
        assertThat(out).as("the same item again goes no further than the Kamelet").hasSize(1);

        String corrected = ITEM.replace("on Saturday.", "on Saturday, killing two people.");
        template.sendBody("direct:dedupe", corrected);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).getMessage().getHeader("WirehubEvent")).isEqualTo("item.updated");
        assertThat(NinjsJson.MAPPER.readTree(out.get(1).getMessage().getBody(String.class)).path("version").asText()).isEqualTo("2");

        // another outlet's copy of the same text: a duplicate of the story, dropped where copies are unwanted
        String copy = corrected.replace("\"uri\":\"urn:example:vn-1\"",
                "\"uri\":\"urn:example:courrier-77\",\"infoSources\":[{\"name\":\"Le Courrier du Vietnam\"}]");
        template.sendBody("direct:dedupe-copies", copy);
        assertThat(out).hasSize(2);
        template.sendBody("direct:dedupe", copy);
        assertThat(out).hasSize(3);
        assertThat(out.get(2).getMessage().getHeader("WirehubEvent")).isEqualTo("item.duplicate");
        assertThat(out.get(2).getMessage().getHeader("WirehubStory")).isEqualTo(story);

        // the route after the Kamelet fails: the caller's redelivery retries from there, the item is decided once
        String other = ITEM.replace("urn:example:vn-1", "urn:example:vn-2").replace("Floods hit northern Vietnam", "Typhoon nears Da Nang")
                .replace("Heavy rain flooded streets in Hanoi on Saturday.", "A typhoon with winds of 150 km/h is expected to reach Da Nang on Monday night.");
        assertThatThrownBy(() -> template.sendBody("direct:dedupe-failing", other)).hasRootCauseMessage("receiver down");
        Exchange again = template.send("direct:dedupe", e -> e.getMessage().setBody(other));
        assertThat(out).hasSize(3);
        assertThat(again.getMessage().getHeader("WirehubDedupeReason", String.class)).startsWith("same id, same content");
    }

    static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
