package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.DataHealth;
import io.percept.console.ExecutiveOverview;
import io.percept.console.RulesBoard;
import io.percept.console.WhatChanged;
import io.percept.perception.VoiceOfCustomer.Quote;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The data behind the console's pages, as JSON. */
@RestController
@RequestMapping("/api/console")
class ConsoleApiController {

    private final ExecutiveOverview overview;
    private final ConsoleCalendar calendar;
    private final RulesBoard rules;
    private final DataHealth data;
    private final WhatChanged changes;

    ConsoleApiController(ExecutiveOverview overview, ConsoleCalendar calendar, RulesBoard rules, DataHealth data, WhatChanged changes) {
        this.overview = overview;
        this.calendar = calendar;
        this.rules = rules;
        this.data = data;
        this.changes = changes;
    }

    /**
     * What changed in the last 52 weeks, newest first: national and regional order peaks, categories surging
     * locally, new products, lasting shifts of a category's share, complaint topics rising — each in words in the
     * request's language, with its figures and the initiative it belongs to.
     */
    @GetMapping("/changes")
    WhatChanged.Changes changes(Locale locale) {
        return changes.changes(calendar.today(), ConsoleLocales.language(locale));
    }

    /**
     * The data page's figures: each source's traffic and refusals by reason, ingest rates, each log processor's
     * state and lag, the newest prediction runs, recent imports, and the findings that need attention.
     */
    @GetMapping("/data")
    DataHealth.Board data() {
        return data.board();
    }

    /** The rules page's figures: every rule with its trigger, firings (all, last 24 h, last), alerts and deliveries, and the newest alerts. */
    @GetMapping("/rules")
    RulesBoard.Board rules() {
        return rules.board();
    }

    /**
     * The executive overview of the last {@code days} (7, 30 or 90) for all, one region, one channel or one product, and for everyone or
     * the current members of one {@code segment} (a saved segment's name or {@code cluster:N}); topic names in the request's language.
     */
    @GetMapping("/overview")
    ExecutiveOverview.Overview overview(@RequestParam(required = false) Integer days, @RequestParam(required = false) String region,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String product,
            @RequestParam(required = false) String segment, Locale locale) {
        return overview.overview(ConsolePages.filter(calendar, days, region, channel, product, segment), ConsoleLocales.language(locale));
    }

    /** The newest verbatims behind a topic on the overview (same period and filter, segment included). */
    @GetMapping("/verbatims")
    List<Quote> verbatims(@RequestParam String topic, @RequestParam(required = false) Integer days, @RequestParam(required = false) String region,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String product,
            @RequestParam(required = false) String segment, @RequestParam(defaultValue = "50") int limit) {
        return overview.verbatims(ConsolePages.filter(calendar, days, region, channel, product, segment), topic, limit);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
