package io.wirehub.publish;

import io.wirehub.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's signatures checked by a verifier written here from the Standard Webhooks spec. */
class WebhookSignatureTest {

    /**
     * The receiving side, per the spec, as the route-test kit's receiver checks it
     * ({@link WebhookReceiver#verify}): strip whsec_, base64-decode the key, HMAC-SHA256 over
     * "msg_id.timestamp.payload", base64; the header holds space-separated "v1,sig" entries and
     * any one matching is enough; timestamps too far from now are refused.
     */
    static boolean verify(String secret, String msgId, String timestamp, String payload, String header, long nowSec) {
        return WebhookReceiver.verify(secret, msgId, timestamp, payload, header, nowSec);
    }

    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TS = 1614265330L;
    static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void the_spec_example_is_reproduced_by_the_hub_and_by_the_test_verifier() {
        assertThat(WebhookSigner.sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_PAYLOAD)).isEqualTo(SPEC_SIGNATURE);
        assertThat(verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD, SPEC_SIGNATURE, SPEC_TS)).isTrue();
        assertThat(verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD + " ", SPEC_SIGNATURE, SPEC_TS)).isFalse();
        assertThat(verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD, SPEC_SIGNATURE, SPEC_TS + 3600))
                .as("stale timestamp").isFalse();
    }

    @Test
    void during_a_key_rotation_both_secrets_sign_and_either_verifies() {
        String fresh = WebhookSigner.newSecret();
        assertThat(WebhookSigner.isValidSecret(fresh)).isTrue();
        String header = WebhookSigner.header(List.of(SPEC_SECRET, fresh), SPEC_ID, SPEC_TS, SPEC_PAYLOAD);
        assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD, header, SPEC_TS)).isTrue();
        assertThat(verify(fresh, SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD, header, SPEC_TS)).isTrue();
        assertThat(verify(WebhookSigner.newSecret(), SPEC_ID, Long.toString(SPEC_TS), SPEC_PAYLOAD, header, SPEC_TS)).isFalse();
    }

    @Test
    void malformed_secrets_are_refused() {
        assertThat(WebhookSigner.isValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
        assertThat(WebhookSigner.isValidSecret("whsec_not base64!")).isFalse();
        assertThat(WebhookSigner.isValidSecret("whsec_AAAA")).as("too short").isFalse();
    }
}
