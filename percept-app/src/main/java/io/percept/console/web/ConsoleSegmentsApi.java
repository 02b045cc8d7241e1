package io.percept.console.web;

import io.percept.console.SegmentsBoard;
import io.percept.segmentation.Segments;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The segments page's figures as JSON: saved segments with sizes, the run's clusters, comparisons, previews and saving. */
@RestController
@RequestMapping("/api/console/segments")
class ConsoleSegmentsApi {

    private final SegmentsBoard board;

    ConsoleSegmentsApi(SegmentsBoard board) {
        this.board = board;
    }

    /** A definition to preview or save, in the segment language. */
    record Definition(String definition, String description) {
    }

    /** Saved segments with their newest recorded size and share, and the clusters of the newest prediction run. */
    @GetMapping
    SegmentsBoard.Board segments() {
        return board.board();
    }

    /** The fields a segment definition may name, with their kinds. */
    @GetMapping("/fields")
    Map<String, String> fields() {
        return board.fields();
    }

    /** Two groups side by side (saved segment names, definitions or cluster:N): sizes, overlap, the features that differ most. */
    @GetMapping("/compare")
    SegmentsBoard.Comparison compare(@RequestParam String a, @RequestParam String b) {
        return board.compare(a, b);
    }

    /** A saved segment's recorded sizes, oldest first (points: 1 to 1000). */
    @GetMapping("/{name}/history")
    ResponseEntity<List<Segments.SizePoint>> history(@PathVariable String name, @RequestParam(defaultValue = "50") int points) {
        return ResponseEntity.of(board.history(name, points));
    }

    /** The size of a definition now, without saving it; a definition that does not parse answers its error and column. */
    @PostMapping("/preview")
    SegmentsBoard.Preview preview(@RequestBody Definition request) {
        return board.preview(request.definition());
    }

    /** Creates or replaces a segment (analysts and admins) and records its size. */
    @PutMapping("/{name}")
    SegmentsBoard.SegmentRow save(@PathVariable String name, @RequestBody Definition request) {
        return board.save(name, request.definition(), request.description());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
