package io.wirehub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.SeedItem;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the admin API refuses (issue 12), on a running hub through its HTTP API: webhooks to
 * non-public addresses, file folders outside the files root, changes to the built-in and
 * subscribers.yaml subscribers, bad query parameters and bodies; and deliveries of one item.
 */
class AdminApiGuardsTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** The hub's folder, named before it starts: a subscriber writes outside its files root, under it. */
    @TempDir
    static Path dir;
    static Path outside;
    static WirehubExtension hub;

    @BeforeAll
    static void start() throws Exception {
        outside = Files.createDirectories(dir.resolve("outside"));
        hub = WirehubExtension.builder().dir(dir)
                // only the literal loopback address is allowed, so "localhost" is a name resolving to a refused address
                .property("wirehub.fetch.allowed-hosts", "127.0.0.1")
                .subscribers("""
                        subscribers:
                          - id: desk
                            filter: {languages: [de]}
                            channels:
                              - type: file
                                dir: %s
                        """.formatted(outside.resolve("desk")))
                .start();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.url(path))).timeout(Duration.ofSeconds(20))
                .headers(hub.apiAuth());
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return WirehubExtension.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/json");
        return NinjsJson.MAPPER.readTree(r.body());
    }

    static String webhook(String id, String url) {
        return """
                {"id": "%s", "channels": [{"type": "atom"}, {"type": "webhook", "url": "%s", "secrets": ["%s"]}]}
                """.formatted(id, url, SECRET);
    }

    static String fileSub(String id, String fileDir) {
        return """
                {"id": "%s", "filter": {"languages": ["en"]}, "channels": [{"type": "file", "dir": "%s", "format": "ninjs"}]}
                """.formatted(id, fileDir);
    }

    @Test
    void webhooks_to_non_public_addresses_are_refused_at_creation_and_on_put() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://127.0.0.2:8080/",
                "http://192.168.1.20/", "http://100.64.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://0.0.0.0/",
                "http://[::ffff:10.0.0.1]/", "http://localhost:9/")) {
            HttpResponse<String> r = call("POST", "/api/subscribers", webhook("ssrf", url));
            assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(422);
            assertThat(json(r).get("error").asText()).as(url).contains("channels[1].url", "non-public address");
        }
        assertThat(call("GET", "/api/subscribers/ssrf", null).statusCode()).isEqualTo(404);

        HttpResponse<String> userInfo = call("POST", "/api/subscribers", webhook("ssrf", "https://user:pass@hooks.example.org/x"));
        assertThat(userInfo.statusCode()).isEqualTo(422);
        assertThat(json(userInfo).get("problems").toString()).contains("channels[1].url", "user-info");
        HttpResponse<String> scheme = call("POST", "/api/subscribers", webhook("ssrf", "file:///etc/passwd"));
        assertThat(scheme.statusCode()).isEqualTo(422);
        assertThat(json(scheme).get("problems").toString()).contains("channels[1].url");
        HttpResponse<String> unparsable = call("POST", "/api/subscribers", webhook("ssrf", "http://a b/"));
        assertThat(unparsable.statusCode()).isEqualTo(422);
        assertThat(json(unparsable).get("problems").toString()).contains("channels[1].url");

        HttpResponse<String> lan = call("POST", "/api/subscribers", """
                {"id": "lan", "channels": [{"type": "webhook", "url": "https://hooks.example.org/", "secrets": ["%s"], "allowPrivate": true}]}
                """.formatted(SECRET));
        assertThat(lan.statusCode()).isEqualTo(422);
        assertThat(json(lan).get("problems").toString()).contains("channels[0].allowPrivate", "allowPrivate can only be set in subscribers.yaml");

        // wirehub.fetch.allowed-hosts is the operator's exception
        assertThat(call("POST", "/api/subscribers", webhook("allowed", "http://127.0.0.1:9/hook")).statusCode()).isEqualTo(201);
        // a name that does not resolve now is accepted (the guard checks it again at each delivery)
        assertThat(call("POST", "/api/subscribers", webhook("later", "https://no-such-host.invalid/hook")).statusCode()).isEqualTo(201);

        HttpResponse<String> put = call("PUT", "/api/subscribers/allowed", webhook("allowed", "http://169.254.169.254/"));
        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(json(put).get("error").asText()).contains("channels[1].url", "169.254.169.254");
        assertThat(json(call("GET", "/api/subscribers/allowed", null)).at("/channels/1/url").asText()).isEqualTo("http://127.0.0.1:9/hook");
    }

    @Test
    void api_file_channels_write_under_the_files_root_only_and_keep_their_folder_across_a_restart() throws Exception {
        Path root = Files.createDirectories(dir.resolve("files"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        for (String bad : List.of("/etc/anything", outside.resolve("x").toString(), "../x", "a/../../x", "a/..", ".", "escape/x")) {
            HttpResponse<String> r = call("POST", "/api/subscribers", fileSub("files", bad));
            assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(422);
            assertThat(json(r).get("problems").toString()).as(bad).contains("channels[0].dir");
        }
        assertThat(call("GET", "/api/subscribers/files", null).statusCode()).isEqualTo(404);

        HttpResponse<String> ok = call("POST", "/api/subscribers", fileSub("files", "desks/en"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(json(ok).at("/channels/0/dir").asText()).as("shown as given").isEqualTo("desks/en");
        HttpResponse<String> put = call("PUT", "/api/subscribers/files", fileSub("files", "/tmp/elsewhere"));
        assertThat(put.statusCode()).isEqualTo(422);

        hub.submit(SeedItem.simple("urn:test:files:1", "First", "An English item"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> jsonFiles(root.resolve("desks/en")) == 1);

        // A restart with another files root: what was checked and stored is where it keeps writing.
        hub.restart(Map.of("wirehub.delivery.files-root", dir.resolve("files2").toString()));
        hub.submit(SeedItem.simple("urn:test:files:2", "Second", "Another English item"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> jsonFiles(root.resolve("desks/en")) == 2);
        assertThat(Files.exists(dir.resolve("files2"))).isFalse();
    }

    static long jsonFiles(Path d) throws Exception {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    @Test
    void the_built_in_and_the_config_subscribers_cannot_be_deleted_or_replaced_through_the_api() throws Exception {
        HttpResponse<String> del = call("DELETE", "/api/subscribers/hub", null);
        assertThat(del.statusCode()).isEqualTo(409);
        assertThat(json(del).get("error").asText()).contains("built-in subscriber hub", "wirehub.out.enabled");
        HttpResponse<String> put = call("PUT", "/api/subscribers/hub", fileSub("hub", "x"));
        assertThat(put.statusCode()).isEqualTo(409);
        assertThat(json(put).get("error").asText()).contains("wirehub.out.enabled");
        assertThat(call("GET", "/api/subscribers/hub", null).statusCode()).isEqualTo(200);

        HttpResponse<String> delDesk = call("DELETE", "/api/subscribers/desk", null);
        assertThat(delDesk.statusCode()).isEqualTo(409);
        assertThat(json(delDesk).get("error").asText()).contains("subscribers.yaml");
        HttpResponse<String> putDesk = call("PUT", "/api/subscribers/desk", fileSub("desk", "desk"));
        assertThat(putDesk.statusCode()).isEqualTo(409);
        assertThat(json(putDesk).get("error").asText()).contains("subscribers.yaml");
        // subscribers.yaml may name any folder, and pausing/resuming stays possible
        assertThat(json(call("GET", "/api/subscribers/desk", null)).at("/channels/0/dir").asText())
                .isEqualTo(outside.resolve("desk").toString());
        HttpResponse<String> pause = call("PUT", "/api/subscribers/desk", "{\"enabled\": false}");
        assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
        assertThat(json(pause).get("enabled").asBoolean()).isFalse();
        assertThat(json(call("PUT", "/api/subscribers/desk", "{\"enabled\": true}")).get("enabled").asBoolean()).isTrue();
        assertThat(json(call("GET", "/api/subscribers/desk", null)).at("/channels/0/dir").asText())
                .isEqualTo(outside.resolve("desk").toString());
    }

    @Test
    void bad_parameters_and_bodies_get_400_with_the_reason_and_unknown_ids_404() throws Exception {
        HttpResponse<String> abc = call("GET", "/api/deliveries?limit=abc", null);
        assertThat(abc.statusCode()).isEqualTo(400);
        assertThat(json(abc).get("error").asText()).contains("limit", "1 to 1000");
        for (String limit : List.of("0", "1001", "-5", "1e3", "")) {
            assertThat(call("GET", "/api/deliveries?limit=" + limit, null).statusCode()).as(limit).isEqualTo(400);
        }
        assertThat(call("GET", "/api/deliveries?limit=1000", null).statusCode()).isEqualTo(200);
        HttpResponse<String> status = call("GET", "/api/deliveries?status=bogus", null);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(json(status).get("error").asText()).contains("status", "pending", "digest", "delivered", "dead", "dropped");
        HttpResponse<String> unknown = call("GET", "/api/deliveries?statuss=dead", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("error").asText()).contains("statuss", "limit");
        assertThat(call("GET", "/api/deliveries?limit=1&limit=2", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/subscribers?x=1", null).statusCode()).isEqualTo(400);

        for (String body : List.of("{not json", "null", "[]", "\"text\"", "", "{\"id\": \"t\", \"channels\": 5}")) {
            HttpResponse<String> r = call("POST", "/api/subscribers", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(body).contains("not a subscriber document");
        }
        HttpResponse<String> nulls = call("POST", "/api/subscribers",
                "{\"id\": \"nulls\", \"filter\": {\"events\": null, \"places\": null}, \"channels\": [{\"type\": \"atom\"}]}");
        assertThat(nulls.statusCode()).as(nulls.body()).isEqualTo(201);
        assertThat(call("PUT", "/api/subscribers/nulls", "{not json").statusCode()).isEqualTo(400);

        HttpResponse<String> missing = call("GET", "/api/subscribers/nobody", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("nobody");
        assertThat(json(call("DELETE", "/api/subscribers/nobody", null)).get("error").asText()).contains("nobody");
        HttpResponse<String> redeliver = call("POST", "/api/deliveries/msg_nope/redeliver", null);
        assertThat(redeliver.statusCode()).isEqualTo(404);
        assertThat(json(redeliver).get("error").asText()).contains("msg_nope");
    }

    @Test
    void an_unexpected_failure_answers_a_json_500_with_a_short_reason() throws Exception {
        // the outbox's event table missing for a moment: the deliveries query fails inside the API
        try (java.sql.Connection c = hub.hub().database().dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE delivery_event RENAME TO delivery_event_away");
            try {
                HttpResponse<String> r = call("GET", "/api/deliveries", null);
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(json(r).get("error").asText()).contains("internal error", "log").doesNotContain("delivery_event");
            } finally {
                st.execute("ALTER TABLE delivery_event_away RENAME TO delivery_event");
            }
        }
    }

    @Test
    void deliveries_of_one_item_are_listed_with_the_item_parameter() throws Exception {
        String uri = "urn:test:follow:one & two";
        hub.submit(SeedItem.simple(uri, "Follow me", "An item to follow"), null);
        hub.submit(SeedItem.simple("urn:test:follow:other", "Other", "Another item"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.hub().delivery().outbox().list("delivered", "hub", 1000).stream()
                .filter(r -> r.itemUri().startsWith("urn:test:follow:")).count() == 2);

        HttpResponse<String> r = call("GET", "/api/deliveries?item=" + URLEncoder.encode(uri, StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rows = json(r);
        assertThat(rows.size()).as(r.body()).isGreaterThanOrEqualTo(1);
        for (JsonNode row : rows) {
            assertThat(row.get("itemUri").asText()).isEqualTo(uri);
        }
        assertThat(rows.findValuesAsText("subscriber")).contains("hub");
        assertThat(rows.findValuesAsText("status")).contains("delivered");
        // with a status, only those
        assertThat(json(call("GET", "/api/deliveries?status=dead&item=" + URLEncoder.encode(uri, StandardCharsets.UTF_8), null))
                .size()).isZero();
    }
}
