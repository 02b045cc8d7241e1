package io.percept.console.web;

import io.percept.console.DataHealth;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The data page: sources, ingest rates, rejects with reasons, processor lag, model freshness, imports. */
@Controller
@ConsolePage
class DataPageController {

    private final DataHealth health;

    DataPageController(DataHealth health) {
        this.health = health;
    }

    @GetMapping("/console/data")
    String data(Model model) {
        DataHealth.Board board = health.board();
        model.addAttribute("page", "data");
        model.addAttribute("board", board);
        model.addAttribute("sparkMax", board.sources().stream().flatMapToLong(source -> Arrays.stream(source.daily())).max().orElse(0));
        return "console/data";
    }
}
