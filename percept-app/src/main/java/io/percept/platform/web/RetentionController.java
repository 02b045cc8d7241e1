package io.percept.platform.web;

import io.percept.platform.RetentionJob;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/retention/run}: removes what is older than its retention now, without waiting for the daily run (admins). */
@RestController
@RequestMapping("/api/retention")
class RetentionController {

    private final RetentionJob retention;

    RetentionController(RetentionJob retention) {
        this.retention = retention;
    }

    /** What was removed, per table or folder ({@code removed}); kinds without a retention period are left out. */
    @PostMapping("/run")
    Map<String, Object> run() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("removed", retention.sweep());
        return body;
    }
}
