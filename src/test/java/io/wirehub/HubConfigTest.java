package io.wirehub;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings: environment overrides reach hyphenated keys; durations in both notations. */
class HubConfigTest {
    @Test
    void environmentOverridesHyphenatedAndDottedKeys() {
        Properties p = new Properties();
        p.setProperty("wirehub.fetch.allowed-hosts", "");
        p.setProperty("wirehub.inbox.dir", "inbox");
        HubConfig.applyEnvironment(p, Map.of("WIREHUB_FETCH_ALLOWED_HOSTS", "10.0.0.5", "WIREHUB_INBOX_DIR", "/srv/ftp",
                "WIREHUB_NEW_SETTING", "x", "PATH", "/bin"));
        assertThat(p.getProperty("wirehub.fetch.allowed-hosts")).isEqualTo("10.0.0.5");
        assertThat(p.getProperty("wirehub.inbox.dir")).isEqualTo("/srv/ftp");
        assertThat(p.getProperty("wirehub.new.setting")).isEqualTo("x");
        assertThat(p.stringPropertyNames()).doesNotContain("path");
    }

    @Test
    void durationsInShortAndIsoForms() {
        assertThat(HubConfig.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HubConfig.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HubConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(HubConfig.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
