package io.wirehub;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void camelVariablesOverrideTheCamelKeysOfTheSettings() {
        Properties p = new Properties();
        p.setProperty("camel.server.port", "8080");
        HubConfig.applyEnvironment(p, Map.of("CAMEL_SERVER_PORT", "8082", "CAMEL_HOME", "/opt/camel"));
        assertThat(p.getProperty("camel.server.port")).as("a second node on the same host").isEqualTo("8082");
        assertThat(p.stringPropertyNames()).as("a CAMEL_ variable that names no setting").containsExactly("camel.server.port");
    }

    @Test
    void durationsInShortAndIsoForms() {
        assertThat(HubConfig.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HubConfig.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HubConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(HubConfig.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void durationsAsUsersWriteThem() {
        for (String v : new String[]{"10m", "10min", "10 min", "10 minutes", "10 Minutes", "PT10M", "600", "600s", "600 seconds"}) {
            assertThat(HubConfig.parseDuration(v)).as(v).isEqualTo(Duration.ofMinutes(10));
        }
        assertThat(HubConfig.parseDuration("2 days")).isEqualTo(Duration.ofDays(2));
        assertThat(HubConfig.parseDuration("2 hours")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> HubConfig.parseDuration("10 monthz"))
                .hasMessageContaining("\"10 monthz\" is not a duration").hasMessageContaining("10 minutes").hasMessageContaining("PT10M");
    }

    @Test
    void aWrongSettingNamesTheFileAndTheKey() {
        Properties p = new Properties();
        p.setProperty("wirehub.dedupe.window", "2 dayz");
        HubConfig cfg = HubConfig.of(java.nio.file.Path.of("conf"), p);
        assertThatThrownBy(() -> cfg.getDuration("wirehub.dedupe.window", Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("conf/application.properties: wirehub.dedupe.window: \"2 dayz\" is not a duration");
    }
}
