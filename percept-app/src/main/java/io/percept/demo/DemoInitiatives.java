package io.percept.demo;

import io.percept.console.InitiativeDefinition;
import io.percept.console.InitiativeDefinition.Kind;
import io.percept.console.InitiativeDefinition.Kpi;
import io.percept.demo.world.Region;
import io.percept.demo.world.Stories;
import io.percept.demo.world.World;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo world's stories as the console's initiatives, with their real dates: the 扫拖一体机器人 X1
 * launch in its launch regions (the others as control) over its launch campaign's weeks, measured on
 * the new product itself, and the regional promotion (the other regions as control).
 */
final class DemoInitiatives {

    private DemoInitiatives() {
    }

    static List<InitiativeDefinition> of(World world) {
        LocalDate start = world.settings().start();
        Stories stories = world.stories();
        Stories.Launch launch = stories.launch();
        List<String> launchRegions = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Region region : Region.values()) {
            (launch.regions().contains(region) ? launchRegions : others).add(region.label());
        }
        LocalDate launched = start.plusDays(launch.day());
        InitiativeDefinition x1 = new InitiativeDefinition(launch.product().name() + " 上市", Kind.PRODUCT_LAUNCH, launched,
                launched.plusWeeks(launch.weeks()).minusDays(1), launchRegions, others, List.of(), List.of(launch.sku()), List.of(),
                List.of(Kpi.REVENUE, Kpi.ORDERS, Kpi.ADOPTION, Kpi.COMPLAINTS, Kpi.SENTIMENT, Kpi.NPS));
        Stories.Promotion promotion = stories.promotion();
        List<String> notPromoted = new ArrayList<>();
        for (Region region : Region.values()) {
            if (region != promotion.region()) {
                notPromoted.add(region.label());
            }
        }
        LocalDate from = start.plusDays(promotion.from());
        InitiativeDefinition sale = new InitiativeDefinition(promotion.region().label() + " 全场 " + Math.round(promotion.discount() * 100) + "% 促销",
                Kind.REGIONAL_PROMOTION, from, from.plusDays(promotion.length() - 1L), List.of(promotion.region().label()), notPromoted, List.of(),
                List.of(), List.of(), List.of(Kpi.REVENUE, Kpi.ORDERS, Kpi.COMPLAINTS, Kpi.SENTIMENT, Kpi.NPS));
        return List.of(x1, sale);
    }
}
