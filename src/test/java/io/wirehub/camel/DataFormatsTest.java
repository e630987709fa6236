package io.wirehub.camel;

import io.wirehub.normalize.FeedContext;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.RomeBridge;
import io.wirehub.normalize.SourceDocument;
import io.wirehub.testing.FeedServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** wirehub's normalizer and ninjs items through Camel's data formats, and camel-rss bodies normalized. */
class DataFormatsTest {
    /** What a user writes in YAML: only Camel's own data format syntax. */
    static final String ROUTES = """
            - route:
                from:
                  uri: direct:normalize
                  steps:
                    - unmarshal:
                        custom:
                          ref: ninjs-normalize
            - route:
                from:
                  uri: direct:to-json
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          moduleClassNames: io.wirehub.normalize.NinjsModule
            - route:
                from:
                  uri: direct:from-json
                  steps:
                    - unmarshal:
                        json:
                          library: Jackson
                          unmarshalType: io.wirehub.normalize.NinjsItem
                          moduleClassNames: io.wirehub.normalize.NinjsModule
            """;

    private CamelContext ctx;
    private ProducerTemplate template;

    private void start(RouteBuilder extra) throws Exception {
        ctx = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("formats.camel.yaml", ROUTES));
        if (extra != null) {
            ctx.addRoutes(extra);
        }
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
    void everySampleUnmarshalsToItemsThatCamelJacksonWritesAsTheHubDoes() throws Exception {
        start(null);
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("samples/inbox"))) {
            samples = s.sorted().toList();
        }
        assertThat(samples).hasSize(6);
        int total = 0;
        for (Path sample : samples) {
            List<?> items = template.requestBody("direct:normalize", Files.readAllBytes(sample), List.class);
            assertThat(items).as(sample.toString()).isNotEmpty().allMatch(NinjsItem.class::isInstance);
            for (Object o : items) {
                String viaCamel = template.requestBody("direct:to-json", o, String.class);
                assertThat(viaCamel).as(sample + " item").isEqualTo(NinjsJson.write(o));
                NinjsItem back = template.requestBody("direct:from-json", viaCamel, NinjsItem.class);
                assertThat(NinjsJson.write(back)).isEqualTo(viaCamel);
            }
            total += items.size();
        }
        assertThat(total).isGreaterThanOrEqualTo(6);
    }

    @Test
    void readingIsAsLenientAsTheHubsMapper() throws Exception {
        start(null);
        String json = """
                {"uri":"urn:x:1","type":"text","people":[{"name":"A"}],
                 "headlines":[{"role":"main","value":"Hello","x-note":"unknown here"}],
                 "altIds":[{"role":"guid","value":"g1","x-src":"y"}]}
                """;
        NinjsItem viaCamel = template.requestBody("direct:from-json", json, NinjsItem.class);
        NinjsItem viaHub = NinjsJson.MAPPER.readValue(json, NinjsItem.class);
        assertThat(NinjsJson.write(viaCamel)).isEqualTo(NinjsJson.write(viaHub)).contains("\"people\"");
        assertThat(viaCamel.headline()).isEqualTo("Hello");
    }

    @Test
    void anRssConsumerBodyNormalizesToTheItemWirehubsOwnParserGives() throws Exception {
        try (FeedServer feeds = new FeedServer()) {
            feeds.serve("/asie.rss", "application/rss+xml; charset=utf-8", NewsroomKameletRouteTest.RSS);
            List<NinjsItem> bridged = Collections.synchronizedList(new ArrayList<>());
            start(new RouteBuilder() {
                @Override
                public void configure() {
                    // camel-rss fetches with ROME over a plain URL connection (no wirehub guard here)
                    // and, with splitEntries, emits one entry per poll: hence the short delay
                    from("rss:" + feeds.url("/asie.rss") + "?splitEntries=true&delay=100&initialDelay=0")
                            .bean(RomeBridge.class, "items")
                            .process(e -> bridged.addAll(e.getMessage().getBody(List.class)));
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> bridged.size() >= 2);

            List<NinjsItem> own = NinjsBodies.items(SourceDocument.ofBytes("rss",
                    NewsroomKameletRouteTest.RSS.getBytes(StandardCharsets.UTF_8), "application/rss+xml",
                    new FeedContext("rss", null, null, "https://www.example.org/asie", null)));
            assertThat(own).hasSize(2);
            for (NinjsItem expected : own) {
                NinjsItem got = bridged.stream().filter(i -> expected.headline().equals(i.headline())).findFirst().orElseThrow();
                assertThat(got.uri).isEqualTo(expected.uri);
                assertThat(got.webUrl()).isEqualTo(expected.webUrl()).startsWith("https://www.example.org/vietnam-");
                assertThat(got.bodyText()).isEqualTo(expected.bodyText()).contains("(AFP)");
                assertThat(got.versionCreated).isEqualTo(expected.versionCreated).startsWith("2021-07-10T");
                assertThat(got.language).isEqualTo(expected.language).isEqualTo("fr");
            }
        }
    }
}
