package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The market page in headless Chromium on the demo world after a prediction run: the page shows
 * the API's figures, the demo's stories are there (the 华北 air-purifier surge, the X1 launch's
 * regions, the audio decline, the 华中 promotion's weeks), the charts are drawn, the front line is
 * turned away; desktop and phone screenshots in both languages.
 */
class ConsoleMarketBrowserIT extends SmallWorldBrowserSupport {

    private double number(String css) {
        return Double.parseDouble(browser.findElement(By.cssSelector(css)).getText().replace("¥", "").replace(",", ""));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> market, String key) {
        return (List<Map<String, Object>>) market.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> row) {
        return (Map<String, Object>) row.get("figures");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMarketPageShowsTheApisFiguresAndTheDemoStories() throws Exception {
        predicted();
        logInAs("exec");
        browser.manage().window().setSize(new Dimension(1366, 900));
        page("/console/market?days=30&lang=en", "#allocation");
        Map<String, Object> market = JsonValues.parseObject(api("/api/console/market?days=30"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Market and demand");
        Map<String, Object> totals = (Map<String, Object>) market.get("totals");
        assertThat(number("[data-kpi='orders'] .kpi-value")).isEqualTo(((Number) totals.get("orders")).doubleValue());
        assertThat(number("[data-kpi='revenue'] .kpi-value")).isEqualTo((double) Math.round(((Number) totals.get("revenue")).doubleValue()));
        List<Map<String, Object>> regions = list(market, "regions");
        assertThat(browser.findElement(By.cssSelector("#allocation li")).getAttribute("data-region")).isEqualTo(regions.get(0).get("region"));
        assertThat(browser.findElements(By.cssSelector("#region-chart svg"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#forecast-chart svg"))).as("a forecast after the prediction run").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#heatmap-chart svg"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#trend-chart svg"))).isNotEmpty();
        assertThat(list(market, "segments")).as("the run's clusters").isNotEmpty();
        screenshot("desktop-market-en");

        // the 华北 surge: the top hotspot (growing fastest against its category everywhere), and 华北's reason names the category
        Map<String, Object> north = regions.stream().filter(r -> "华北".equals(r.get("region"))).findFirst().orElseThrow();
        // (on the test's small world the X1 launch's robot vacuums in a launch region may lead: both are stories)
        assertThat(list(market, "hotspots")).extracting(h -> h.get("region") + "·" + h.get("category")).contains("华北·空气净化器");
        assertThat(browser.findElement(By.cssSelector("#hotspots li[data-region='华北'][data-category='空气净化器'] .reason")).getText())
                .contains("华北 · 空气净化器: revenue +");
        assertThat(browser.findElement(By.cssSelector("#allocation li[data-region='华北'] .reason")).getText()).isEqualTo(north.get("reason"));
        // the X1 launch: a new product sold only in its launch regions
        Map<String, Object> x1 = list(market, "newProducts").stream().filter(p -> "QH-RV-02".equals(p.get("sku"))).findFirst().orElseThrow();
        assertThat(((Map<String, Object>) x1.get("regions")).keySet()).containsExactlyInAnyOrder("华东", "华南", "西南");
        assertThat(browser.findElement(By.cssSelector("#launches [data-sku='QH-RV-02']")).getText()).contains("华东", "华南", "西南")
                .as("by the name its orders gave it").contains("扫拖一体机器人 X1");

        // the audio price cut: audio falls behind over 90 days
        Map<String, Object> quarter = JsonValues.parseObject(api("/api/console/market?days=90"));
        Map<String, Object> audio = list(quarter, "categories").stream().filter(c -> "耳机音箱".equals(c.get("category"))).findFirst().orElseThrow();
        // (the demo's customer base grows, so every category grows: audio grows less than the market)
        double market90 = ((Number) ((Map<String, Object>) quarter.get("totals")).get("revenueChange")).doubleValue();
        assertThat(((Number) figures(audio).get("revenueChange")).doubleValue()).isLessThan(market90);
        // the 华中 promotion: its best week of orders stands out against its usual weeks
        Map<String, Object> central = list(quarter, "weeklyByRegion").stream().filter(s -> "华中".equals(s.get("key"))).findFirst().orElseThrow();
        List<Number> weeks = ((List<Number>) central.get("orders")).stream().filter(n -> n.longValue() > 0).toList();
        double peak = weeks.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        double median = weeks.stream().mapToDouble(Number::doubleValue).sorted().skip(weeks.size() / 2).findFirst().orElseThrow();
        assertThat(peak).isGreaterThan(1.3 * median);

        browser.findElement(By.id("lang-zh")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "市场与需求"));
        assertThat(browser.findElement(By.cssSelector("#allocation li[data-region='华北'] .reason")).getText()).isEqualTo(north.get("reasonZh"));
        screenshot("desktop-market-zh");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/market?days=30&lang=zh-CN", "#allocation");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-market-zh");
        page("/console/market?days=90&category=空气净化器&lang=en", "#allocation");
        assertThat(widerThanTheWindow()).isFalse();
        screenshot("phone-market-en");
        browser.manage().window().setSize(new Dimension(1366, 900));
    }

    @Test
    void theFrontLineIsTurnedAway() throws Exception {
        logInAs("frontline");
        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/market?lang=en", ".problem");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("meant for other roles");
        screenshot("phone-market-refused-en");
        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("exec");
    }
}
