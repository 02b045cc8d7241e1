package io.percept.ingest.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventType;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingParserTests {

    private static final Map<String, Object> ORDERS = Map.of(
            "event", "Order Completed", "user_id", "customer_id", "timestamp", "ordered_at",
            "properties", Map.of("order_id", "order_id", "store", "store"),
            "group_by", List.of("order_id"),
            "items", Map.of("property", "products", "fields", Map.of("product_id", "product_id", "quantity", Map.of("column", "quantity", "type", "number"))),
            "totals", Map.of("revenue", Map.of("sum_of_products", List.of("quantity", "unit_price"), "round", 2)));

    private static ImportMapping parse(Map<String, Object> document) {
        return MappingParser.parse(document, name -> name.equals("orders") ? ORDERS : null);
    }

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            document.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return document;
    }

    @Test
    void readsAMappingWithItsDefaults() {
        ImportMapping mapping = parse(doc("event", "Review Submitted", "user_id", "customer", "channel", "ecommerce",
                "timestamp", Map.of("column", "created", "format", "yyyy/MM/dd HH:mm", "zone", "Asia/Shanghai"),
                "properties", Map.of("rating", Map.of("column", "stars", "type", "integer"), "text", "comment", "source", Map.of("value", "tmall"))));

        assertThat(mapping.type()).isEqualTo(EventType.TRACK);
        assertThat(mapping.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(mapping.fields().get("event")).isEqualTo(new ValueSpec.Constant("Review Submitted"));
        assertThat(mapping.fields().get("user_id")).isEqualTo(new ValueSpec.Column("customer", ValueType.STRING));
        assertThat(mapping.properties().get("rating")).isEqualTo(new ValueSpec.Column("stars", ValueType.INTEGER));
        assertThat(mapping.properties().get("source")).isEqualTo(new ValueSpec.Constant("tmall"));
        assertThat(mapping.timestamp().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(mapping.timestamp().pattern()).isEqualTo("yyyy/MM/dd HH:mm");
        assertThat(mapping.csv().delimiter()).isEqualTo(',');
        assertThat(mapping.nullValues()).contains("", "nan", "NULL");
        assertThat(mapping.grouping()).isNull();
    }

    @Test
    void namesThePathOfEveryMistake() {
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "propertis", Map.of())))
                .hasMessageStartingWith("propertis: unknown key");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "properties", Map.of("rating", Map.of("column", "r", "type", "int")))))
                .hasMessage("properties.rating.type: 'int' is not one of string, integer, number, boolean, timestamp, json");
        assertThatThrownBy(() -> parse(doc("user_id", "u"))).hasMessageStartingWith("event: a track mapping needs event");
        assertThatThrownBy(() -> parse(doc("event", "E"))).hasMessageStartingWith("user_id: a mapping needs user_id or anonymous_id");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "timestamp", Map.of("column", "t", "zone", "Mars/Olympus"))))
                .hasMessageStartingWith("timestamp.zone: 'Mars/Olympus' is not a time zone");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "rules", List.of(Map.of("if", Map.of("column", "x", "equals", "1"))))))
                .hasMessage("rules[0]: needs exactly one of reject, skip or set");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "rules",
                List.of(Map.of("if", Map.of("column", "x", "bigger", 1), "reject", "no")))))
                .hasMessage("rules[0].if: unknown test 'bigger'");
        assertThatThrownBy(() -> parse(doc("template", "invoices"))).hasMessage("template: there is no built-in template 'invoices'");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "csv", Map.of("delimiter", ";;"))))
                .hasMessage("csv.delimiter: must be a single character (\\t for tab)");
        assertThatThrownBy(() -> parse(doc("event", "E", "user_id", "u", "items", Map.of("property", "p", "fields", Map.of("a", "a")))))
                .hasMessageStartingWith("group_by: items and totals need group_by");
    }

    @Test
    void aTemplateIsRenamedToTheFilesColumnsAndOverridden() {
        ImportMapping mapping = parse(doc("template", "orders",
                "columns", Map.of("order_id", "InvoiceNo", "customer_id", "CustomerID", "quantity", "Quantity", "unit_price", "UnitPrice",
                        "ordered_at", "InvoiceDate"),
                "timestamp", Map.of("format", "yyyy-MM-dd HH:mm:ss", "zone", "Europe/London"),
                "properties", Map.of("currency", Map.of("value", "GBP"))));

        assertThat(mapping.grouping().keys()).containsExactly("InvoiceNo");
        assertThat(mapping.fields().get("user_id")).isEqualTo(new ValueSpec.Column("CustomerID", ValueType.STRING));
        assertThat(mapping.timestamp().column()).isEqualTo("InvoiceDate");
        assertThat(mapping.timestamp().zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(mapping.properties()).containsKeys("order_id", "store", "currency");
        assertThat(mapping.properties().get("order_id")).isEqualTo(new ValueSpec.Column("InvoiceNo", ValueType.STRING));
        assertThat(mapping.grouping().totals().get("revenue")).isEqualTo(new ImportMapping.Total.SumOfProducts("Quantity", "UnitPrice", 2));
        assertThat(mapping.optional()).contains("store", "product_id").doesNotContain("InvoiceNo", "Quantity", "CustomerID");
    }

    @Test
    void aTemplatesEssentialColumnsAreRequiredItsDetailsOptional() {
        ImportMapping mapping = parse(doc("template", "orders"));
        RowEvaluator evaluator = new RowEvaluator(mapping, text -> text);

        evaluator.requireColumns(List.of("order_id", "customer_id", "ordered_at", "quantity", "unit_price"));
        assertThatThrownBy(() -> evaluator.requireColumns(List.of("order_id", "customer_id", "ordered_at", "quantity")))
                .hasMessageContaining("column 'unit_price',").hasMessageContaining("its columns: order_id, customer_id, ordered_at, quantity");
    }
}
