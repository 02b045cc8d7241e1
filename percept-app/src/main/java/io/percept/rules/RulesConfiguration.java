package io.percept.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LogProcessor;
import io.percept.profile.Profiles;
import io.percept.rules.domain.Rule;
import io.percept.rules.domain.Trigger;
import io.percept.segmentation.Segments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the rules, their processor, dry runs and statistics; loads the shipped examples when asked. */
@Configuration(proxyBeanMethods = false)
class RulesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

    @Bean
    Rules rules(JdbcClient jdbc, Segments segments, Clock clock, RulesSettings settings) {
        Rules rules = new Rules(jdbc, segments, clock, settings.cluster());
        if (settings.examples()) {
            loadExamples(rules);
        }
        return rules;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RuleRetention ruleRetention(JdbcClient jdbc, RulesSettings settings, Clock clock) {
        return new RuleRetention(jdbc, settings.retention(), clock);
    }

    @Bean
    RuleStats ruleStats(MeterRegistry meters) {
        return new RuleStats(meters);
    }

    @Bean
    LogProcessor rulesProcessor(Rules rules, Profiles profiles, Segments segments, EventLog eventLog, Deliveries deliveries, JdbcClient jdbc,
            Clock clock, RulesSettings settings, RuleStats stats) {
        RulesProcessor processor = new RulesProcessor(profiles, segments, eventLog, deliveries, jdbc, clock, settings, stats);
        rules.onChange(enabled -> {
            keepCrossingSegments(segments, enabled);
            processor.use(enabled);
        });
        return processor;
    }

    @Bean
    RuleOperations ruleOperations(JdbcClient jdbc, EventLog eventLog, Profiles profiles, Segments segments, Deliveries deliveries, RuleStats stats,
            Clock clock) {
        return new RuleOperations(jdbc, new DryRun(eventLog, jdbc, profiles, segments, clock), stats, deliveries, clock);
    }

    /** A rule that fires when a score crosses a threshold listens to a segment of the profiles beyond it, which this keeps. */
    private static void keepCrossingSegments(Segments segments, List<Rule> enabled) {
        for (Rule rule : enabled) {
            if (rule.when() instanceof Trigger.OnCrossing crossing && segments.get(crossing.segmentName()).isEmpty()) {
                segments.save(crossing.segmentName(), crossing.definition(), null, "kept for rule " + rule.id() + " (" + crossing.definition() + ")");
            }
        }
    }

    /** Saves each shipped example (classpath {@code rules/examples/*.yaml}) that is not stored yet. */
    private static void loadExamples(Rules rules) {
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:rules/examples/*.yaml")) {
                String text = resource.getContentAsString(StandardCharsets.UTF_8);
                java.util.Map<String, Object> document = RuleDocuments.parse(text, resource.getFilename());
                if (rules.get(String.valueOf(document.get("id"))).isEmpty()) {
                    rules.save(document);
                    log.info("Loaded the example rule {}", document.get("id"));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            log.warn("The example rules could not be loaded: {}", e.getMessage());
        }
    }
}
