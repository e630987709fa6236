package io.wirehub.ingest;

import io.wirehub.Hub;
import io.wirehub.testing.Ninjs;
import io.wirehub.testing.OutDir;
import io.wirehub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    @TempDir
    Path tmp;

    @Test
    void bundledSamplesComeOutAsNinjsFiles() throws Exception {
        long samples;
        try (Stream<Path> s = Files.list(Path.of("samples/inbox"))) {
            samples = s.count();
        }
        assertThat(samples).as("bundled samples").isGreaterThanOrEqualTo(5);
        TestHub th = new TestHub(tmp);
        th.props.setProperty("wirehub.samples.enabled", "true");
        th.props.setProperty("wirehub.samples.dir", "samples/inbox");
        try (Hub hub = th.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> OutDir.items(th.out).size() >= samples);
        }
        OutDir.items(th.out).forEach(Ninjs::assertValid);
        assertThat(OutDir.headlines(th.out)).contains("Hanoï accueille un forum régional sur l'économie numérique",
                "Border crossing reopens after three days", "Mưa lớn tại các tỉnh miền Trung");
        try (Stream<Path> s = Files.list(Path.of("samples/inbox"))) {
            assertThat(s.count()).as("samples are read in place, never moved").isEqualTo(samples);
        }
    }
}
