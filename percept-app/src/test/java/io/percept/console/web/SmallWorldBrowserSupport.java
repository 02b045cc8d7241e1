package io.percept.console.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The small demo world most browser tests share (300 customers, 120 days, seed 11): quick to load, one
 * Spring context for all of them.
 */
abstract class SmallWorldBrowserSupport extends ConsoleBrowserSupport {

    @DynamicPropertySource
    static void smallWorld(DynamicPropertyRegistry registry) {
        registry.add("percept.demo.customers", () -> "300");
        registry.add("percept.demo.days", () -> "120");
        registry.add("percept.demo.seed", () -> "11");
    }
}
