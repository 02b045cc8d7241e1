package io.percept.perception.web;

import io.percept.analytics.text.EmergingThemes;
import io.percept.perception.PerceptionSettings;
import io.percept.perception.Sentiment;
import io.percept.perception.VoiceOfCustomer;
import io.percept.perception.VoiceOfCustomer.Bucket;
import io.percept.perception.VoiceOfCustomer.Dimension;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The voice of the customer as JSON for the console: complaint topics by frequency and sentiment per
 * region, channel, product, source, language, emotion or event; their trends; the customer's own
 * words; emerging themes; NPS and CSAT. Periods are days in the business zone, inclusive; by
 * default the last 90 days.
 */
@RestController
@RequestMapping("/api/voc")
@io.percept.platform.EmbeddedOnly
class VocController {

    private final VoiceOfCustomer voc;
    private final PerceptionSettings settings;

    VocController(VoiceOfCustomer voc, PerceptionSettings settings) {
        this.voc = voc;
        this.settings = settings;
    }

    private LocalDate end(LocalDate to) {
        return to != null ? to : LocalDate.now(settings.zone());
    }

    private LocalDate start(LocalDate from, LocalDate end) {
        return from != null ? from : end.minusDays(89);
    }

    @GetMapping("/topics")
    VoiceOfCustomer.TopicReport topics(@RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to, @RequestParam(required = false) String by,
            @RequestParam(defaultValue = "zh") String lang) {
        LocalDate end = end(to);
        return voc.topics(start(from, end), end, Dimension.parse(by), language(lang));
    }

    @GetMapping("/trend")
    VoiceOfCustomer.Trend trend(@RequestParam(required = false) String topic,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to, @RequestParam(required = false) String bucket,
            @RequestParam(required = false) String by) {
        LocalDate end = end(to);
        return voc.trend(topic, start(from, end), end, Bucket.parse(bucket), Dimension.parse(by));
    }

    @GetMapping("/quotes")
    List<VoiceOfCustomer.Quote> quotes(@RequestParam(required = false) String topic, @RequestParam(required = false) String sentiment,
            @RequestParam(required = false) String by, @RequestParam(required = false) String group,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to, @RequestParam(defaultValue = "20") int limit) {
        Sentiment wanted = null;
        if (sentiment != null) {
            wanted = Sentiment.parse(sentiment);
            if (wanted == null) {
                throw new IllegalArgumentException("sentiment must be negative, neutral or positive, was '" + sentiment + "'");
            }
        }
        LocalDate end = end(to);
        return voc.quotes(topic, wanted, Dimension.parse(by), group, start(from, end), end, limit);
    }

    @GetMapping("/themes")
    VoiceOfCustomer.Themes themes(@RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate weekEnd,
            @RequestParam(defaultValue = "8") int baselineWeeks, @RequestParam(required = false) Integer minSupport) {
        EmergingThemes.Options defaults = EmergingThemes.Options.defaults();
        EmergingThemes.Options options = minSupport == null ? defaults : new EmergingThemes.Options(minSupport, defaults.minLift(),
                defaults.minScore(), defaults.smoothing(), defaults.minJaccard(), defaults.examples());
        return voc.themes(end(weekEnd), baselineWeeks, options);
    }

    @GetMapping("/satisfaction")
    VoiceOfCustomer.Satisfaction satisfaction(@RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to, @RequestParam(required = false) String bucket,
            @RequestParam(required = false) String by) {
        LocalDate end = end(to);
        return voc.satisfaction(start(from, end), end, Bucket.parse(bucket == null ? "month" : bucket), Dimension.parse(by));
    }

    private static String language(String lang) {
        if (!"zh".equals(lang) && !"en".equals(lang)) {
            throw new IllegalArgumentException("lang must be zh or en, was '" + lang + "'");
        }
        return lang;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    /** A date or number that does not parse, named: Spring's own detail does not say which parameter it was. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> unreadable(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == LocalDate.class ? "a date such as 2026-01-31" : "a whole number";
        return invalid(new IllegalArgumentException(e.getName() + " must be " + expected + ", was '" + e.getValue() + "'"));
    }
}
