package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the console's Content-Security-Policy ({@code SecurityConfiguration.CONSOLE_CSP}) asks of its templates. */
class ConsoleTemplatesTests {

    /** The policy allows no inline script, so no template may have one: an event handler attribute or a script that runs. */
    @Test
    void consoleTemplatesHaveNoInlineScript() throws IOException {
        Pattern handler = Pattern.compile("[\\s:]on[a-z]+\\s*=\"", Pattern.CASE_INSENSITIVE);
        Pattern script = Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE);
        List<Path> templates;
        try (var files = Files.walk(Path.of("src/main/resources/templates"))) {
            templates = files.filter(file -> file.toString().endsWith(".html")).toList();
        }
        assertThat(templates).hasSizeGreaterThan(10);
        for (Path template : templates) {
            String html = Files.readString(template);
            assertThat(handler.matcher(html).find()).as("an inline event handler in %s", template).isFalse();
            Matcher tag = script.matcher(html);
            while (tag.find()) {
                assertThat(tag.group()).as("a script in %s that runs inline", template).containsAnyOf("src=", "type=\"application/json\"");
            }
        }
    }
}
