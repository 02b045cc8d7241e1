package io.percept.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LogProcessor;
import io.percept.profile.ProfileSettings;
import io.percept.profile.Profiles;
import io.percept.rules.domain.Rule;
import io.percept.rules.domain.Trigger;
import io.percept.segmentation.Segments;
import io.percept.platform.AdminToken;
import io.percept.platform.PersonalData;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the rules, their processor, dry runs and statistics; loads the shipped examples when asked. */
@Configuration(proxyBeanMethods = false)
class RulesConfiguration {

    /**
     * What rules did about a person: firings, the webhook deliveries they made (payloads included) and
     * alerts; exported and erased with them (deliveries and alerts first: they are found through the firings, an
     * action's key being its firing's, with {@code #<action>} when the rule has several actions).
     */
    @Bean
    PersonalData rulesPersonalData() {
        String firings = "SELECT idempotency_key FROM rule_firings WHERE profile_id = :profile OR seq IN (:seqs)";
        String ofFiring = "regexp_replace(idempotency_key, '#[0-9]+$', '') IN (" + firings + ")";
        return () -> List.of(new PersonalData.Table("rule_deliveries", ofFiring),
                new PersonalData.Table("rule_alerts", "profile_id = :profile OR " + ofFiring),
                new PersonalData.Table("rule_firings", "profile_id = :profile OR seq IN (:seqs)"));
    }

    @Bean
    Rules rules(JdbcClient jdbc, Segments segments, Clock clock, RulesSettings settings) {
        return new Rules(jdbc, segments, clock, settings.cluster());
    }

    /**
     * The local webhook inbox; a name's secret is configured, or derived from the admin token (so
     * it survives restarts and is as private as the token).
     */
    @Bean
    @ConditionalOnBooleanProperty("percept.rules.inbox.enabled")
    WebhookInbox webhookInbox(RulesSettings settings, AdminToken adminToken, Clock clock) {
        RulesSettings.Inbox inbox = settings.inbox();
        return new WebhookInbox(inbox.keep(), name -> inbox.secrets().getOrDefault(name,
                inbox.secret().isBlank() ? adminToken.derive("rules-inbox:" + name) : inbox.secret()), clock);
    }

    /**
     * Loads the shipped examples once Percept is ready (when the port is known): their webhooks go
     * to {@code percept.rules.examples-base-url}, else to the local inbox (signed with its secrets)
     * when it is enabled and serving, else where the files say.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> exampleRulesLoader(Rules rules, RulesSettings settings, ObjectProvider<WebhookInbox> inbox,
            Environment environment) {
        return ready -> {
            if (!settings.examples()) {
                return;
            }
            String port = environment.getProperty("local.server.port");
            WebhookInbox local = inbox.getIfAvailable();
            ExampleRules examples;
            if (settings.examplesBaseUrl() != null && !settings.examplesBaseUrl().isBlank()) {
                examples = new ExampleRules(settings.examplesBaseUrl(), null, settings.examplesAbsence());
            } else if (local != null && port != null) {
                examples = new ExampleRules("http://localhost:" + port + "/api/rules/inbox", local::secret, settings.examplesAbsence());
            } else {
                examples = new ExampleRules(ExampleRules.SHIPPED_BASE, null, settings.examplesAbsence());
            }
            examples.load(rules);
        };
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
            Clock clock, RulesSettings settings, RuleStats stats, ProfileSettings profileSettings) {
        RulesProcessor processor = new RulesProcessor(profiles, segments, eventLog, deliveries, jdbc, clock, settings, stats,
                profileSettings.consent());
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
}
