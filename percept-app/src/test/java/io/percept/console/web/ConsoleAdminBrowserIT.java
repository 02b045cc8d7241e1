package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The data page and the users page in headless Chromium on the demo world: the sources' figures are
 * the API's, the admin creates a user through the form and sees it listed, executives see the data
 * page but not the users page, and the rules editor checks a draft; desktop and phone screenshots.
 */
class ConsoleAdminBrowserIT extends SmallWorldBrowserSupport {

    @Test
    @SuppressWarnings("unchecked")
    void theDataPageShowsTheApisFiguresAndTheAdminManagesUsers() throws Exception {
        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("demo-admin");
        page("/console/data?lang=en", "table.sources");
        Map<String, Object> board = JsonValues.parseObject(api("/api/console/data"));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) board.get("sources");
        assertThat(sources).isNotEmpty();
        for (Map<String, Object> source : sources) {
            WebElement row = browser.findElement(By.cssSelector("tr[data-source='" + source.get("name") + "']"));
            assertThat(row.getAttribute("data-in-period")).isEqualTo(String.valueOf(source.get("inPeriod")));
            assertThat(row.getAttribute("data-rejected")).isEqualTo(String.valueOf(source.get("rejected")));
        }
        List<Map<String, Object>> processors = (List<Map<String, Object>>) board.get("processors");
        assertThat(browser.findElements(By.cssSelector("tr[data-processor]"))).hasSize(processors.size());
        assertThat(browser.findElements(By.cssSelector(".spark i"))).as("14 bars per source").hasSize(14 * sources.size());
        screenshot("desktop-data-en");

        page("/console/users?lang=zh-CN", "#new-user");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("用户");
        WebElement form = browser.findElement(By.id("new-user"));
        form.findElement(By.name("username")).sendKeys("wang.fang");
        form.findElement(By.name("displayName")).sendKeys("王芳");
        form.findElement(By.name("password")).sendKeys("wang-fang-password");
        form.findElement(By.cssSelector("input[name=roles][value=FRONTLINE]")).click();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("users-done")));
        assertThat(browser.findElement(By.id("users-done")).getText()).isEqualTo("已创建用户 wang.fang。");
        assertThat(browser.findElement(By.cssSelector("tr[data-user='wang.fang']")).getText()).contains("王芳", "一线", "脱敏");
        assertThat(api("/api/users/wang.fang")).contains("\"FRONTLINE\"");
        screenshot("desktop-users-zh");

        browser.manage().window().setSize(new Dimension(390, 844));
        page("/console/data?lang=zh-CN", "table.sources");
        assertThat(widerThanTheWindow()).as("nothing wider than a phone").isFalse();
        screenshot("phone-data-zh");
        page("/console/users", "#new-user");
        assertThat(widerThanTheWindow()).isFalse();
        screenshot("phone-users-zh");
    }

    @Test
    void executivesSeeTheDataPageButNotTheUsersPage() throws Exception {
        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("exec");
        page("/console/data?lang=en", "table.sources");
        assertThat(browser.findElements(By.cssSelector("[data-nav='users']"))).isEmpty();
        browser.get("http://localhost:" + port + "/console/users?lang=en");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem")));
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("meant for other roles");
        assertThat(browser.findElements(By.id("new-user"))).isEmpty();
    }

    @Test
    void anAnalystChecksADraftRuleInTheEditor() throws Exception {
        browser.manage().window().setSize(new Dimension(1366, 900));
        logInAs("analyst");
        page("/console/rules?lang=en", "#new-rule");
        browser.findElement(By.id("new-rule")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("rule-text")));
        assertThat(browser.findElements(By.id("save-rule"))).as("saving is for admins").isEmpty();
        WebElement text = browser.findElement(By.id("rule-text"));
        text.clear();
        text.sendKeys("id: draft-check\nwhen: {event: {name: Order Completed}}\nactions:\n  - alert: {severity: low, title: Order}\n");
        browser.findElement(By.id("check-rule")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#draft-result .draft-result")));
        assertThat(browser.findElement(By.cssSelector("#draft-result .draft-result")).getAttribute("data-valid")).isEqualTo("true");
        text.sendKeys("when: 3\n");
        browser.findElement(By.id("check-rule")).click();
        waiting().ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.cssSelector("#draft-result .draft-result"), "data-valid", "false"));
        assertThat(browser.findElement(By.cssSelector("#draft-result .problem")).getText()).isNotBlank();
        browser.findElement(By.id("dry-run-draft")).click();
        waiting().ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElements(By.cssSelector("#draft-result .draft-result")).isEmpty()
                        && !driver.findElements(By.cssSelector("#draft-result .problem")).isEmpty());
        screenshot("desktop-rules-editor-en");
    }
}
