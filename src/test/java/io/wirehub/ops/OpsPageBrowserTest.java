package io.wirehub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirehub.testing.FeedServer;
import io.wirehub.testing.WebhookReceiver;
import io.wirehub.testing.WirehubExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operations page in headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them) against a running hub with the bundled samples, a polled feed and a webhook subscriber whose
 * deliveries are dead-lettered: the page logs in with the token, lists the sample items, shows their
 * places as markers, escapes item text, and its redeliver button puts a dead delivery back in the
 * outbox. Screenshots go to target/ops-page.png and target/ops-page-phone.png on every run.
 */
class OpsPageBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final ObjectMapper JSON = new ObjectMapper();
    static WirehubExtension hub;
    static FeedServer feeds;
    static WebhookReceiver rx;
    static volatile boolean receiverUp;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
                "SKIPPED: headless Chromium not installed (" + CHROMIUM + ", " + DRIVER + "): apt-get install chromium chromium-driver"
                        + " (.ci/run does) to run the operations page browser test");
        feeds = new FeedServer();
        feeds.serve("/wire.rss", "application/rss+xml", """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://example.org/</link><description>d</description>
                <item><title>&amp;lt;img src=x onerror="window.__xss=1"&amp;gt; Markup in a headline stays text</title>
                <guid>https://example.org/xss</guid><description>Floods in Hanoi closed schools for a week, officials said.</description></item>
                </channel></rss>""");
        rx = new WebhookReceiver();
        rx.on("/hook", n -> receiverUp ? 200 : 500);
        hub = WirehubExtension.builder()
                .property("wirehub.samples.enabled", "true")
                .property("wirehub.samples.dir", Path.of("samples/inbox").toAbsolutePath().toString())
                .property("wirehub.delivery.retry-schedule", "50ms")
                .feeds("feeds:\n  - id: wire\n    url: " + feeds.url("/wire.rss") + "\n    interval: 1h\n")
                .subscribers("subscribers:\n  - id: newsroom\n    channels:\n      - type: webhook\n        url: "
                        + rx.url("/hook") + "\n        secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n")
                .start();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (feeds != null) {
            feeds.close();
        }
        if (rx != null) {
            rx.close();
        }
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = hub.get(path, hub.apiAuth());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static ChromeDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        // root in CI and containers: no sandbox; small /dev/shm in containers
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        return new ChromeDriver(service, o);
    }

    @Test
    void the_page_logs_in_lists_items_with_markers_and_redelivers_a_dead_delivery() throws Exception {
        // the samples are in and their webhook deliveries dead-lettered before the page opens
        await().atMost(Duration.ofSeconds(60)).until(() -> api("/api/items?limit=100").size() >= 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("/api/deliveries?status=dead").size() >= 7);

        ChromeDriver browser = chromium();
        try {
            JavascriptExecutor js = browser;
            String base = hub.url("");
            browser.get(base + "/");
            WebElement token = browser.findElement(By.id("token"));
            assertThat(token.isDisplayed()).isTrue();
            token.sendKeys(hub.apiToken());
            browser.findElement(By.cssSelector("#login-form button")).click();

            // items of the bundled samples, with their places on the map
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("#item-list li.item")).size() >= 7);
            List<String> headlines = browser.findElements(By.cssSelector("#item-list .headline")).stream().map(WebElement::getText).toList();
            assertThat(headlines).contains("Border crossing reopens after three days", "Mưa lớn tại các tỉnh miền Trung");
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("path.wh-marker")).size() >= 3);
            assertThat(browser.findElements(By.cssSelector("#map path.leaflet-interactive, #map svg path")).size()).isGreaterThan(3);
            // markup in an item is shown as text, never run
            assertThat(headlines).anyMatch(h -> h.startsWith("<img src=x onerror="));
            assertThat(js.executeScript("return window.__xss === undefined")).isEqualTo(true);
            assertThat(browser.findElements(By.cssSelector("#item-list img"))).isEmpty();
            // the token stays in this tab's session storage, nowhere else
            assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
            assertThat(js.executeScript("return sessionStorage.getItem('wirehub.token')")).isEqualTo(hub.apiToken());
            assertThat(browser.getCurrentUrl()).doesNotContain(hub.apiToken());

            // the polled feed and its health
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("#feed-table tr[data-feed=wire] .badge"))
                    .stream().anyMatch(b -> b.getText().equals("ok")));

            // a click on a marker narrows the list to the items there
            js.executeScript("document.querySelector('path.wh-marker').dispatchEvent(new MouseEvent('click', {bubbles: true}))");
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("item-filter")).getText().contains("at the chosen place"));
            assertThat(browser.findElements(By.cssSelector("#item-list li.item")).size()).isLessThan(headlines.size());
            browser.findElement(By.id("clear-filter")).click();

            screenshot(browser, "ops-page.png");

            // the dead letter list, and a redelivery back to the outbox
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#delivery-table button.redeliver")).isEmpty());
            WebElement row = browser.findElement(By.cssSelector("#delivery-table tr[data-delivery]"));
            String id = row.getAttribute("data-delivery");
            rx.slow("/hook", 1500);
            receiverUp = true;
            row.findElement(By.cssSelector("button.redeliver")).click();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(statusOf(id)).isEqualTo("pending"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(statusOf(id)).isEqualTo("delivered"));
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#delivery-table tr[data-delivery='" + id + "']")).isEmpty());

            // usable on a phone: nothing wider than the screen but the tables' own scrolling
            browser.manage().window().setSize(new Dimension(390, 844));
            await().atMost(Duration.ofSeconds(5)).until(() -> ((Number) js.executeScript(
                    "return document.documentElement.scrollWidth")).intValue() <= 400);
            screenshot(browser, "ops-page-phone.png");
        } finally {
            browser.quit();
        }
    }

    static String statusOf(String deliveryId) throws Exception {
        for (String s : new String[]{"pending", "delivered", "dead"}) {
            for (JsonNode d : api("/api/deliveries?status=" + s + "&limit=1000")) {
                if (deliveryId.equals(d.path("id").asText())) {
                    return s;
                }
            }
        }
        return null;
    }

    static void screenshot(ChromeDriver browser, String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
