package io.wirehub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push ingest against the running hub: POST /ingest/{feedId} on its embedded HTTP server. */
class PushIngestTest {
    private static final String SECRET = "afp-push-secret-for-tests";
    private static final String TOKEN = "vna-bearer-token-for-tests";
    private static final String PUSH = """
        feeds:
          - id: afp-push
            auth: hmac
            secret: %s
            agency: AFP
          - id: vna-push
            auth: bearer
            secretEnv: WIREHUB_TEST_VNA_PUSH_TOKEN
            agency: VNA
            language: fr
        """.formatted(SECRET);

    static {
        // set before the hub starts (the extension starts it before any @BeforeAll method)
        System.setProperty("WIREHUB_TEST_VNA_PUSH_TOKEN", TOKEN);
    }

    // Several tests push versions of the same AFP story to one hub; same-story clustering (dedupe)
    // would publish only the first of them, and this class is about ingest, so it is off here.
    @RegisterExtension
    static WirehubExtension hub = WirehubExtension.builder().push(PUSH).property("wirehub.dedupe.story-threshold", "1.1").build();

    @AfterAll
    static void clearToken() {
        System.clearProperty("WIREHUB_TEST_VNA_PUSH_TOKEN");
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = PushIngestTest.class.getResourceAsStream("/agency/" + name)) {
            return in.readAllBytes();
        }
    }

    private HttpResponse<String> signedPush(String feed, byte[] body) throws Exception {
        return hub.post("/ingest/" + feed, body, "Content-Type", "application/xml",
                "X-Wirehub-Signature", Signatures.sign("sha256", SECRET, body));
    }

    @Test
    void signedPushIsAcceptedAndItsItemsPublished() throws Exception {
        HttpResponse<String> r = signedPush("afp-push", fixture("afp-newsml-g2-story-v1.xml"));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode answer = NinjsJson.MAPPER.readTree(r.body());
        assertThat(answer.get("accepted").findValuesAsText("")).isEmpty();
        assertThat(answer.get("accepted").get(0).asText()).isEqualTo("urn:newsml:afp.com:20210710:TX-PAR-HLK42");
        assertThat(r.headers().firstValue("X-Wirehub-Signature")).as("request headers are not echoed").isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.ndjsonLines(hub.out()).stream()
                .anyMatch(l -> l.contains("TX-PAR-HLK42") && l.contains("Hérat va envoyer des renforts")));
    }

    @Test
    void unsignedOrBadlySignedPushIsRefused() throws Exception {
        byte[] body = fixture("afp-newsml-1.2-revision-1-with-photo.xml");
        HttpResponse<String> none = hub.post("/ingest/afp-push", body, "Content-Type", "application/xml");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("missing X-Wirehub-Signature").contains("sha256=<hex HMAC-SHA256 of the body>");
        assertThat(none.headers().firstValue("WWW-Authenticate")).as("an HMAC feed asks for a signature, not a token")
                .hasValue("HMAC-SHA256 realm=\"wirehub\", header=\"X-Wirehub-Signature\"");
        HttpResponse<String> bad = hub.post("/ingest/afp-push", body, "X-Wirehub-Signature",
                Signatures.sign("sha256", "not-the-secret", body));
        assertThat(bad.statusCode()).isEqualTo(401);
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length - 20] ^= 1;
        HttpResponse<String> changed = hub.post("/ingest/afp-push", tampered, "X-Wirehub-Signature",
                Signatures.sign("sha256", SECRET, body));
        assertThat(changed.statusCode()).isEqualTo(401);
        assertThat(OutDir.ndjsonLines(hub.out())).noneMatch(l -> l.contains("TX-SGE-KAB17"));
    }

    @Test
    void bearerFeedTakesItsTokenAndNothingElse() throws Exception {
        byte[] body = fixture("wire-fr-dateline-credit-afp-vna-cvn.txt");
        assertThat(hub.post("/ingest/vna-push", body, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> noToken = hub.post("/ingest/vna-push", body);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wirehub\"");
        HttpResponse<String> ok = hub.post("/ingest/vna-push", body, "Authorization", "Bearer " + TOKEN,
                "Content-Type", "text/plain; charset=utf-8");
        assertThat(ok.statusCode()).isEqualTo(202);
        String uri = NinjsJson.MAPPER.readTree(ok.body()).get("accepted").get(0).asText();
        assertThat(uri).startsWith("urn:wirehub:vna-push:");
        await().atMost(Duration.ofSeconds(20)).until(() -> OutDir.ndjsonLines(hub.out()).stream()
                .anyMatch(l -> l.contains(uri) && l.contains("\"name\":\"CVN\"")));
    }

    @Test
    void unknownFeedIs404AndOtherMethodsAreNotAllowed() throws Exception {
        assertThat(hub.post("/ingest/nobody", "x".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
        assertThat(hub.get("/ingest/afp-push").statusCode()).isEqualTo(405);
    }

    @Test
    void unparseableBodiesGet422AndAreKeptForTheOperator() throws Exception {
        byte[] truncated = fixture("newsml-g2-truncated-mid-body.xml");
        HttpResponse<String> r = signedPush("afp-push", truncated);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode answer = NinjsJson.MAPPER.readTree(r.body());
        assertThat(answer.get("error").asText()).contains("truncated").contains("inside <p>");
        Path kept = Path.of(answer.get("keptAs").asText());
        assertThat(kept).startsWith(hub.dir().resolve("rejected/afp-push"));
        assertThat(Files.readAllBytes(kept)).isEqualTo(truncated);
        Path reason = kept.resolveSibling(kept.getFileName().toString().replace(".body", ".error.txt"));
        assertThat(Files.readString(reason)).contains("truncated");

        byte[] badNinjs = fixture("ninjs-fails-schema-urgency-out-of-range.json");
        HttpResponse<String> n = signedPush("afp-push", badNinjs);
        assertThat(n.statusCode()).isEqualTo(422);
        assertThat(n.body()).contains("urgency 12");
        // the hub carries on
        assertThat(signedPush("afp-push", fixture("nitf-3.3-doctype-html-entities.xml")).statusCode()).isEqualTo(202);
    }

    @Test
    void fiftyMegabytePushIsRefusedWith413AndTheHubCarriesOn() throws Exception {
        byte[] big = new byte[50 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        HttpRequest req = HttpRequest.newBuilder(URI.create(hub.url("/ingest/afp-push"))).timeout(Duration.ofSeconds(60))
                .header("X-Wirehub-Signature", "sha256=00").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build();
        HttpResponse<String> tooBig = WirehubExtension.http().send(req, HttpResponse.BodyHandlers.ofString());
        int code = tooBig.statusCode();
        assertThat(code).isEqualTo(413);
        HttpResponse<String> after = signedPush("afp-push", fixture("afp-newsml-g2-correction-v2.xml"));
        assertThat(after.statusCode()).isEqualTo(202);
        assertThat(List.of(after.body())).anySatisfy(b -> assertThat(b).contains("TX-PAR-HLK42"));
    }
}
