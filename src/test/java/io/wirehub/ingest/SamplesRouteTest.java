package io.wirehub.ingest;

import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command must show output with no outside service: the hub on its defaults reads
 * the bundled samples/inbox in place and writes ninjs files under out/, and leaves the samples where
 * they are.
 */
class SamplesRouteTest {
    @RegisterExtension
    WirehubExtension hub = WirehubExtension.builder()
            .property("wirehub.samples.enabled", "true")
            .property("wirehub.samples.dir", "samples/inbox")
            .build();

    @Test
    void bundledSamplesComeOutAsNinjsFiles() throws Exception {
        long samples;
        try (Stream<Path> s = Files.list(Path.of("samples/inbox"))) {
            samples = s.count();
        }
        assertThat(samples).as("bundled samples").isGreaterThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> OutDir.items(hub.out()).size() >= samples);
        OutDir.items(hub.out()).forEach(Ninjs::assertValid);
        assertThat(OutDir.headlines(hub.out())).contains("Hanoï accueille un forum régional sur l'économie numérique",
                "Border crossing reopens after three days", "Mưa lớn tại các tỉnh miền Trung");
        try (Stream<Path> s = Files.list(Path.of("samples/inbox"))) {
            assertThat(s.count()).as("samples are read in place, never moved").isEqualTo(samples);
        }
    }
}
