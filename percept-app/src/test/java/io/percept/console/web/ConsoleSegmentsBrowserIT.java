package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.console.SegmentsBoard;
import io.percept.platform.JsonValues;
import java.net.URI;
import java.net.URLEncoder;
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
 * The segments page on the demo world after a prediction run, with the page's suggested segments saved through
 * the API: the sizes in the table and the clusters' cards are the API's, typing a definition shows its size
 * (and a parse error at its column), two clusters compare with the API's overlap, executives cannot save;
 * desktop and phone screenshots in both languages.
 */
class ConsoleSegmentsBrowserIT extends SmallWorldBrowserSupport {

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSegmentsPageShowsTheApisFiguresPreviewsComparesAndFitsAPhone() throws Exception {
        predicted();
        for (Map.Entry<String, String> suggestion : SegmentsBoard.SUGGESTIONS.entrySet()) {
            HttpResponse<String> saved = send("PUT", "/api/console/segments/" + suggestion.getKey(), "{\"definition\":\"" + suggestion.getValue() + "\"}");
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
        Map<String, Object> board = JsonValues.parseObject(api("/api/console/segments"));
        List<Map<String, Object>> segments = (List<Map<String, Object>>) board.get("segments");
        List<Map<String, Object>> clusters = (List<Map<String, Object>>) board.get("clusters");
        assertThat(clusters).as("the demo world is clustered").hasSizeGreaterThanOrEqualTo(2);
        assertThat(segments).as("every suggestion finds customers in the demo world")
                .allSatisfy(segment -> assertThat(((Number) segment.get("size")).longValue()).as((String) segment.get("name")).isPositive());

        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("analyst");
        page("/console/segments?lang=en", ".clusters .cluster");
        assertThat(text("h1")).isEqualTo("Segments");
        for (Map<String, Object> segment : segments) {
            WebElement row = browser.findElement(By.cssSelector("tr[data-segment='" + segment.get("name") + "']"));
            assertThat(number(row.findElement(By.cssSelector("[data-figure=size]")).getText())).as("size of " + segment.get("name"))
                    .isEqualTo(((Number) segment.get("size")).longValue());
        }
        List<WebElement> cards = browser.findElements(By.cssSelector(".clusters .cluster"));
        assertThat(cards).hasSize(clusters.size());
        for (int i = 0; i < clusters.size(); i++) {
            assertThat(number(cards.get(i).findElement(By.cssSelector(".cluster-size strong")).getText())).isEqualTo(((Number) clusters.get(i).get("size")).longValue());
            assertThat(cards.get(i).findElement(By.tagName("h3")).getText()).isEqualTo(clusters.get(i).get("name"));
        }
        assertThat(browser.findElements(By.cssSelector("#history-chart svg"))).as("the history chart is drawn").isNotEmpty();

        WebElement definition = browser.findElement(By.id("definition"));
        definition.sendKeys("orders >= 2 and ordrs > 1");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#preview .parse-error")));
        assertThat(browser.findElement(By.cssSelector("#preview .parse-error")).getAttribute("data-column")).isEqualTo("17");
        definition.clear();
        definition.sendKeys("orders >= 2");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#preview .preview-size")));
        Map<String, Object> preview = JsonValues.parseObject(send("POST", "/api/console/segments/preview", "{\"definition\":\"orders >= 2\"}").body());
        assertThat(browser.findElement(By.cssSelector("#preview .preview-size")).getAttribute("data-size")).isEqualTo(String.valueOf(preview.get("size")));

        browser.findElement(By.cssSelector(".compare-form button")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#comparison .comparison")));
        String a = browser.findElement(By.cssSelector(".compare-form input[name=a]")).getAttribute("value");
        String b = browser.findElement(By.cssSelector(".compare-form input[name=b]")).getAttribute("value");
        Map<String, Object> comparison = JsonValues.parseObject(api("/api/console/segments/compare?a=" + encode(a) + "&b=" + encode(b)));
        assertThat(browser.findElement(By.cssSelector("#comparison .comparison")).getAttribute("data-overlap")).isEqualTo(String.valueOf(comparison.get("overlap")));
        assertThat(number(text("#comparison [data-figure=sizeA] .kpi-value"))).isEqualTo(((Number) comparison.get("sizeA")).longValue());
        assertThat(browser.findElements(By.cssSelector("#comparison tr[data-feature]"))).isNotEmpty();
        screenshot("desktop-segments-en");

        browser.findElement(By.id("lang-zh")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "客群"));
        assertThat(browser.findElement(By.cssSelector(".clusters .cluster h3")).getText()).isEqualTo(clusters.get(0).get("nameZh"));
        screenshot("desktop-segments-zh");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/segments?lang=zh-CN&a=" + encode(a) + "&b=" + encode(b), "#comparison .comparison");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-segments-zh");
        page("/console/segments?lang=en", ".clusters .cluster");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-segments-en");

        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("exec");
        page("/console/segments?lang=en", ".clusters .cluster");
        assertThat(browser.findElements(By.id("save-segment"))).as("executives do not save").isEmpty();
        assertThat(text(".page-head p")).contains("saving is for analysts and admins");
        screenshot("desktop-segments-exec-en");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
