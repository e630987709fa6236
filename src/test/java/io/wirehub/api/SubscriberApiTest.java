package io.wirehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.wirehub.Hub;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.NinjsValidator;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API, the Atom feed and the file channels on a running hub. */
class SubscriberApiTest {
    @RegisterExtension
    static WirehubExtension wirehub = WirehubExtension.builder().build();
    static final String TOKEN = WirehubExtension.API_TOKEN;
    static Path dir;
    static Hub hub;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void started() {
        dir = wirehub.dir();
        hub = wirehub.hub();
    }

    static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(wirehub.url(path))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String s) throws Exception {
        return NinjsJson.MAPPER.readTree(s);
    }

    @Test
    void the_api_needs_the_admin_token() throws Exception {
        assertThat(call("GET", "/api/subscribers", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/subscribers", null, "wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/subscribers", null, TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void the_servers_own_answers_are_json_a_user_can_act_on() throws Exception {
        HttpResponse<String> wrongMethod = call("DELETE", "/api/subscribers", null, TOKEN);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(wrongMethod.body()).get("error").asText())
                .isEqualTo("DELETE is not allowed on /api/subscribers; use GET, HEAD, POST");

        HttpResponse<String> nowhere = call("GET", "/api/subscriberz", null, TOKEN);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(nowhere.body()).get("error").asText()).startsWith("no such path: /api/subscriberz (paths: ")
                .contains("/api/subscribers");

        HttpResponse<String> typo = call("POST", "/api/subscribers", "{\"id\": \"x\", \"filtre\": {}}", TOKEN);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo.body()).get("error").asText()).contains("unknown key 'filtre'").contains("filter")
                .doesNotContain("io.wirehub").doesNotContain("SubscriberSpec");
    }

    @Test
    void invalid_subscribers_are_refused_with_every_problem_named() throws Exception {
        HttpResponse<String> r = call("POST", "/api/subscribers", """
                {"id": "Bad Id", "filter": {"keywords": "(talibans", "events": ["deleted"]},
                 "channels": [{"type": "webhook", "url": "ftp://x", "secrets": ["nope"]}, {"type": "mail", "to": ["a@b.org\\r\\nBcc: c@d.org"]}]}
                """, TOKEN);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r.body()).get("problems").toString()).contains("id:", "missing ')'", "unknown kind 'deleted'",
                "channels[0].url", "channels[0].secrets", "channels[1].to");
        assertThat(call("POST", "/api/subscribers", "{\"id\": \"x\", \"filtre\": {}}", TOKEN).statusCode())
                .as("unknown property").isEqualTo(400);
        assertThat(call("POST", "/api/subscribers", """
                {"id": "lan", "channels": [{"type": "webhook", "url": "http://10.0.0.1/", "secrets": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], "allowPrivate": true}]}
                """, TOKEN).statusCode()).as("allowPrivate only from config").isEqualTo(422);
    }

    @Test
    void a_subscriber_created_through_the_api_gets_files_and_an_atom_feed_and_is_persisted() throws Exception {
        // API file channels write under wirehub.delivery.files-root (the kit: <dir>/files)
        Path out = dir.resolve("files").resolve("api-files");
        String spec = """
                {"id": "api-afghanistan", "name": "Afghanistan <feed> & co",
                 "filter": {"places": ["Afghanistan"], "languages": ["fr"]},
                 "channels": [{"type": "file", "dir": "%s", "format": "ninjs"},
                              {"type": "file", "dir": "%s", "format": "ndjson"},
                              {"type": "atom", "limit": 10}]}
                """.formatted("api-files/ninjs", "api-files/ndjson");
        HttpResponse<String> created = call("POST", "/api/subscribers", spec, TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(call("POST", "/api/subscribers", spec, TOKEN).statusCode()).isEqualTo(409);
        assertThat(json(call("GET", "/api/subscribers/api-afghanistan", null, TOKEN).body()).get("name").asText())
                .isEqualTo("Afghanistan <feed> & co");

        wirehub.submit(SeedItem.load(), "afp-fr");
        wirehub.submit(SeedItem.simple("urn:test:other", "Other", "Not about that country"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.delivery().outbox().list("delivered", "api-afghanistan", 10).size() == 3);

        try (Stream<Path> s = Files.walk(out.resolve("ninjs"))) {
            List<Path> jsons = s.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(jsons).hasSize(1);
            String item = Files.readString(jsons.get(0));
            Path schema = Path.of("../shared/corpora/ninjs/specification/ninjs-schema_3.1.json");
            if (Files.isRegularFile(schema)) {
                assertThat(new NinjsValidator(schema).errors(json(item))).as("ninjs 3.1").isEmpty();
            }
            assertThat(json(item).at("/headlines/0/value").asText()).startsWith("Afghanistan : les talibans");
        }
        try (Stream<Path> s = Files.list(out.resolve("ndjson").resolve("ndjson"))) {
            List<String> lines = Files.readAllLines(s.findFirst().orElseThrow());
            assertThat(lines).hasSize(1);
            assertThat(json(lines.get(0)).get("event").asText()).isEqualTo("item.new");
            Path schema = Path.of("../shared/corpora/ninjs/specification/ninjs-schema_3.1.json");
            if (Files.isRegularFile(schema)) {
                assertThat(new NinjsValidator(schema).errors(json(lines.get(0)).get("item"))).as("ninjs 3.1 in the envelope").isEmpty();
            }
        }
        // The hub's own output (built-in subscriber "hub") got both items, as before.
        try (Stream<Path> s = Files.walk(dir.resolve("out").resolve("items"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".json")).count()).isGreaterThanOrEqualTo(2);
        }

        HttpResponse<String> feed = HTTP.send(HttpRequest.newBuilder(URI.create(wirehub.url("/feeds/api-afghanistan.atom")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        SyndFeed parsed = new SyndFeedInput().build(new StringReader(feed.body()));
        assertThat(parsed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(parsed.getTitle()).isEqualTo("Afghanistan <feed> & co");
        assertThat(parsed.getUri()).isEqualTo("https://hub.example.org/feeds/api-afghanistan.atom");
        assertThat(parsed.getEntries()).hasSize(1);
        SyndEntry e = parsed.getEntries().get(0);
        assertThat(e.getTitle()).isEqualTo("Afghanistan : les talibans attaquent une première grande ville");
        assertThat(e.getUri()).isEqualTo("urn:wirehub:seed:000_322bb145bcebb8c8");
        assertThat(e.getLink()).isEqualTo("https://www.example.org/afghanistan-herat");
        assertThat(e.getUpdatedDate()).isNotNull();
        assertThat(e.getContents().get(0).getValue()).contains("Islam Qala");
        // one category per place, though the seed names Herat as dateline and as mentioned place
        List<String> terms = e.getCategories().stream().map(c -> c.getName()).toList();
        assertThat(terms).isNotEmpty().doesNotHaveDuplicates();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(wirehub.url("/feeds/nobody.atom"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // Persisted: a reload from the database (what a restart does) still has it; DELETE removes it.
        hub.delivery().subscribers().reload();
        assertThat(hub.delivery().subscribers().get("api-afghanistan")).isNotNull();
        assertThat(call("DELETE", "/api/subscribers/api-afghanistan", null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/subscribers/api-afghanistan", null, TOKEN).statusCode()).isEqualTo(404);
    }
}
