package io.wirehub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** URLs as operators paste them into feeds.yaml and subscribers: accepted as browsers accept them. */
class OutboundUrlTest {

    @Test
    void an_internationalised_host_is_sent_in_its_punycode_form_with_port_and_query_kept() {
        URI u = OutboundHttp.parse("https://bücher.example:8443/flux?catégorie=monde&page=2");
        assertThat(u.getHost()).isEqualTo("xn--bcher-kva.example");
        assertThat(u.getPort()).isEqualTo(8443);
        assertThat(u.getRawQuery()).isEqualTo("cat%C3%A9gorie=monde&page=2");
    }

    @Test
    void a_second_hash_in_the_fragment_does_not_refuse_the_url_and_the_query_is_untouched() {
        URI u = OutboundHttp.parse("https://news.example/rss?a=1&b=%2F#top#more");
        assertThat(u.getRawQuery()).isEqualTo("a=1&b=%2F");
        assertThat(u.getRawFragment()).isEqualTo("top%23more");
    }

    @Test
    void user_info_in_an_internationalised_url_stays_refused() {
        assertThatThrownBy(() -> OutboundHttp.parse("https://user:pw@bücher.example/x"))
                .hasMessageContaining("user info");
    }

    @Test
    void an_underscore_host_is_refused_with_a_reason_the_operator_can_act_on() {
        assertThatThrownBy(() -> OutboundHttp.parse("https://my_feeds.example.com/rss"))
                .hasMessageContaining("my_feeds.example.com/rss")
                .hasMessageContaining("'_'");
    }
}
