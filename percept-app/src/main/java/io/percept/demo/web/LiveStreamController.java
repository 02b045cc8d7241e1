package io.percept.demo.web;

import io.percept.demo.LiveStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The demo's live stream of customer activity (started after the demo world is loaded): its state, stop and start. */
@RestController
@RequestMapping("/api/demo/live")
class LiveStreamController {

    private final LiveStream live;

    LiveStreamController(LiveStream live) {
        this.live = live;
    }

    @GetMapping
    LiveStream.Status status() {
        return live.status();
    }

    @PostMapping("/stop")
    LiveStream.Status stop() {
        live.stop();
        return live.status();
    }

    /** Sends again, at {@code rate} messages a second; 409 before the demo world is loaded. */
    @PostMapping("/start")
    ResponseEntity<LiveStream.Status> start(@RequestParam(defaultValue = "4") double rate) {
        return live.resume(rate) ? ResponseEntity.ok(live.status()) : ResponseEntity.status(HttpStatus.CONFLICT).body(live.status());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
