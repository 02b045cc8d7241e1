package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.console.PiiMask;
import io.percept.platform.JsonValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The customer 360 on the demo world after a prediction run: the front line finds the demo's most valuable
 * customer with an open complaint by phone, sees masked PII, the JSON API's figures, the next best action and
 * the sentiment chart, loads more of the timeline; an admin (pii) sees the name and is audited; desktop
 * (1366x900) and phone (390x844) screenshots.
 */
class ConsoleCustomersBrowserIT extends SmallWorldBrowserSupport {

    @SuppressWarnings("unchecked")
    private Map<String, Object> customerWithAComplaint() throws Exception {
        Map<String, Object> found = JsonValues.parseObject(api("/api/profiles?limit=1&sort=revenue:desc&filter="
                + URLEncoder.encode("openComplaints > 0", StandardCharsets.UTF_8)));
        return ((List<Map<String, Object>>) found.get("profiles")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static String identifier(Map<String, Object> profile, String type) {
        return ((List<Map<String, Object>>) profile.get("identifiers")).stream().filter(i -> type.equals(i.get("type"))).map(i -> (String) i.get("value"))
                .findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFrontLineFindsACustomerByPhoneAndSeesTheApisFiguresMasked() throws Exception {
        predicted();
        Map<String, Object> profile = customerWithAComplaint();
        long id = ((Number) profile.get("id")).longValue();
        String phone = identifier(profile, "phone");
        Map<String, Object> customer = JsonValues.parseObject(api("/api/console/customers/" + id + "?lang=en"));
        String name = (String) customer.get("name");

        logInAs("frontline");
        browser.manage().window().setSize(new Dimension(1366, 900));
        page("/console/customers?lang=en", "#customer-q");
        screenshot("desktop-customers-search-en");
        browser.findElement(By.id("customer-q")).sendKeys(phone.replace("+86", "") + Keys.ENTER);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("next-best-action")));
        assertThat(browser.getCurrentUrl()).as("one exact hit opens the profile").endsWith("/console/customers/" + id);

        assertThat(browser.findElement(By.id("customer-name")).getText()).isEqualTo(PiiMask.name(name)).isNotEqualTo(name);
        assertThat(browser.getPageSource()).contains(PiiMask.phone(phone)).doesNotContain(phone);
        Map<String, Object> purchases = (Map<String, Object>) customer.get("purchases");
        assertThat(browser.findElement(By.id("kpi-orders")).getText()).isEqualTo(String.valueOf(purchases.get("orders")));
        assertThat(browser.findElement(By.id("kpi-net")).getText().replace("¥", "").replace(",", ""))
                .isEqualTo(String.valueOf(Math.round(((Number) purchases.get("netRevenue")).doubleValue())));
        Map<String, Object> predicted = (Map<String, Object>) customer.get("predicted");
        assertThat(predicted.get("run")).as("the prediction run scored the customer").isNotNull();
        List<String> recommended = (List<String>) predicted.get("recommended");
        List<String> names = (List<String>) predicted.get("recommendedNames");
        assertThat(names).as("recommendations by the names orders gave them").hasSameSizeAs(recommended);
        for (int i = 0; i < names.size(); i++) {
            assertThat(names.get(i)).as("the demo's orders name every product").isNotEqualTo(recommended.get(i));
        }
        assertThat(browser.findElement(By.id("kpi-churn")).getText())
                .isEqualTo(Math.round(((Number) predicted.get("churnRisk")).doubleValue() * 100) + " %");
        Map<String, Object> action = (Map<String, Object>) customer.get("nextBestAction");
        assertThat(browser.findElement(By.id("next-best-action")).getAttribute("data-action")).isEqualTo(action.get("kind"));
        assertThat(browser.findElement(By.cssSelector("#next-best-action .nba-reason")).getText()).isEqualTo(action.get("reason"));
        assertThat(action.get("kind")).as("an open complaint comes first").isIn("service-recovery", "resolve-complaint");
        assertThat(browser.findElements(By.cssSelector("#complaints .quote"))).hasSize(((List<?>) customer.get("complaints")).size());
        assertThat(browser.findElements(By.cssSelector("#sentiment-chart svg"))).as("the sentiment chart is drawn").isNotEmpty();

        int events = browser.findElements(By.cssSelector("#timeline .event")).size();
        assertThat(events).isEqualTo(Math.min(20, ((Number) customer.get("events")).intValue()));
        if (!browser.findElements(By.id("load-more")).isEmpty()) {
            browser.findElement(By.id("load-more")).click();
            waiting().until(d -> d.findElements(By.cssSelector("#timeline .event")).size() > events);
            assertThat(browser.getCurrentUrl()).as("htmx added the page in place").endsWith("/console/customers/" + id);
        }
        screenshot("desktop-customer-en");
        assertThat(api("/api/users/audit?user=frontline&limit=200")).as("no unmasked view, no audit").doesNotContain("pii.viewed");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/customers/" + id + "?lang=zh-CN", "#next-best-action");
        assertThat(browser.findElement(By.cssSelector("#next-best-action h2")).getText()).isEqualTo("下一步最佳行动");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-customer-zh");
        page("/console/customers?q=" + URLEncoder.encode(name.substring(0, 1), StandardCharsets.UTF_8), "#customer-results");
        assertThat(widerThanTheWindow()).as("the results fit a phone").isFalse();
        screenshot("phone-customers-zh");
    }

    @Test
    void anAdminSeesThePersonalDataAndTheViewIsAudited() throws Exception {
        predicted();
        Map<String, Object> profile = customerWithAComplaint();
        long id = ((Number) profile.get("id")).longValue();
        String name = (String) JsonValues.parseObject(api("/api/console/customers/" + id)).get("name");
        logInAs("demo-admin");
        browser.manage().window().setSize(new Dimension(1366, 900));
        page("/console/customers/" + id + "?lang=zh-CN", "#next-best-action");
        assertThat(browser.findElement(By.id("customer-name")).getText()).isEqualTo(name);
        assertThat(browser.getPageSource()).contains(identifier(profile, "phone"));
        screenshot("desktop-customer-zh");
        assertThat(api("/api/users/audit?user=demo-admin&limit=200")).contains("pii.viewed", "profile:" + id);
        page("/console/customers?q=" + URLEncoder.encode("no-such-person", StandardCharsets.UTF_8) + "&lang=en", "#customer-results");
        assertThat(browser.findElement(By.cssSelector("#customer-results .empty")).getText()).contains("No customer matches");
    }
}
