package io.percept.perception.web;

import io.percept.perception.TextAnalysis;
import io.percept.perception.TextPerception;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ad-hoc text analysis: what Percept perceives in a text, as the stream would score it. */
@RestController
@RequestMapping("/api/text")
class TextController {

    static final int MAX_CHARS = 20_000;
    static final int MAX_TEXTS = 1_000;

    private final TextPerception perception;

    TextController(TextPerception perception) {
        this.perception = perception;
    }

    /**
     * The request: one {@code text} or up to 1,000 {@code texts}; {@code language} zh or en to skip
     * detection; {@code keywords} false to skip keywords.
     */
    record AnalyzeRequest(String text, List<String> texts, String language, Boolean keywords) {
    }

    /** One text's analysis with its topics' display names. */
    record Analyzed(String text, TextAnalysis analysis, Map<String, String> topicNames) {
    }

    @PostMapping("/analyze")
    Object analyze(@RequestBody AnalyzeRequest request) {
        if ((request.text() == null) == (request.texts() == null)) {
            throw new IllegalArgumentException("give either 'text' or 'texts'");
        }
        if (request.language() != null && !request.language().equals("zh") && !request.language().equals("en")) {
            throw new IllegalArgumentException("language must be zh or en, was '" + request.language() + "'");
        }
        List<String> texts = request.text() != null ? List.of(request.text()) : request.texts();
        if (texts.size() > MAX_TEXTS) {
            throw new IllegalArgumentException("at most " + MAX_TEXTS + " texts per request, got " + texts.size());
        }
        List<Analyzed> results = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
            if (text.length() > MAX_CHARS) {
                throw new IllegalArgumentException("text " + i + " has " + text.length() + " characters, more than " + MAX_CHARS);
            }
            TextAnalysis analysis = perception.analyze(text, request.language(), request.keywords() == null || request.keywords());
            String nameLanguage = "zh".equals(analysis.language()) ? "zh" : "en";
            Map<String, String> names = new LinkedHashMap<>();
            for (String topic : analysis.topics()) {
                names.put(topic, perception.topicName(topic, nameLanguage));
            }
            results.add(new Analyzed(text, analysis, names));
        }
        return request.text() != null ? results.get(0) : Map.of("results", results);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
