package io.wirehub.testing;

import io.wirehub.Hub;
import io.wirehub.HubConfig;
import io.wirehub.normalize.NinjsItem;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A JUnit 5 extension that runs a real wirehub hub for a test: the hub's routes (all, or the route
 * files you name) and stage configurations, your own route files, on a temporary folder (its
 * {@code config/}, {@code data/} with the embedded H2 database, {@code inbox/}, {@code out/}),
 * the embedded HTTP server on a free loopback port, loopback feeds and webhooks allowed. Register
 * it on a static field to run one hub for the whole class, on an instance field for one hub per
 * test; it is stopped and its folder deleted afterwards.
 * <pre>{@code
 * @RegisterExtension static FeedServer feeds = FeedServer.start();
 * @RegisterExtension static WebhookReceiver hooks = WebhookReceiver.start();
 * @RegisterExtension static WirehubExtension hub = WirehubExtension.builder()
 *         .feeds("feeds:\n  - id: wire\n    url: " + feeds.url("/wire.rss") + "\n")
 *         .subscribers(...)
 *         .build();
 * }</pre>
 * Order the servers before the hub with {@code @Order} on each field (JUnit orders
 * {@code @RegisterExtension} fields by it, not by declaration): they start first and stop last, so
 * the hub is up after, and down before, what it talks to; a GreenMail port read by
 * {@link Builder#smtp} exists only once GreenMail started.
 *
 * <p><b>Why {@link Hub} and not {@code @CamelMainTest}.</b> The hub is started by the same launcher
 * as {@code java -jar wirehub.jar run} ({@link Hub}, a thin layer over camel-main's {@code Main}):
 * the settings a test needs are only known at run time (a fresh folder, free ports, the URLs of
 * loopback servers), which camel-test-main-junit5's annotations cannot hold, and the launcher is
 * what closes the stages in order (outbox worker, then routes, then the H2 file) so one test's
 * database never leaks into the next. What camel-test-junit5 offers on a running context is here
 * too: {@link #notifyBuilder()}, {@link #mock(String)} and {@link #adviceWith} (Camel's
 * NotifyBuilder, MockEndpoint and AdviceWith on the hub's {@link CamelContext}).
 *
 * <p><b>Settings</b>, later ones winning: the hub's defaults (its {@code application.properties},
 * carried in the wirehub jar as {@code wirehub/application.properties}), the
 * {@code application.properties} of a folder given to {@link Builder#config(Path)}, the test
 * defaults of {@link #testProperties(Path)}, then {@link Builder#property}.
 */
public final class WirehubExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {
    /** The admin API token of a test hub, unless {@link Builder#property} sets {@code wirehub.api.token}. */
    public static final String API_TOKEN = "test-admin-token";
    /** Where the hub's route files are on the classpath (inside the wirehub jar). */
    public static final String HUB_ROUTES = "classpath:routes/";
    /** The hub's default settings on the classpath (inside the wirehub jar). */
    public static final String HUB_DEFAULTS = "wirehub/application.properties";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Builder spec;
    private boolean perClass;
    private Path dir;
    private boolean ownDir;
    private Hub hub;
    private Properties props;

    private WirehubExtension(Builder spec) {
        this.spec = spec;
    }

    /** A builder of the extension; {@code build()} gives it. */
    public static Builder builder() {
        return new Builder();
    }

    /** What the hub runs with; each method returns the builder. */
    public static final class Builder {
        private Path configFrom;
        private Path dir;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final Map<String, String> replacements = new LinkedHashMap<>();
        private final Map<String, Supplier<String>> properties = new LinkedHashMap<>();
        private List<String> hubRoutes;
        private final List<String> userRoutes = new ArrayList<>();
        private List<String> configurationClasses;

        private Builder() {
        }

        /**
         * Copies a configuration folder (your {@code config/}: {@code feeds.yaml},
         * {@code subscribers.yaml}, {@code push.yaml}, {@code application.properties}) into the
         * test's folder; files given inline ({@link #feeds} ...) replace the copied ones.
         */
        public Builder config(Path folder) {
            this.configFrom = folder;
            return this;
        }

        /**
         * Replaces {@code text} by {@code replacement} in the copied configuration files, e.g. a
         * real feed's or receiver's origin by a loopback server's, or {@code ${env:SECRET}} by a
         * test secret: your real files stay as they are and the test points them at its servers.
         */
        public Builder replaceInConfig(String text, String replacement) {
            replacements.put(text, replacement);
            return this;
        }

        /** The hub's {@code feeds.yaml} (default {@code feeds: []}: no feed is polled). */
        public Builder feeds(String yaml) {
            files.put("feeds.yaml", yaml);
            return this;
        }

        /** The hub's {@code subscribers.yaml} (default: none, only the hub's own out/ folder). */
        public Builder subscribers(String yaml) {
            files.put("subscribers.yaml", yaml);
            return this;
        }

        /** The hub's {@code push.yaml} (push ingest feeds; default none). */
        public Builder push(String yaml) {
            files.put("push.yaml", yaml);
            return this;
        }

        /** A setting (a wirehub.* or camel.* key, or one your routes read as {@code {{key}}}). */
        public Builder property(String key, String value) {
            properties.put(key, () -> value);
            return this;
        }

        /** A setting computed when the hub starts (e.g. a port known only once a server runs). */
        public Builder property(String key, Supplier<String> value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Mail goes to an SMTP server on loopback at this port, read when the hub starts: with
         * GreenMail, {@code .smtp(() -> greenMail.getSmtp().getPort())}.
         */
        public Builder smtp(IntSupplier port) {
            return property("wirehub.mail.uri", () -> "smtp://127.0.0.1:" + port.getAsInt() + "?connectionTimeout=2000");
        }

        /**
         * Runs only these of the hub's route files, by name without {@code .camel.yaml}
         * ({@code "inbox", "normalize", "item-pipeline"}...); none when called with no name.
         * Default: all of them. Pair it with {@link #configurationClasses} for the stages they use.
         */
        public Builder hubRoutes(String... names) {
            this.hubRoutes = List.of(names);
            return this;
        }

        /**
         * Also loads your route files, as camel-main patterns ({@code "file:routes/*.camel.yaml"},
         * {@code "classpath:camel/*.yaml"}), relative to the test's working folder.
         */
        public Builder userRoutes(String... patterns) {
            userRoutes.addAll(List.of(patterns));
            return this;
        }

        /**
         * Only these stage configurations (default: all of {@link Hub#STAGE_CONFIGURATIONS}), in
         * binding order (store before the stages that use the database, api last); none when
         * called with no class (a hub of your own Kamelet routes only).
         */
        public Builder configurationClasses(Class<?>... classes) {
            this.configurationClasses = Arrays.stream(classes).map(Class::getName).toList();
            return this;
        }

        /** The folder the hub runs in (default: a fresh temporary folder, deleted afterwards). */
        public Builder dir(Path folder) {
            this.dir = folder;
            return this;
        }

        public WirehubExtension build() {
            return new WirehubExtension(this);
        }

        /**
         * Builds the extension and starts its hub at once, for a test that runs a hub of its own in
         * try-with-resources, its settings known only inside the test (the URL of a server it just
         * started): {@code try (WirehubExtension hub = WirehubExtension.builder().feeds(yaml).start()) {...}}.
         */
        public WirehubExtension start() throws Exception {
            WirehubExtension ext = build();
            ext.start();
            return ext;
        }
    }

    /**
     * The settings every test hub gets on top of the hub's defaults, its folders under {@code dir}:
     * no bundled samples, a fast inbox and feed tick, loopback allowed for feeds and webhooks,
     * retries in milliseconds, the embedded HTTP server on a free loopback port, an admin token
     * ({@link #API_TOKEN}), an unsubscribe key, and mail to a closed port until {@link Builder#smtp}.
     */
    public static Properties testProperties(Path dir) {
        Properties p = new Properties();
        p.setProperty("camel.main.name", "wirehub-test");
        p.setProperty("camel.main.shutdown-timeout", "5");
        p.setProperty("camel.server.enabled", "true");
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("camel.server.port", Integer.toString(AvailablePortFinder.getNextAvailable()));
        p.setProperty("wirehub.config.dir", dir.resolve("config").toString());
        p.setProperty("wirehub.data.dir", dir.resolve("data").toString());
        p.setProperty("wirehub.inbox.dir", dir.resolve("inbox").toString());
        p.setProperty("wirehub.out.dir", dir.resolve("out").toString());
        p.setProperty("wirehub.push.rejected-dir", dir.resolve("rejected").toString());
        p.setProperty("wirehub.delivery.files-root", dir.resolve("files").toString());
        p.setProperty("wirehub.samples.enabled", "false");
        p.setProperty("wirehub.samples.dir", dir.resolve("samples").toString());
        p.setProperty("wirehub.inbox.min-age", "100");
        p.setProperty("wirehub.inbox.poll-delay", "200");
        p.setProperty("wirehub.fetch.tick", "1s");
        p.setProperty("wirehub.fetch.read-timeout", "5s");
        p.setProperty("wirehub.fetch.allowed-hosts", "127.0.0.1,localhost");
        p.setProperty("wirehub.fetch.max-connections-per-host", "20");
        p.setProperty("wirehub.delivery.retry-schedule", "50ms,100ms,100ms,200ms");
        p.setProperty("wirehub.delivery.poll-interval", "100ms");
        p.setProperty("wirehub.delivery.lease", "30s");
        p.setProperty("wirehub.webhook.read-timeout", "3000");
        p.setProperty("wirehub.mail.uri", "smtp://127.0.0.1:1?connectionTimeout=2000");
        p.setProperty("wirehub.mail.from", "wirehub@hub.example.org");
        p.setProperty("wirehub.public-url", "https://hub.example.org");
        p.setProperty("wirehub.unsubscribe.secret", "test-unsubscribe-secret-0123456789");
        p.setProperty("wirehub.api.token", API_TOKEN);
        return p;
    }

    /** The hub's own defaults: {@code wirehub/application.properties} from the wirehub jar. */
    public static Properties hubDefaults() {
        Properties p = new Properties();
        try (InputStream in = WirehubExtension.class.getClassLoader().getResourceAsStream(HUB_DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(HUB_DEFAULTS + " is not on the classpath: is the wirehub jar a dependency?");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The configuration of a hub with no stage at all ({@code configurationClasses()} with no class): binds nothing. */
    public static final class NoStages implements org.apache.camel.CamelConfiguration {
    }

    // ---- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // only called for a static field: one hub for the class
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /**
     * Writes the test's folder (on the first call) and starts the hub; after {@link #stopHub()} it
     * starts the hub again on the same folder and settings. The extension calls it; a test need not.
     */
    public void start() throws Exception {
        if (hub != null) {
            return;
        }
        boolean fresh = props == null;
        if (fresh) {
            prepare();
        }
        try {
            hub = Hub.start(HubConfig.of(configDir(), props));
        } catch (Exception e) {
            if (fresh) {
                deleteDir();
                props = null;
            }
            throw e;
        }
    }

    /** Creates the folder, writes config/ and computes the settings, once. */
    private void prepare() throws IOException {
        ownDir = spec.dir == null;
        dir = ownDir ? Files.createTempDirectory("wirehub-test") : Files.createDirectories(spec.dir);
        Path config = Files.createDirectories(dir.resolve("config"));
        Properties p = hubDefaults();
        if (spec.configFrom != null) {
            copyConfig(spec.configFrom, config);
            Path ap = config.resolve("application.properties");
            if (Files.isRegularFile(ap)) {
                try (Reader r = Files.newBufferedReader(ap, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
        }
        for (Map.Entry<String, String> f : spec.files.entrySet()) {
            Files.writeString(config.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        if (!Files.exists(config.resolve("feeds.yaml"))) {
            Files.writeString(config.resolve("feeds.yaml"), "feeds: []\n", StandardCharsets.UTF_8);
        }
        p.putAll(testProperties(dir));
        p.setProperty("camel.main.routes-include-pattern", routePattern());
        if (spec.configurationClasses != null) {
            // camel-main refuses an empty list, and the launcher fills in all stages when the key is absent
            p.setProperty("camel.main.configuration-classes", spec.configurationClasses.isEmpty()
                    ? NoStages.class.getName() : String.join(",", spec.configurationClasses));
        }
        for (Map.Entry<String, Supplier<String>> e : spec.properties.entrySet()) {
            p.setProperty(e.getKey(), e.getValue().get());
        }
        props = p;
    }

    /**
     * Writes the test's folder as {@link #start()} would, with every setting the hub would run with
     * in {@code config/application.properties}, and does not start the hub: for a hub started
     * elsewhere on that folder, such as a child JVM a test kills with SIGKILL
     * ({@code ChildHub.start(hub.writeConfig(), log)}, {@link SubmittingChildHub}). The folder is
     * deleted by {@link #close()} as usual. Returns the {@code config/} folder
     * ({@code wirehub run --config} takes it).
     */
    public Path writeConfig() throws IOException {
        if (props == null) {
            prepare();
        }
        try (java.io.Writer w = Files.newBufferedWriter(configDir().resolve("application.properties"), StandardCharsets.UTF_8)) {
            props.store(w, "written by WirehubExtension.writeConfig(): the settings of a test hub");
        }
        return configDir();
    }

    private String routePattern() {
        List<String> patterns = new ArrayList<>();
        if (spec.hubRoutes == null) {
            patterns.add(HUB_ROUTES + "*.camel.yaml");
        } else {
            spec.hubRoutes.forEach(n -> patterns.add(HUB_ROUTES + n + ".camel.yaml"));
        }
        patterns.addAll(spec.userRoutes);
        return String.join(",", patterns);
    }

    private void copyConfig(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("no configuration folder " + from.toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> r : spec.replacements.entrySet()) {
                    text = text.replace(r.getKey(), r.getValue());
                }
                Files.writeString(to.resolve(f.getFileName().toString()), text, StandardCharsets.UTF_8);
            }
        }
    }

    /** Stops the hub and deletes its temporary folder (the extension calls it; a test may, to stop early). */
    public void stop() {
        stopHub();
        deleteDir();
        props = null;
    }

    /**
     * Stops the hub and keeps its folder (database, outbox, feed state, out/) and settings:
     * {@link #start()} starts it again on them, as an operator's restart would. {@link #restart()}
     * does both in one call; this is for a test that looks at something while the hub is down.
     */
    public void stopHub() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    private void deleteDir() {
        if (ownDir && dir != null && Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // best effort: a leftover temporary folder must not fail the test
            }
        }
    }

    /**
     * Same as {@link #stop()}: without {@code @RegisterExtension}, a test may build the extension
     * where its settings are known and run it in try-with-resources after {@link #start()}.
     */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops the hub and starts it again on the same folder and settings (its database, outbox and
     * feed state kept), as an operator's restart would.
     */
    public void restart() throws Exception {
        stopHub();
        start();
    }

    /**
     * Stops the hub and starts it again on the same folder with these settings changed (they stay
     * changed for later restarts), as an operator's restart after editing
     * {@code application.properties}.
     */
    public void restart(Map<String, String> changedSettings) throws Exception {
        stopHub();
        if (props == null) {
            prepare();
        }
        changedSettings.forEach(props::setProperty);
        start();
    }

    // ---- what a test uses

    private Hub running() {
        if (hub == null) {
            throw new IllegalStateException("the hub is not running (register the extension with @RegisterExtension)");
        }
        return hub;
    }

    /** The running hub. */
    public Hub hub() {
        return running();
    }

    /** The hub's Camel context. */
    public CamelContext camelContext() {
        return running().camelContext();
    }

    /** The test's folder. */
    public Path dir() {
        return dir;
    }

    /** The hub's config folder ({@code feeds.yaml}, {@code subscribers.yaml} as written for the test). */
    public Path configDir() {
        return dir.resolve("config");
    }

    /** The inbox folder, created on demand. */
    public Path inbox() {
        try {
            return Files.createDirectories(Path.of(props.getProperty("wirehub.inbox.dir")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's own output folder ({@code out/items}, {@code out/ndjson}; read it with {@link OutDir}). */
    public Path out() {
        return Path.of(props.getProperty("wirehub.out.dir"));
    }

    /** A setting the hub runs with. */
    public String property(String key) {
        return props.getProperty(key);
    }

    /** The settings the hub runs with (a copy). */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    /** The embedded HTTP server's port (push ingest, WebSub, REST API, public pages). */
    public int port() {
        return Integer.parseInt(props.getProperty("camel.server.port"));
    }

    /** {@code http://127.0.0.1:<port><path>} on the embedded HTTP server. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The admin API's bearer token. */
    public String apiToken() {
        return props.getProperty("wirehub.api.token");
    }

    /** The {@code Authorization} header name and value for the admin API, to pass as headers to {@link #get} or {@link #post}. */
    public String[] apiAuth() {
        return new String[] {"Authorization", "Bearer " + apiToken()};
    }

    /** The HTTP client {@link #get} and {@link #post} use, for requests of your own to {@link #url(String)}. */
    public static HttpClient http() {
        return HTTP;
    }

    /**
     * A GET of {@code path} on the hub's embedded HTTP server, from outside as any client would
     * (30 s timeout), with headers given as name, value, name, value...
     */
    public HttpResponse<String> get(String path, String... headerNamesAndValues) throws IOException, InterruptedException {
        return send(request(path, headerNamesAndValues).GET());
    }

    /**
     * A POST of {@code body} to {@code path} on the hub's embedded HTTP server, from outside as any
     * client would (30 s timeout), with headers given as name, value, name, value...
     */
    public HttpResponse<String> post(String path, byte[] body, String... headerNamesAndValues) throws IOException, InterruptedException {
        return send(request(path, headerNamesAndValues).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path, String... headerNamesAndValues) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (headerNamesAndValues.length > 0) {
            b.headers(headerNamesAndValues);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Drops a file into the inbox as an agency would: written under a temporary name and moved into
     * place, so the hub never reads it half-written.
     */
    public Path drop(String fileName, String content) throws IOException {
        Path tmp = inbox().resolve(fileName + ".part");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return Files.move(tmp, inbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops a copy of a file into the inbox (see {@link #drop(String, String)}). */
    public Path drop(Path file) throws IOException {
        Path tmp = inbox().resolve(file.getFileName() + ".part");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, inbox().resolve(file.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sends one item through the item pipeline (dedupe, enrich, publish) as a polled feed would. */
    public void submit(NinjsItem item, String feedId) {
        submit(running(), item, feedId);
    }

    /** Sends one item to {@code direct:item} of a hub, with the feed id a polled feed's items carry. */
    static void submit(Hub hub, NinjsItem item, String feedId) {
        hub.camelContext().createProducerTemplate().send("direct:item", ex -> {
            ex.getMessage().setBody(item);
            if (feedId != null) {
                ex.setProperty("wirehubFeedId", feedId);
            }
        }).getException();
    }

    /** Camel's NotifyBuilder on the hub's context: build it with {@code .fromRoute(...).whenCompleted(n).create()}. */
    public NotifyBuilder notifyBuilder() {
        return new NotifyBuilder(camelContext());
    }

    /** The mock endpoint {@code mock:<name>} of the hub's context (created on first use). */
    public MockEndpoint mock(String name) {
        return camelContext().getEndpoint("mock:" + name, MockEndpoint.class);
    }

    /**
     * Camel's AdviceWith on one of the running hub's routes: the route is rebuilt with the advice
     * and restarted (e.g. {@code a -> a.weaveAddLast().to("mock:urgent")}).
     */
    public void adviceWith(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) throws Exception {
        AdviceWith.adviceWith(camelContext(), routeId, advice);
    }
}
