package io.percept.ingest.connectors;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import io.percept.analytics.hash.Murmur3;
import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.ingest.domain.mapping.RowEvaluator;
import io.percept.ingest.domain.mapping.RowOutcome;
import io.percept.ingest.imports.JsonRecord;
import io.percept.platform.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a pushed JSON document (a webhook delivery, an MQTT payload) into Segment messages with a
 * mapping in the language of imports, whose columns are keys, dotted paths or JSONPath
 * expressions. An optional {@code records} JSONPath picks several records out of one document.
 *
 * <p>A record without the mapped timestamp field gets the time it was received. A message the
 * mapping gives no {@code message_id} gets one derived from the source, the record and the
 * extra columns (and the receive time, when asked), so a redelivered record is recognised as a
 * duplicate. Thread-safe: each call uses its own evaluator.
 */
public final class RecordMapper {

    private static final Configuration PATHS = Configuration.builder().jsonProvider(new JsonSmartJsonProvider())
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    private final ImportMapping mapping;
    private final ImportMapping untimed;
    private final JsonPath records;
    private final String idPrefix;

    /**
     * @param mapping  the mapping; grouping is not allowed (a pushed record stands alone)
     * @param records  a JSONPath selecting the records in a document, or {@code null} for the whole document
     * @param idPrefix prefix of derived message ids, e.g. {@code webhook-}
     * @throws InvalidMappingException if the mapping groups or {@code records} is not a JSONPath
     */
    public RecordMapper(ImportMapping mapping, String records, String idPrefix) {
        if (mapping.grouping() != null) {
            throw new InvalidMappingException("group_by", "is for files; a pushed record becomes one message on its own");
        }
        this.mapping = mapping;
        this.untimed = mapping.withoutTimestamp();
        this.records = records == null ? null : records(records);
        this.idPrefix = idPrefix;
    }

    /**
     * Compiles a {@code records} expression.
     *
     * @throws InvalidMappingException if it is not a JSONPath expression
     */
    static JsonPath records(String expression) {
        try {
            JsonPath path = JsonPath.compile(expression);
            try {
                // a trial read finds what compiling does not: functions that do not exist
                path.read(Map.of(), PATHS);
            } catch (InvalidPathException e) {
                throw e;
            } catch (com.jayway.jsonpath.JsonPathException e) {
                // the empty document lacks what the path needs: a matter of the data, not of the expression
            }
            return path;
        } catch (InvalidPathException e) {
            throw new InvalidMappingException("records", "'" + expression + "' is not a JSONPath expression: " + e.getMessage());
        }
    }

    /** What a document became. */
    public sealed interface Result {

        /**
         * @param messages the messages, one per record a rule did not skip
         * @param records  how many records the document held
         */
        record Mapped(List<Map<String, Object>> messages, int records) implements Result {
        }

        /** Record {@code index} (0-based) is invalid: {@code field} names what is wrong. */
        record Rejected(int index, String field, String reason) implements Result {
        }
    }

    /**
     * Maps a document: all its records, or the first invalid one.
     *
     * @param document             a JSON value as parsed: without {@code records}, an object is one
     *                             record and an array's elements are the records
     * @param source               the source's name, part of derived message ids
     * @param extras               columns that are not in the document (e.g. parts of the MQTT topic)
     * @param receivedAt           when the document arrived
     * @param receivedAtIdentifies whether the receive time is part of a derived message id (for
     *                             records without a time of their own that may repeat exactly)
     */
    public Result map(String source, Object document, Map<String, String> extras, Instant receivedAt, boolean receivedAtIdentifies) {
        if (document == null) {
            return new Result.Rejected(0, "records", "the document is JSON null, not an object or an array");
        }
        List<Object> records;
        try {
            records = select(document);
        } catch (com.jayway.jsonpath.JsonPathException e) {
            return new Result.Rejected(0, "records", "the records expression does not apply to this document: " + e.getMessage());
        }
        List<Map<String, Object>> messages = new ArrayList<>(records.size());
        RowEvaluator timed = null;
        RowEvaluator receiverTimed = null;
        for (int i = 0; i < records.size(); i++) {
            if (!(records.get(i) instanceof Map<?, ?> object)) {
                return new Result.Rejected(i, "records", "is not a JSON object but " + JsonValues.toJson(records.get(i)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) object;
            String raw = JsonValues.toJson(fields);
            JsonRecord record = new JsonRecord(i, fields, raw, extras);
            boolean hasTime = mapping.timestamp() == null || record.value(mapping.timestamp().column()) != null;
            RowEvaluator evaluator;
            if (hasTime) {
                evaluator = timed != null ? timed : (timed = new RowEvaluator(mapping, JsonValues::parseObject));
            } else {
                evaluator = receiverTimed != null ? receiverTimed : (receiverTimed = new RowEvaluator(untimed, JsonValues::parseObject));
            }
            RowOutcome outcome = evaluator.evaluate(record);
            if (outcome instanceof RowOutcome.Rejected rejected) {
                return new Result.Rejected(i, rejected.field(), rejected.reason());
            }
            if (outcome instanceof RowOutcome.Mapped mapped) {
                Map<String, Object> message = mapped.message();
                if (message.get("messageId") == null) {
                    message.put("messageId", derivedId(source, raw, extras, !hasTime && receivedAtIdentifies ? receivedAt : null));
                }
                if (!hasTime) {
                    message.put("timestamp", receivedAt.toString());
                }
                messages.add(message);
            }
        }
        return new Result.Mapped(messages, records.size());
    }

    private List<Object> select(Object document) {
        if (records == null) {
            return document instanceof List<?> list ? new ArrayList<>(list) : java.util.Collections.singletonList(document);
        }
        Object selected = records.read(document, PATHS);
        if (selected == null) {
            return List.of();
        }
        return selected instanceof List<?> list ? new ArrayList<>(list) : List.of(selected);
    }

    private String derivedId(String source, String raw, Map<String, String> extras, Instant receivedAt) {
        StringBuilder key = new StringBuilder(source.length() + raw.length() + 64).append(source).append('\u0000').append(raw);
        for (Map.Entry<String, String> extra : new TreeMap<>(extras).entrySet()) {
            key.append('\u0000').append(extra.getKey()).append('=').append(extra.getValue());
        }
        if (receivedAt != null) {
            key.append('\u0000').append(receivedAt);
        }
        long[] hash = Murmur3.hash128(key.toString().getBytes(StandardCharsets.UTF_8));
        return idPrefix + HexFormat.of().toHexDigits(hash[0]) + HexFormat.of().toHexDigits(hash[1]);
    }
}
