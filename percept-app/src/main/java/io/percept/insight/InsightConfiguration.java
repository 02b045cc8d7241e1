package io.percept.insight;

import io.percept.eventlog.LogProcessor;
import io.percept.perception.PerceptionSettings;
import io.percept.platform.PersonalData;
import io.percept.profile.ProfileSettings;
import io.percept.profile.ProfileView;
import io.percept.profile.Profiles;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires insight's processors and queries. */
@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

    /**
     * The days a person was active and bought, by customer: exported and erased with them. Counts per
     * day, region, category and product name no one and stay.
     */
    @Bean
    PersonalData customerDaysPersonalData() {
        return () -> java.util.List.of(new PersonalData.Table("activity_days", "customer IN (:identifiers)"),
                new PersonalData.Table("customer_order_days", "customer IN (:identifiers)"),
                // the order's user id, else its anonymous id, without the type
                new PersonalData.Table("order_buyers", "customer IN (:values.user_id) OR customer IN (:values.anonymous_id)"));
    }

    @Bean
    LogProcessor eventCountsProcessor(InsightSettings settings) {
        return new EventCountsProcessor(settings.zone());
    }

    /** Orders per day in the zone the console reports in (perception's), regions falling back to the customer's profile. */
    @Bean
    OrderDaysProcessor orderDaysProcessor(PerceptionSettings perception, ProfileSettings profileSettings, ObjectProvider<Profiles> profiles) {
        return new OrderDaysProcessor(perception.zone(), profileSettings.orderEvents(), Profiles::orderAmount, event -> {
            Profiles available = profiles.getIfAvailable();
            if (available == null || event.userId() == null) {
                return null;
            }
            Object region = available.byIdentifier("user_id", event.userId()).map(ProfileView::traits).map(traits -> traits.get("region"))
                    .orElse(null);
            return region == null ? null : region.toString();
        });
    }

    /** Who bought which products, per day and region as order-days has them (an initiative's adoption). */
    @Bean
    LogProcessor orderBuyersProcessor(PerceptionSettings perception, ProfileSettings profileSettings, OrderDaysProcessor orderDays,
            DataSource dataSource) {
        return new OrderBuyersProcessor(perception.zone(), profileSettings.orderEvents(), orderDays::region, dataSource, DayOrder.ROW_GROUP);
    }

    /** Each customer's orders and revenue per day, region and channel as order-days has them (the overview filtered by a segment). */
    @Bean
    LogProcessor customerOrderDaysProcessor(PerceptionSettings perception, ProfileSettings profileSettings, OrderDaysProcessor orderDays) {
        return new CustomerOrderDaysProcessor(perception.zone(), profileSettings.orderEvents(), Profiles::orderAmount, orderDays::region);
    }

    /** The products orders name, with their names (pages show names where they had codes). */
    @Bean
    LogProcessor productCatalogueProcessor(ProfileSettings profileSettings) {
        return new ProductCatalogueProcessor(profileSettings.orderEvents());
    }

    @Bean
    Products products(JdbcClient jdbc) {
        return new Products(jdbc, java.time.Clock.systemUTC());
    }

    @Bean
    MemberFigures memberFigures(JdbcClient jdbc, io.percept.platform.IdSets sets) {
        return new MemberFigures(jdbc, sets);
    }

    /** Active customers per day, in the zone the console reports in (perception's), as the orders. */
    @Bean
    LogProcessor activityDaysProcessor(PerceptionSettings perception, DataSource dataSource) {
        return new ActivityDaysProcessor(perception.zone(), dataSource, DayOrder.ROW_GROUP);
    }

    @Bean
    ActivityDays activityDays(JdbcClient jdbc) {
        return new ActivityDays(jdbc);
    }

    @Bean
    EventCounts eventCounts(JdbcClient jdbc) {
        return new EventCounts(jdbc);
    }

    @Bean
    OrderDays orderDays(JdbcClient jdbc) {
        return new OrderDays(jdbc);
    }
}
