package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.demo.DemoLoader;
import io.percept.platform.JsonValues;
import io.percept.prediction.Predictions;
import io.percept.testing.TestServers;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the console's browser tests share: an application on a demo world (its size set by the
 * subclass, {@link SmallWorldBrowserSupport} for most: subclasses of one world get the same Spring
 * context, so it is loaded once per test run) with the demo users, headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * started per class, signing in through the login form, the JSON API with the admin token, and
 * full-page screenshots in {@code target/screenshots/}. A subclass is skipped when no Chromium is
 * installed.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleBrowserSupport {


    protected static final String TOKEN = "console-browser-token";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestServers.register(registry, TOKEN, "");
        registry.add("percept.demo.load", () -> "true");
        registry.add("percept.demo.live-rate", () -> "0");
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected DemoLoader demo;

    @Autowired
    protected Predictions predictions;

    protected final HttpClient http = HttpClient.newHttpClient();
    protected ChromeDriver browser;

    private static String firstExisting(List<String> paths) {
        return paths.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
    }

    @BeforeAll
    void startTheBrowserOnTheDemoWorld() throws Exception {
        String chromium = firstExisting(CHROMIUM);
        String driver = firstExisting(DRIVERS);
        Assumptions.assumeTrue(chromium != null && driver != null,
                "no Chromium installed (apt-get install -y chromium chromium-driver): the console's browser test is skipped");
        await().atMost(loading()).until(() -> "loaded".equals(demo.progress().phase()));
        await().atMost(loading()).pollInterval(Duration.ofSeconds(1)).until(this::settled);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--lang=en-US", "--window-size=1366,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
        logIn("exec", "exec-percept-demo");
    }

    /** How long loading the demo world, and then the processors catching up, may each take. */
    protected Duration loading() {
        return Duration.ofSeconds(120);
    }

    /** Signs in through the login page, as a person would. */
    protected void logIn(String username, String password) throws IOException {
        browser.get("http://localhost:" + port + "/console");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        screenshot("login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // signed in: the role's start page (the overview, or the customer search for the front line) with the top bar's sign-out
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
    }

    @AfterAll
    void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String previous;

    /** The processors have caught up: orders and texts are there and two reads a second apart agree. */
    private boolean settled() throws Exception {
        String now = api("/api/console/overview?days=30&lang=en");
        Map<String, Object> overview = JsonValues.parseObject(now);
        boolean stable = now.equals(previous) && ((Number) overview.get("texts")).longValue() > 0 && value(overview, "orders") > 0;
        previous = now;
        return stable;
    }

    protected String api(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @SuppressWarnings("unchecked")
    protected static double value(Map<String, Object> overview, String key) {
        return ((List<Map<String, Object>>) overview.get("kpis")).stream().filter(k -> key.equals(k.get("key"))).map(k -> ((Number) k.get("value")).doubleValue())
                .findFirst().orElseThrow();
    }

    protected WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    /** A full-page screenshot, taken from the top (a sticky top bar would otherwise sit where the page was scrolled to). */
    protected void screenshot(String name) throws IOException {
        browser.executeScript("window.scrollTo({top: 0, behavior: 'instant'})");
        Object height = browser.executeScript("return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
        Object width = browser.executeScript("return window.innerWidth");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("captureBeyondViewport", true, "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Opens a console page and waits until {@code css} is on it. */
    protected void page(String path, String css) {
        browser.get("http://localhost:" + port + path);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** Whether the page is wider than the window (on a phone: sideways scrolling). */
    protected boolean widerThanTheWindow() {
        return Boolean.TRUE.equals(browser.executeScript("return document.documentElement.scrollWidth > window.innerWidth"));
    }

    /** Signs out (clearing the cookies) and in again as {@code username} with the demo password. */
    protected void logInAs(String username) throws IOException {
        browser.manage().deleteAllCookies();
        logIn(username, username + "-percept-demo");
    }

    /** A prediction run on the demo world (scores, clusters, forecasts, anomalies), once per test run: the pages that show predictions need one. */
    protected void predicted() {
        synchronized (ConsoleBrowserSupport.class) {
            if (predictions.latestSucceeded().isEmpty()) {
                predictions.runNow();
            }
        }
    }
}
