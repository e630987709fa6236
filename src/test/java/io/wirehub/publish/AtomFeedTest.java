package io.wirehub.publish;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.testing.SeedItem;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AtomFeedTest {
    @Test
    void hostile_text_stays_escaped_and_well_formed() throws Exception {
        NinjsItem it = SeedItem.simple("not an absolute uri", "A <b>bold</b> & \u0001control\u0007 title ]]>", "body");
        it.bodies.add(new NinjsItem.Text("main", "text/html", "<p>ok</p><script>alert(1)</script>"));
        String xml = AtomFeed.render("https://hub.example.org/feeds/x.atom", "Feed & co",
                List.of(PublishStage.envelope("item.new", "evt_1", it)));
        SyndFeed f = new SyndFeedInput().build(new StringReader(xml));
        assertThat(f.getFeedType()).isEqualTo("atom_1.0");
        assertThat(f.getEntries().get(0).getTitle()).isEqualTo("A <b>bold</b> & control title ]]>");
        assertThat(f.getEntries().get(0).getUri()).startsWith("tag:wirehub,2026:");
        assertThat(f.getEntries().get(0).getContents().get(0).getValue()).contains("<p>ok</p>").doesNotContain("script");
    }
}
