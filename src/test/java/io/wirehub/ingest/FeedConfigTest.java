package io.wirehub.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config/feeds.yaml: read with defaults; a bad file is refused whole, naming the file and the reason. */
class FeedConfigTest {
    @TempDir
    Path dir;

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("feeds.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void feedsAreReadWithDefaults() throws Exception {
        List<FeedConfig> feeds = FeedConfig.load(write("feeds:\n  - id: vna-fr\n    url: https://x.example/rss\n    agency: VNA\n"
                + "    overrides: { readTimeout: 5s }\n"));
        assertThat(feeds).singleElement().satisfies(f -> {
            assertThat(f.format).isEqualTo("auto");
            assertThat(f.enabled).isTrue();
            assertThat(f.intervalDuration()).hasMinutes(10);
            assertThat(f.overrides).containsEntry("readTimeout", "5s");
        });
        assertThat(FeedConfig.load(dir.resolve("absent.yaml"))).isEmpty();
    }

    @Test
    void badFilesAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> FeedConfig.load(write("feeds:\n  - id: a\n    url: https://x.example/a\n  - id: a\n    url: https://x.example/b\n")))
                .hasMessageContaining("feeds.yaml").hasMessageContaining("'a' declared twice");
        assertThatThrownBy(() -> FeedConfig.load(write("feeds:\n  - id: a\n    url: ftp://x.example/a\n")))
                .hasMessageContaining("url must be http(s)");
        assertThatThrownBy(() -> FeedConfig.load(write("feeds:\n  - id: a\n    url: https://x.example/a\n    intervall: 5m\n")))
                .hasMessageContaining("feeds.yaml").hasMessageContaining("intervall");
        assertThatThrownBy(() -> FeedConfig.load(write("feeds:\n  - id: 'bad id'\n    url: https://x.example/a\n")))
                .hasMessageContaining("must be 1-100 letters");
        assertThatThrownBy(() -> FeedConfig.load(write("subscribers: []\n"))).hasMessageContaining("only a 'feeds:' list");
    }
}
