package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.MarketDemand;
import io.percept.console.MarketFilter;
import io.percept.insight.Products;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The market and demand page: for executives, analysts and admins (the front line sees why not). */
@Controller
@ConsolePage
class MarketController {

    private final MarketDemand market;
    private final ConsoleCalendar calendar;
    private final JsonMapper json;
    private final Products products;

    MarketController(MarketDemand market, ConsoleCalendar calendar, JsonMapper json, Products products) {
        this.products = products;
        this.market = market;
        this.calendar = calendar;
        this.json = json;
    }

    @GetMapping("/console/market")
    String market(@RequestParam(required = false) Integer days, @RequestParam(required = false) String channel,
            @RequestParam(required = false) String category, Model model) {
        model.addAttribute("page", "market");
        MarketFilter filter = filter(calendar, days, channel, category);
        MarketDemand.Market data = market.market(filter);
        model.addAttribute("filter", filter);
        model.addAttribute("periods", List.of(7, 30, 90));
        model.addAttribute("market", data);
        model.addAttribute("marketJson", json.writeValueAsString(data));
        java.util.Set<String> skus = new java.util.LinkedHashSet<>();
        java.util.stream.Stream.of(data.newProducts(), data.risingProducts(), data.fallingProducts())
                .forEach(products -> products.forEach(product -> skus.add(product.sku())));
        model.addAttribute("productNames", products.names(skus));
        return "console/market";
    }

    static MarketFilter filter(ConsoleCalendar calendar, Integer days, String channel, String category) {
        return new MarketFilter(days == null ? 30 : days, calendar.today(), channel, category);
    }
}
