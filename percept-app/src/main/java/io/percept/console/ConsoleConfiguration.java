package io.percept.console;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.Processors;
import io.percept.ingest.ImportJobs;
import io.percept.ingest.IngestCounters;
import io.percept.ingest.Sources;
import io.percept.insight.ActivityDays;
import io.percept.insight.EventCounts;
import io.percept.insight.MemberFigures;
import io.percept.insight.OrderDays;
import io.percept.insight.Products;
import io.percept.perception.MemberVoice;
import io.percept.perception.PerceptionSettings;
import io.percept.perception.VoiceOfCustomer;
import io.percept.prediction.Predictions;
import io.percept.prediction.SegmentComparisons;
import io.percept.profile.ProfileSettings;
import io.percept.profile.Profiles;
import io.percept.rules.RuleOperations;
import io.percept.rules.Rules;
import io.percept.segmentation.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the console's read side. Days are counted in the perception module's business zone, as the voice of the customer counts them. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

    @Bean(destroyMethod = "close")
    Reads consoleReads() {
        return new Reads();
    }

    @Bean
    ExecutiveOverview executiveOverview(VoiceOfCustomer voice, Predictions predictions, RuleOperations rules,
            ActivityDays activity, OrderDays orders, EventLog eventLog, Reads reads, OverviewSegments segments) {
        return new ExecutiveOverview(voice, predictions, rules, new StoreFigures(activity, orders), eventLog::head, Clock.systemUTC(), reads,
                segments);
    }

    /** The overview's segment filter: members from segmentation and profiles, their figures from insight and perception. */
    @Bean
    OverviewSegments overviewSegments(Segments segments, Predictions predictions, Profiles profiles, MemberVoice voice, MemberFigures figures,
            EventLog eventLog) {
        return new OverviewSegments(segments, predictions, profiles, voice, new SegmentFigures(figures),
                () -> Memo.version(eventLog.head()), Clock.systemUTC());
    }

    @Bean
    MarketDemand marketDemand(OrderDays orders, Predictions predictions, Profiles profiles, Reads reads, EventLog eventLog) {
        return new MarketDemand(orders, predictions, profiles, reads, eventLog::head, Clock.systemUTC());
    }

    @Bean
    RulesBoard rulesBoard(Rules rules, RuleOperations operations) {
        return new RulesBoard(rules, operations);
    }

    @Bean(destroyMethod = "close")
    IngestRate ingestRate(EventLog eventLog) {
        IngestRate rate = new IngestRate(eventLog::head, Clock.systemUTC());
        rate.start(Duration.ofSeconds(5));
        return rate;
    }

    @Bean
    DataHealth dataHealth(Sources sources, IngestCounters counters, EventCounts eventCounts, EventLog eventLog, Processors processors,
            Predictions predictions, ImportJobs imports, IngestRate rate, ConsoleCalendar calendar) {
        return new DataHealth(sources, counters, eventCounts, eventLog, processors, predictions, imports, rate, calendar, Clock.systemUTC());
    }

    @Bean
    CustomerDesk customerDesk(Profiles profiles, Predictions predictions, EventLog log, JdbcClient jdbc, ProfileSettings profileSettings,
            PerceptionSettings perceptionSettings, Clock clock, Products products) {
        return new CustomerDesk(profiles, predictions, log, jdbc, profileSettings.orderEvents(), perceptionSettings.textProperties(),
                perceptionSettings.zone(), clock, products, profileSettings.consent());
    }

    @Bean
    SegmentsBoard segmentsBoard(Segments segments, Predictions predictions, SegmentComparisons comparisons, Profiles profiles, Reads reads) {
        return new SegmentsBoard(segments, predictions, comparisons, profiles, reads);
    }

    @Bean
    Initiatives initiatives(JdbcClient jdbc, OrderDays orderDays, VoiceOfCustomer voice, ConsoleCalendar calendar, Reads reads) {
        return new Initiatives(new InitiativeStore(jdbc, Clock.systemUTC()), new InitiativeFigures(orderDays, voice, reads), voice, calendar, reads);
    }

    @Bean
    WhatChanged whatChanged(OrderDays orderDays, VoiceOfCustomer voice, Initiatives initiatives, Products products, Reads reads) {
        return new WhatChanged(orderDays, voice, initiatives, products, Clock.systemUTC(), reads);
    }

    @Bean
    ConsoleCalendar consoleCalendar(PerceptionSettings settings) {
        Clock clock = Clock.system(settings.zone());
        return () -> LocalDate.now(clock);
    }
}
