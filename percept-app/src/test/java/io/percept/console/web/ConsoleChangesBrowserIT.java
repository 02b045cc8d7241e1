package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo world as a user gets it ({@code percept demo}: 10,000 customers over 365 days) and the
 * overview's "what changed" card: every one of the world's stories — the X1 launch in three regions,
 * the 华中 promotion, the 西南 logistics failure, the competitor's cut of audio prices, the 华北
 * air-purifier surge — and the 618 and 双11 peaks are found in the data and told, the launch and the
 * promotion with their initiatives; the card shows the API's changes; a complaint opens the customers'
 * words. Its own application (a bigger world than the other browser tests').
 */
class ConsoleChangesBrowserIT extends ConsoleBrowserSupport {

    @DynamicPropertySource
    static void theDefaultWorld(DynamicPropertyRegistry registry) {
        registry.add("percept.demo.customers", () -> "10000");
        registry.add("percept.demo.days", () -> "365");
        registry.add("percept.demo.seed", () -> "42");
    }

    @Override
    protected Duration loading() {
        return Duration.ofSeconds(420);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(List<Map<String, Object>> changes, String kind, String what) {
        return changes.stream()
                .filter(change -> change.get("kind").equals(kind))
                .filter(change -> what == null || what.equals(change.get("category")) || what.equals(change.get("topic")) || what.equals(change.get("sku"))
                        || ((List<String>) change.get("regions")).contains(what))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + what + " in " + changes));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStoryOfTheDemoWorldIsFoundAndTold() throws Exception {
        List<Map<String, Object>> changes = (List<Map<String, Object>>) JsonValues.parseObject(api("/api/console/changes?lang=en")).get("changes");

        Map<String, Object> launch = find(changes, "new-product", "QH-RV-02");
        assertThat(launch.get("regions")).isEqualTo(List.of("华东", "华南", "西南"));
        assertThat(launch.get("initiativeName")).as("the launch is tracked as the demo's initiative").isNotNull();

        Map<String, Object> promotion = find(changes, "regional-demand", "华中");
        assertThat(promotion.get("initiativeName")).as("the promotion is tracked as the demo's initiative").isNotNull();

        Map<String, Object> logistics = find(changes, "complaints", "logistics");
        assertThat(logistics.get("regions")).isEqualTo(List.of("西南"));
        assertThat(((Number) logistics.get("ratio")).doubleValue()).isGreaterThan(2);

        Map<String, Object> priceCut = find(changes, "share-shift", "耳机音箱");
        assertThat(((Number) priceCut.get("ratio")).doubleValue()).as("audio lost share").isLessThan(1);
        assertThat((String) priceCut.get("explanation")).as("with the complaint topic that rose with it").contains("Price complaints");

        Map<String, Object> surge = find(changes, "local-demand", "空气净化器");
        assertThat(surge.get("regions")).isEqualTo(List.of("华北"));
        assertThat(((Number) surge.get("ratio")).doubleValue()).isGreaterThan(2);

        assertThat(changes.stream().filter(change -> change.get("kind").equals("national-demand")).map(change -> (String) change.get("headline")))
                .anyMatch(headline -> headline.contains("Double 11")).anyMatch(headline -> headline.contains("618"));

        browser.manage().window().setSize(new Dimension(1366, 900));
        page("/console?lang=en", "#changes li.change");
        List<WebElement> items = browser.findElements(By.cssSelector("#changes li.change"));
        assertThat(items).extracting(item -> item.findElement(By.cssSelector(".change-headline")).getText())
                .containsExactlyElementsOf(changes.stream().map(change -> (String) change.get("headline")).toList());
        WebElement complaint = browser.findElement(By.cssSelector("#changes li.change[data-kind='complaints'][data-topic='logistics'] .words-link"));
        complaint.click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#changes .change-words .quote")));
        assertThat(browser.findElements(By.cssSelector("#changes .change-words .quote .meta"))).isNotEmpty()
                .allSatisfy(meta -> assertThat(meta.getText()).contains("西南"));
        screenshot("desktop-changes-en");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console?lang=zh-CN", "#changes li.change");
        assertThat(browser.findElement(By.cssSelector("#changes h2")).getText()).isEqualTo("近12个月发生了什么变化");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-changes-zh");
    }
}
