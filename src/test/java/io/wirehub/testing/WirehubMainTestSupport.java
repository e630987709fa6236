package io.wirehub.testing;

import org.apache.camel.test.main.junit5.CamelMainTestSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The kit for tests written the camel-test-main-junit5 way: a {@link CamelMainTestSupport} whose
 * Camel context is wirehub (its route files and stage configurations) on the test's
 * temporary folder with the same test settings as {@link WirehubExtension}. Camel's usual members
 * are there ({@code context}, {@code template}, {@code getMockEndpoint}, advice with
 * {@code isUseAdviceWith}); override {@link #wirehubProperties()} to add settings (your routes as
 * {@code camel.main.routes-include-pattern}, fewer stages as {@code camel.main.configuration-classes}).
 *
 * <p>camel-test-main-junit5 creates the context without wirehub's launcher: the stages read their
 * settings from Camel's properties (as under {@code mvn camel:run}) and close themselves when the
 * context stops, after each test. Prefer {@link WirehubExtension} for a hub per class, restarts and
 * the launcher's exact start-up; use this when your tests already extend CamelTestSupport.
 */
public abstract class WirehubMainTestSupport extends CamelMainTestSupport {
    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        // CamelTestSupport stops the context after every @AfterEach of ours, and the H2 file must
        // close first: the folders go when the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(WirehubMainTestSupport::delete), "wirehub-test-cleanup"));
    }

    /**
     * The test's folder: {@code config/}, {@code data/} (H2), {@code inbox/}, {@code out/}; a new
     * one per test instance. No initializer on purpose: CamelTestSupport's constructor asks for the
     * properties, before this class's fields are initialized, and sets it then.
     */
    protected Path dir;

    /**
     * Settings laid over the test settings; none by default. Called from the constructor (as
     * CamelTestSupport calls for its properties), so it must not read the subclass's fields.
     */
    protected Properties wirehubProperties() {
        return new Properties();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("wirehub-test");
                CREATED.add(dir);
            }
            Path config = Files.createDirectories(dir.resolve("config"));
            if (!Files.exists(config.resolve("feeds.yaml"))) {
                Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = WirehubExtension.hubDefaults();
        p.putAll(WirehubExtension.testProperties(dir));
        p.setProperty("camel.main.routes-include-pattern", WirehubExtension.HUB_ROUTES + "*.camel.yaml");
        p.putAll(wirehubProperties());
        return p;
    }

    /** The hub's output folder ({@code out/items}, {@code out/ndjson}). */
    protected Path out() {
        return dir.resolve("out");
    }

    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // best effort at exit
        }
    }

    /** The inbox, created on demand. */
    protected Path inbox() throws IOException {
        return Files.createDirectories(dir.resolve("inbox"));
    }
}
