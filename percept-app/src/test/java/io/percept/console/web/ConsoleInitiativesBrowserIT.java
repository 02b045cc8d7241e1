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
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The initiatives pages on the demo world in headless Chromium: its stories are initiatives, the
 * 扫拖一体机器人 X1 launch shows a positive revenue lift in the launch regions against the others with
 * the API's figures and its usability pain point, an analyst's bad definition gets the reason, the
 * front line is refused; desktop (1366x900) and phone (390x844) screenshots.
 */
class ConsoleInitiativesBrowserIT extends SmallWorldBrowserSupport {

    @SuppressWarnings("unchecked")
    private long initiative(String nameContains) throws Exception {
        List<Object> list = (List<Object>) JsonValues.parse(api("/api/console/initiatives").getBytes(StandardCharsets.UTF_8));
        return list.stream().map(entry -> (Map<String, Object>) entry)
                .filter(entry -> String.valueOf(((Map<String, Object>) entry.get("definition")).get("name")).contains(nameContains))
                .map(entry -> ((Number) entry.get("id")).longValue()).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theX1LaunchLiftsRevenueInTheLaunchRegionsAndShowsItsPainPoint() throws Exception {
        logInAs("exec");
        browser.manage().window().setSize(new Dimension(1366, 900));
        page("/console/initiatives?lang=en", "table.initiatives");
        assertThat(browser.findElements(By.cssSelector("table.initiatives tbody tr"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.cssSelector("table.initiatives")).getText()).contains("扫拖一体机器人 X1", "华中");
        assertThat(browser.findElements(By.id("initiative-form"))).as("executives do not define initiatives").isEmpty();
        screenshot("desktop-initiatives-en");

        long x1 = initiative("X1");
        String json = api("/api/console/initiatives/" + x1 + "?lang=en");
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "screenshots", "initiative-x1-en.json"), json);
        Map<String, Object> view = JsonValues.parseObject(json);
        Map<String, Object> report = (Map<String, Object>) view.get("report");
        Map<String, Object> revenue = ((List<Map<String, Object>>) report.get("effects")).stream().filter(e -> "revenue".equals(e.get("kpi")))
                .findFirst().orElseThrow();
        assertThat(((Number) revenue.get("estimate")).doubleValue()).as("the launch lifts revenue in 华东/华南/西南 over the other regions").isPositive();
        assertThat(((Map<String, Object>) report.get("definition")).get("controlRegions")).isEqualTo(List.of("华北", "华中", "西北", "东北"));
        List<Map<String, Object>> painPoints = (List<Map<String, Object>>) report.get("painPoints");
        assertThat(painPoints).extracting(p -> p.get("topic")).as("the launch's usability failures (app pairing, disconnects)").contains("usability");

        page("/console/initiatives/" + x1 + "?lang=en", "#verdict");
        assertThat(browser.findElement(By.cssSelector("tr[data-kpi='revenue']")).getAttribute("data-estimate"))
                .isEqualTo(String.valueOf(revenue.get("estimate")));
        assertThat(browser.findElement(By.id("verdict")).getAttribute("data-decision")).isEqualTo(((Map<String, Object>) report.get("verdict")).get("decision"));
        assertThat(browser.findElement(By.cssSelector("#verdict strong")).getText()).isEqualTo(view.get("headline"));
        assertThat(browser.findElements(By.cssSelector("#initiative-chart svg"))).as("the ECharts chart is drawn").isNotEmpty();
        assertThat(browser.findElement(By.id("pain-points")).getText()).contains("Usability");
        assertThat(browser.findElements(By.cssSelector("table.regions tbody tr"))).hasSize(7);
        screenshot("desktop-initiative-x1-en");

        browser.findElement(By.id("lang-zh")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pain-points"), "易用性"));
        assertThat(browser.findElement(By.id("verdict")).getText()).contains("结论");
        screenshot("desktop-initiative-x1-zh");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/initiatives/" + x1, "#verdict");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-initiative-x1-zh");
        page("/console/initiatives/" + initiative("促销"), "#verdict");
        assertThat(widerThanTheWindow()).isFalse();
        screenshot("phone-initiative-promotion-zh");
        browser.manage().window().setSize(new Dimension(1366, 900));
    }

    @Test
    void anAnalystGetsTheReasonForABadDefinitionAndTheFrontLineIsRefused() throws Exception {
        logInAs("analyst");
        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/initiatives?lang=en", "#initiative-form");
        assertThat(widerThanTheWindow()).isFalse();
        browser.findElement(By.name("name")).sendKeys("Wrong dates");
        browser.executeScript("document.querySelector('[name=startsOn]').value = '2026-10-10'; document.querySelector('[name=endsOn]').value = '2026-10-01';");
        browser.findElement(By.cssSelector("#initiative-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#initiative-form .problem")));
        assertThat(browser.findElement(By.cssSelector("#initiative-form .problem")).getText()).contains("is before the start date");
        assertThat(browser.getCurrentUrl()).as("htmx swapped the form, the page stayed").endsWith("/console/initiatives?lang=en");
        screenshot("phone-initiatives-form-en");

        browser.findElement(By.name("endsOn")).clear();
        browser.executeScript("document.querySelector('[name=endsOn]').value = '';");
        browser.findElement(By.cssSelector("#initiative-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Wrong dates");
        browser.manage().window().setSize(new Dimension(1366, 900));

        logInAs("frontline");
        page("/console/initiatives?lang=zh-CN", ".problem");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("此页面面向其他角色");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/console/initiatives")).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).as("no login, no figures").isIn(401, 302);
        logInAs("exec");
    }
}
