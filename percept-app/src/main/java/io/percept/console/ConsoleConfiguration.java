package io.percept.console;

import io.percept.insight.OrderDays;
import io.percept.perception.PerceptionSettings;
import io.percept.perception.VoiceOfCustomer;
import io.percept.prediction.Predictions;
import io.percept.profile.ProfileSettings;
import io.percept.profile.Profiles;
import io.percept.rules.RuleOperations;
import io.percept.rules.Rules;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the console's read side. Days are counted in the perception module's business zone, as the voice of the customer counts them. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

    @Bean
    ExecutiveOverview executiveOverview(JdbcClient jdbc, VoiceOfCustomer voice, Predictions predictions, RuleOperations rules, Profiles profiles,
            ProfileSettings profileSettings, PerceptionSettings perceptionSettings) {
        return new ExecutiveOverview(voice, predictions, rules, new StoreFigures(jdbc, profiles, profileSettings.orderEvents(), perceptionSettings.zone()));
    }

    @Bean
    MarketDemand marketDemand(OrderDays orders, Predictions predictions, Profiles profiles) {
        return new MarketDemand(orders, predictions, profiles);
    }

    @Bean
    RulesBoard rulesBoard(Rules rules, RuleOperations operations) {
        return new RulesBoard(rules, operations);
    }

    @Bean
    ConsoleCalendar consoleCalendar(PerceptionSettings settings) {
        Clock clock = Clock.system(settings.zone());
        return () -> LocalDate.now(clock);
    }
}
