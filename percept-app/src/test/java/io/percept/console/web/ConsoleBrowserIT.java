package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;


import io.percept.platform.JsonValues;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The executive overview and the rules page in headless Chromium: the KPI cards show the JSON API's
 * figures, the language switch works, a topic opens the customers' own words, a rule's dry run
 * answers what the API does; desktop (1366x900) and phone (390x844) screenshots.
 */
class ConsoleBrowserIT extends SmallWorldBrowserSupport {

    private double kpiOnPage(String key) {
        String text = browser.findElement(By.cssSelector("[data-kpi='" + key + "'] .kpi-value")).getText();
        return Double.parseDouble(text.replace(",", "").replace("%", ""));
    }

    private void open(String path) {
        page(path, ".kpis");
    }

    @Test
    @SuppressWarnings("unchecked")
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
        List<Map<String, Object>> shifts = (List<Map<String, Object>>) overview.get("complaintShifts");
        assertThat(shifts).as("regions ranked by their complaint rate's change").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#complaint-shifts tr[data-region]"))).extracting(row -> row.getAttribute("data-region"))
                .containsExactlyElementsOf(shifts.stream().map(shift -> (String) shift.get("region")).toList());
        List<Double> changes = shifts.stream().map(shift -> shift.get("change")).filter(java.util.Objects::nonNull)
                .map(change -> ((Number) change).doubleValue()).toList();
        assertThat(changes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
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

    /**
     * The overview filtered by a saved segment (高价值, saved through the API) and by a cluster of the demo's prediction run, alone
     * and with a region: the KPI cards show the API's figures for the segment's members, the page says whose figures they are and
     * which cards show everyone's; the front line is not shown the overview. Desktop and phone screenshots.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theOverviewFilteredByASegmentShowsItsMembersFigures() throws Exception {
        predicted();
        // saved as the segments page saves (its size recorded at once), so the segments page's checks hold whichever test runs first
        HttpRequest save = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/console/segments/"
                        + java.net.URLEncoder.encode("高价值", StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"definition\":\"orders >= 3 and netRevenue >= 3000\"}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(save, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("exec");
        open("/console?lang=en");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("segment"))).selectByValue("高价值");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".segment-scope")));
        Map<String, Object> segment = JsonValues.parseObject(api("/api/console/overview?days=30&lang=en&segment="
                + java.net.URLEncoder.encode("高价值", StandardCharsets.UTF_8)));
        Map<String, Object> everyone = JsonValues.parseObject(api("/api/console/overview?days=30&lang=en"));
        long members = ((Number) ((Map<String, Object>) segment.get("segment")).get("members")).longValue();
        assertThat(members).as("the demo has high-value customers").isPositive();
        assertThat(browser.findElement(By.cssSelector(".segment-scope")).getAttribute("data-members")).isEqualTo(String.valueOf(members));
        assertKpisAre(segment);
        assertThat(value(segment, "orders")).as("a segment's orders are some of everyone's").isLessThan(value(everyone, "orders"));
        assertThat(browser.findElements(By.cssSelector(".unfiltered"))).as("alerts and anomalies say they are everyone's").hasSize(2);
        screenshot("desktop-overview-segment-en");

        // with a region: the segment's members in 华东
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("region"))).selectByValue("华东");
        waiting().until(ExpectedConditions.urlContains("region="));
        Map<String, Object> east = JsonValues.parseObject(api("/api/console/overview?days=30&lang=en&region="
                + java.net.URLEncoder.encode("华东", StandardCharsets.UTF_8) + "&segment=" + java.net.URLEncoder.encode("高价值", StandardCharsets.UTF_8)));
        assertThat(browser.getCurrentUrl()).as("the segment is kept").contains("segment=");
        assertKpisAre(east);

        List<Map<String, Object>> choices = (List<Map<String, Object>>) segment.get("segments");
        String cluster = choices.stream().map(choice -> (String) choice.get("id")).filter(id -> id.startsWith("cluster:")).findFirst().orElseThrow();
        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console?lang=zh-CN&days=30&segment=" + cluster);
        assertThat(browser.findElement(By.cssSelector(".segment-scope")).getText()).contains("仅统计该分群当前的");
        assertKpisAre(JsonValues.parseObject(api("/api/console/overview?days=30&lang=zh-CN&segment=" + cluster)));
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-overview-segment-zh");

        logInAs("frontline");
        browser.get("http://localhost:" + port + "/console?segment=" + cluster);
        assertThat(browser.findElements(By.cssSelector(".kpis"))).as("the front line is not shown the overview").isEmpty();
    }

    /** The KPI cards show the figures of {@code overview} (as the page rounds them). */
    private void assertKpisAre(Map<String, Object> overview) {
        assertThat(kpiOnPage("orders")).isEqualTo(value(overview, "orders"));
        assertThat(kpiOnPage("activeCustomers")).isEqualTo(value(overview, "activeCustomers"));
        assertThat(kpiOnPage("revenue")).isEqualTo((double) Math.round(value(overview, "revenue")));
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
        logInAs("analyst");
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
