package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.MarketDemand;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The market and demand page's figures as JSON. */
@RestController
class MarketApiController {

    private final MarketDemand market;
    private final ConsoleCalendar calendar;

    MarketApiController(MarketDemand market, ConsoleCalendar calendar) {
        this.market = market;
        this.calendar = calendar;
    }

    /** Demand by region and segment, forecast, allocation scores with reasons, hot products, bundles and order patterns. */
    @GetMapping("/api/console/market")
    MarketDemand.Market market(@RequestParam(required = false) Integer days, @RequestParam(required = false) String channel,
            @RequestParam(required = false) String category) {
        return market.market(MarketController.filter(calendar, days, channel, category));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
