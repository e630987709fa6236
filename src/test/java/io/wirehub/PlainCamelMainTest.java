package io.wirehub;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.testing.OutDir;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * wirehub's routes and stage configurations under plain camel-main, without the launcher: a
 * subset of route files (the inbox and the item pipeline, no HTTP server, no feeds) with the
 * configurations of the stages it uses turns a file dropped in the inbox into ninjs files.
 */
class PlainCamelMainTest {
    @TempDir
    Path dir;
    Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void an_inbox_and_pipeline_subset_runs_with_its_stage_configurations_only() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            p.load(in);
        }
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n");
        p.setProperty("wirehub.config.dir", config.toString());
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        p.setProperty("wirehub.out.dir", dir.resolve("out").toString());
        p.setProperty("wirehub.inbox.min-age", "100");
        p.setProperty("wirehub.inbox.poll-delay", "200");
        p.setProperty("camel.server.enabled", "false");
        // Only the routes this subset needs, and only the configurations of their stages (no API).
        p.setProperty("camel.main.routes-include-pattern", "file:routes/stage-errors.camel.yaml,file:routes/inbox.camel.yaml,"
                + "file:routes/normalize.camel.yaml,file:routes/item-pipeline.camel.yaml,file:routes/dedupe.camel.yaml,"
                + "file:routes/enrich.camel.yaml,file:routes/publish.camel.yaml");
        p.setProperty("camel.main.configuration-classes", "io.wirehub.gazetteer.EnrichConfiguration,io.wirehub.store.StoreConfiguration,"
                + "io.wirehub.normalize.NormalizeConfiguration,io.wirehub.dedupe.DedupeConfiguration,"
                + "io.wirehub.ingest.IngestConfiguration,io.wirehub.publish.PublishConfiguration");
        main = new Main();
        main.setInitialProperties(p);
        main.start();
        Files.createDirectories(dir.resolve("inbox"));
        Files.copy(Path.of("samples/inbox/sample-rss-vna-fr.xml"), dir.resolve("inbox/sample-rss-vna-fr.xml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !OutDir.items(dir.resolve("out")).isEmpty());
        JsonNode item = OutDir.items(dir.resolve("out")).get(0);
        assertThat(item.path("headlines").path(0).path("value").asText()).isNotBlank();
        assertThat(main.getCamelContext().getRoute("api-subscribers")).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("inbox/done/sample-rss-vna-fr.xml")));
    }
}
