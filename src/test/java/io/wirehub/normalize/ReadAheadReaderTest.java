package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A large document is read on a second thread: the caller still gets every item in document order,
 * what the reader noticed (a document read leniently after malformed XML), and a reader it closes
 * half-way stops instead of reading the rest of the document.
 */
class ReadAheadReaderTest {
    private final Normalizer normalizer = new Normalizer();

    /** An RSS feed of {@code n} items of ~400 bytes, guids g-0 .. g-(n-1), optionally cut in the middle of its last item. */
    static byte[] rss(int n, boolean cutAtTheEnd) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Large wire</title><link>https://wire.example/</link><description>d</description>");
        for (int i = 0; i < n; i++) {
            sb.append("<item><guid>g-").append(i).append("</guid><title>Story ").append(i)
                    .append(" about the harbour</title><link>https://wire.example/s/").append(i)
                    .append("?src=rss&amp;n=").append(i).append("</link><description>&lt;p&gt;Paragraph of story ").append(i)
                    .append(" with &lt;a href=\"/rel/").append(i).append("\"&gt;a relative link&lt;/a&gt; and more words "
                            + "to make it a realistic summary of a news item.&lt;/p&gt;</description>"
                            + "<pubDate>Mon, 24 Nov 2026 08:00:00 GMT</pubDate></item>");
        }
        if (cutAtTheEnd) {
            sb.append("<item><guid>cut</guid><title>Cut");
        } else {
            sb.append("</channel></rss>");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ItemReader open(byte[] bytes) throws ParseException {
        return normalizer.open(SourceDocument.ofBytes("large-wire.xml", bytes,
                "application/rss+xml", new FeedContext("large", null, "en", "https://wire.example/", null)));
    }

    @Test
    void a_large_feed_is_read_ahead_and_every_item_comes_in_document_order() throws Exception {
        byte[] doc = rss(2_000, false);
        assertThat((long) doc.length).isGreaterThan(ReadAheadReader.MIN_BYTES);
        List<String> guids = new ArrayList<>();
        try (ItemReader r = open(doc)) {
            assertThat(r).isInstanceOf(ReadAheadReader.class);
            while (r.hasNext()) {
                NinjsItem item = r.next();
                guids.add(item.altId("guid"));
                assertThat(item.bodyHtml()).as("sanitized on the second thread, link made absolute")
                        .contains("href=\"https://wire.example/rel/");
            }
            assertThat(r.warnings()).isEmpty();
        }
        assertThat(guids).hasSize(2_000);
        for (int i = 0; i < guids.size(); i++) {
            assertThat(guids.get(i)).isEqualTo("g-" + i);
        }
    }

    @Test
    void a_small_feed_is_read_on_the_callers_thread() throws Exception {
        try (ItemReader r = open(rss(5, false))) {
            assertThat(r).isNotInstanceOf(ReadAheadReader.class);
        }
    }

    @Test
    void a_large_feed_cut_short_gives_its_whole_items_and_says_it_was_read_leniently() throws Exception {
        List<String> guids = new ArrayList<>();
        List<String> warnings;
        try (ItemReader r = open(rss(1_500, true))) {
            while (r.hasNext()) {
                guids.add(r.next().altId("guid"));
            }
            warnings = r.warnings();
        }
        assertThat(guids).startsWith("g-0", "g-1").contains("g-1499").doesNotHaveDuplicates();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("read leniently"));
    }

    @Test
    void a_reader_closed_half_way_stops_reading() {
        // Guards against a hang only (the second thread blocked on a full queue nobody takes from).
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            ItemReader r = open(rss(3_000, false));
            for (int i = 0; i < 10; i++) {
                assertThat(r.next().altId("guid")).isEqualTo("g-" + i);
            }
            r.close();
            assertThat(r.hasNext()).as("nothing more once closed").isFalse();
        });
    }
}
