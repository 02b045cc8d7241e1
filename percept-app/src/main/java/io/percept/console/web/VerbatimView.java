package io.percept.console.web;

import io.percept.perception.VoiceOfCustomer.Quote;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A verbatim as the page shows it: the customer's words cut into plain and highlighted pieces (the topic's cues). */
record VerbatimView(String date, List<Piece> pieces, String sentiment, double score, String source, String channel, String region, String userId) {

    /** A run of the text; {@code cue} when it is one of the topic's cues. */
    record Piece(String text, boolean cue) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static VerbatimView of(Quote quote, ZoneId zone) {
        String text = quote.text() == null ? "" : quote.text();
        List<Piece> pieces = new ArrayList<>();
        int at = 0;
        for (int[] span : quote.highlights()) {
            int start = Math.max(at, Math.min(span[0], text.length()));
            int end = Math.max(start, Math.min(span[1], text.length()));
            if (start > at) {
                pieces.add(new Piece(text.substring(at, start), false));
            }
            if (end > start) {
                pieces.add(new Piece(text.substring(start, end), true));
            }
            at = end;
        }
        if (at < text.length()) {
            pieces.add(new Piece(text.substring(at), false));
        }
        return new VerbatimView(DATE.format(quote.at().atZone(zone)), pieces, quote.sentiment(), quote.score(), quote.source(), quote.channel(),
                quote.region(), quote.userId());
    }
}
