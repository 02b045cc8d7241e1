package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.demo.DemoLoader;
import io.percept.platform.JsonValues;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
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
 * The executive overview in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) on
 * a small demo world: the KPI cards show the JSON API's figures, the language switch works, a topic
 * opens the customers' own words; screenshots (desktop 1366x900, phone 390x844) go to
 * {@code target/screenshots/}. Skipped when no Chromium is installed.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final String TOKEN = "console-browser-token";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestServers.register(registry, TOKEN, "");
        registry.add("percept.demo.customers", () -> "300");
        registry.add("percept.demo.days", () -> "120");
        registry.add("percept.demo.seed", () -> "11");
        registry.add("percept.demo.load", () -> "true");
        registry.add("percept.demo.live-rate", () -> "0");
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    @Autowired
    DemoLoader demo;

    private final HttpClient http = HttpClient.newHttpClient();
    private ChromeDriver browser;

    private static String firstExisting(List<String> paths) {
        return paths.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
    }

    @BeforeAll
    void startTheBrowserOnTheDemoWorld() throws Exception {
        String chromium = firstExisting(CHROMIUM);
        String driver = firstExisting(DRIVERS);
        Assumptions.assumeTrue(chromium != null && driver != null,
                "no Chromium installed (apt-get install -y chromium chromium-driver): the console's browser test is skipped");
        await().atMost(Duration.ofSeconds(120)).until(() -> "loaded".equals(demo.progress().phase()));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(this::settled);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--lang=en-US", "--window-size=1366,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
        logIn("exec", "exec-percept-demo");
    }

    /** Signs in through the login page, as a person would. */
    private void logIn(String username, String password) throws IOException {
        browser.get("http://localhost:" + port + "/console");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        screenshot("login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".kpis")));
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

    private String api(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @SuppressWarnings("unchecked")
    private static double value(Map<String, Object> overview, String key) {
        return ((List<Map<String, Object>>) overview.get("kpis")).stream().filter(k -> key.equals(k.get("key"))).map(k -> ((Number) k.get("value")).doubleValue())
                .findFirst().orElseThrow();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private double kpiOnPage(String key) {
        String text = browser.findElement(By.cssSelector("[data-kpi='" + key + "'] .kpi-value")).getText();
        return Double.parseDouble(text.replace(",", "").replace("%", ""));
    }

    /** A full-page screenshot, taken from the top (a sticky top bar would otherwise sit where the page was scrolled to). */
    private void screenshot(String name) throws IOException {
        browser.executeScript("window.scrollTo({top: 0, behavior: 'instant'})");
        Object height = browser.executeScript("return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
        Object width = browser.executeScript("return window.innerWidth");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("captureBeyondViewport", true, "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".kpis")));
    }

    @Test
    void theOverviewShowsTheApisFiguresSwitchesLanguageAndOpensVerbatims() throws Exception {
        browser.manage().window().setSize(new Dimension(1366, 900));
        open("/console?lang=en");
        Map<String, Object> overview = JsonValues.parseObject(api("/api/console/overview?days=30&lang=en"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Executive overview");
        assertThat(kpiOnPage("orders")).isEqualTo(value(overview, "orders"));
        assertThat(kpiOnPage("activeCustomers")).isEqualTo(value(overview, "activeCustomers"));
        assertThat(kpiOnPage("revenue")).isEqualTo((double) Math.round(value(overview, "revenue")));
        assertThat(kpiOnPage("complaintRate")).isEqualTo(Math.round(value(overview, "complaintRate") * 10) / 10.0);
        assertThat(browser.findElements(By.cssSelector("#topic-chart svg"))).as("the ECharts chart is drawn").isNotEmpty();
        screenshot("desktop-overview-en");

        browser.findElement(By.id("lang-zh")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "经营总览"));
        assertThat(browser.findElement(By.cssSelector("[data-nav='overview']")).getText()).isEqualTo("总览");
        screenshot("desktop-overview-zh");

        WebElement topic = browser.findElement(By.cssSelector("table.topics tbody tr .topic-link"));
        String name = topic.getText();
        topic.click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verbatims .topic-name")));
        assertThat(browser.findElement(By.cssSelector("#verbatims .topic-name")).getText()).isEqualTo(name);
        assertThat(browser.getCurrentUrl()).as("htmx swapped the verbatims in, the page stayed").contains("/console");
        List<WebElement> quotes = browser.findElements(By.cssSelector("#verbatims .quote"));
        assertThat(quotes).isNotEmpty();
        assertThat(quotes.get(0).findElements(By.cssSelector(".meta .profile-link"))).isNotEmpty();
        screenshot("desktop-verbatims-zh");

        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("the language choice is remembered").isEqualTo("经营总览");
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).as("nothing wider than a phone").isEqualTo(false);
        screenshot("phone-overview-zh");
        browser.findElement(By.cssSelector("table.topics tbody tr .topic-link")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verbatims .quote")));
        screenshot("phone-verbatims-zh");

        // the session ends while the page is open: the next htmx request shows the login page whole
        browser.manage().deleteCookieNamed("PERCEPT_SESSION");
        browser.findElement(By.cssSelector("table.topics tbody tr .topic-link")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.findElements(By.cssSelector(".kpis"))).as("not the login form inside the verbatims panel").isEmpty();
        logIn("exec", "exec-percept-demo");

        browser.findElement(By.id("sign-out")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.get("http://localhost:" + port + "/console");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).as("signed out: the console asks for a login again").contains("/login");
    }

    /** The rules page as the demo's analyst on a rule saved through the API: its panel by htmx, a dry run with the API's count, the phone layout. */
    @Test
    void theRulesPageOpensARuleAndDryRunsIt() throws Exception {
        HttpRequest save = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString("""
                        id: repeat-order
                        name: 复购提醒 / Repeat order
                        when: {event: {name: Order Completed}}
                        throttle: {max: 1, per: 7d}
                        actions:
                          - alert: {severity: low, title: Repeat order}
                        """, StandardCharsets.UTF_8)).build();
        assertThat(http.send(save, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        browser.manage().window().setSize(new Dimension(1366, 900));
        browser.manage().deleteAllCookies();
        logIn("analyst", "analyst-percept-demo");
        browser.get("http://localhost:" + port + "/console/rules?lang=en");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.rules .rule-link")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Rules and alerts");
        WebElement rule = browser.findElement(By.cssSelector("table.rules .rule-link"));
        String id = rule.findElement(By.xpath("ancestor::tr")).getAttribute("data-rule");
        rule.click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rule-detail pre.document")));
        assertThat(browser.findElement(By.cssSelector("#rule-detail pre.document")).getText()).contains("id: " + id);
        browser.findElement(By.cssSelector("#rule-detail form.dry-run button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dry-run-result .dry-run-result")));
        HttpRequest dryRun = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/" + id + "/dry-run?days=7"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
        Map<String, Object> expected = JsonValues.parseObject(http.send(dryRun, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
        WebElement answer = browser.findElement(By.cssSelector("#dry-run-result .dry-run-result"));
        assertThat(answer.getAttribute("data-would-fire")).isEqualTo(String.valueOf(expected.get("wouldFire")));
        assertThat(answer.getAttribute("data-customers")).isEqualTo(String.valueOf(expected.get("profiles")));
        assertThat(browser.getCurrentUrl()).as("htmx swapped the panel and the answer in").contains("/console/rules");
        screenshot("desktop-rules-en");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("http://localhost:" + port + "/console/rules?lang=zh-CN&rule=" + id);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rule-detail pre.document")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("规则与告警");
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).as("nothing wider than a phone").isEqualTo(false);
        screenshot("phone-rules-zh");
    }
}
