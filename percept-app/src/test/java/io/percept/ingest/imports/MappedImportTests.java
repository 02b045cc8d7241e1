package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.SourceName;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.platform.JsonValues;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing CSV, JSONL and Parquet records through mappings and templates. */
class MappedImportTests {

    @TempDir
    Path dir;

    private ImportTarget target;
    private FileImporter importer;
    private final Source pos = new Source(new SourceName("pos"), Channel.STORE, new WriteKey("key-pos-00001"), true, Instant.EPOCH);

    @BeforeEach
    void open() {
        target = new ImportTarget(dir.resolve("data"), 100);
        importer = target.importer();
    }

    @AfterEach
    void close() {
        target.close();
    }

    private List<Event> stored() {
        return target.stored();
    }

    private ImportReport run(Path file, String mapping) {
        return importer.run(new ImportRequest(List.of(file), pos, mapping, null, dir.resolve("rejects.jsonl")), (a, b, c, d) -> { });
    }

    private Path retailMapping() throws IOException {
        return Files.writeString(dir.resolve("retail.yaml"), """
                template: orders
                columns:
                  order_id: InvoiceNo
                  product_id: StockCode
                  product_name: Description
                  quantity: Quantity
                  ordered_at: InvoiceDate
                  unit_price: UnitPrice
                  customer_id: CustomerID
                  country: Country
                timestamp: {format: "yyyy-MM-dd HH:mm:ss", zone: Europe/London}
                properties:
                  currency: {value: GBP}
                rules:
                  - if: {column: InvoiceNo, starts_with: A}
                    reject: an accounting adjustment, not a customer transaction
                  - if: {column: UnitPrice, less_or_equal: 0}
                    reject: not a sale (unit price is not positive)
                  - if: {column: InvoiceNo, starts_with: C}
                    set: {event: Order Refunded}
                  - if: {column: CustomerID, empty: true}
                    set: {anonymous_id: {template: "receipt-{InvoiceNo}"}}
                """);
    }

    private static final String RETAIL = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom
            536366,22633,"HAND WARMER UNION JACK, \"\"RED\"\"\",6,2010-12-01 08:28:00,1.85,17850,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom
            A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom
            536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,not a date,1.69,13047,United Kingdom
            """;

    @Test
    void importsOrderLinesAsOrdersWithTheTemplate() throws IOException {
        Path file = Files.writeString(dir.resolve("retail.csv"), RETAIL);

        ImportReport report = run(file, retailMapping().toString());

        assertThat(report.rows()).isEqualTo(9);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.messages()).isEqualTo(4);
        assertThat(report.accepted()).isEqualTo(4);
        assertThat(report.firstErrors()).containsExactly(
                "retail.csv:7: rule: not a sale (unit price is not positive)",
                "retail.csv:9: rule: an accounting adjustment, not a customer transaction",
                "retail.csv:10: timestamp: column InvoiceDate: 'not a date' is not a date-time in the format yyyy-MM-dd HH:mm:ss");
        List<Event> orders = stored();
        Event first = orders.get(0);
        assertThat(first.name()).isEqualTo("Order Completed");
        assertThat(first.userId()).isEqualTo("17850");
        assertThat(first.channel()).isEqualTo(Channel.STORE);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(first.properties().get("revenue")).as("the repeated line counts once").isEqualTo(35.64);
        assertThat(first.properties().get("currency")).isEqualTo("GBP");
        assertThat(first.properties().get("lines")).isEqualTo(2L);
        assertThat((List<?>) first.properties().get("products")).hasSize(2).first()
                .isEqualTo(Map.of("product_id", "85123A", "name", "WHITE HANGING HEART T-LIGHT HOLDER", "quantity", 6.0, "price", 2.55));
        assertThat(((Map<?, ?>) ((List<?>) orders.get(1).properties().get("products")).get(0)).get("name"))
                .isEqualTo("HAND WARMER UNION JACK, \"RED\"");
        Event refund = orders.get(2);
        assertThat(refund.name()).isEqualTo("Order Refunded");
        assertThat(refund.properties().get("revenue")).isEqualTo(-27.5);
        Event walkIn = orders.get(3);
        assertThat(walkIn.userId()).isNull();
        assertThat(walkIn.anonymousId()).isEqualTo("receipt-536544");
        assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(3).first()
                .satisfies(line -> assertThat(JsonValues.parseObject(line)).containsEntry("line", 7L).containsEntry("field", "rule"));
    }

    @Test
    void reimportingTheSameOrdersStoresNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("retail.csv"), RETAIL);
        String mapping = retailMapping().toString();

        run(file, mapping);
        ImportReport again = run(file, mapping);

        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(4);
        assertThat(stored()).hasSize(4);
    }

    @Test
    void readsGbkEncodedCsvWithABuiltInTemplate() throws IOException {
        Path mapping = Files.writeString(dir.resolve("reviews.yaml"), """
                template: reviews
                csv: {encoding: GBK}
                columns: {review_text: 评论, rating: 评分, customer_id: 会员, reviewed_at: 时间, review_id: 编号}
                timestamp: {zone: Asia/Shanghai}
                """);
        Path file = dir.resolve("reviews.csv");
        Files.write(file, "编号,会员,评分,评论,时间\r\nr1,m-1,5,\"物流很快，\r\n包装完好\",2026-11-20T10:00:00\r\nr2,m-2,two,差,2026-11-21T10:00:00\r\n"
                .getBytes(Charset.forName("GBK")));

        ImportReport report = run(file, mapping.toString());

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.firstErrors()).containsExactly("reviews.csv:4: properties.rating: column 评分: 'two' is not a number");
        Event review = stored().get(0);
        assertThat(review.name()).isEqualTo("Review Submitted");
        assertThat(review.messageId().value()).isEqualTo("review-r1");
        assertThat(review.properties().get("text")).isEqualTo("物流很快，\r\n包装完好");
        assertThat(review.properties().get("rating")).isEqualTo(5.0);
        assertThat(review.timestamp()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z"));
    }

    @Test
    void mapsJsonlRecordsByJsonPath() throws IOException {
        Path mapping = Files.writeString(dir.resolve("orders.yaml"), """
                type: track
                event: Order Completed
                user_id: $.buyer.ids[0]
                message_id: {template: "tmall-{$.order.id}"}
                properties:
                  first_sku: $.order.lines[0].sku
                  skus: {column: "$.order.lines[*].sku", type: json}
                  paid: {column: $.order.paid, type: number}
                """);
        Path file = Files.writeString(dir.resolve("tmall.jsonl"), """
                {"buyer":{"ids":["tb-88","wx-1"]},"order":{"id":"T1","paid":99.5,"lines":[{"sku":"S1"},{"sku":"S2"}]}}
                """);

        ImportReport report = run(file, mapping.toString());

        assertThat(report.accepted()).as(report.firstErrors().toString()).isEqualTo(1);
        Event order = stored().get(0);
        assertThat(order.userId()).isEqualTo("tb-88");
        assertThat(order.messageId().value()).isEqualTo("tmall-T1");
        assertThat(order.properties().asMap()).containsEntry("first_sku", "S1").containsEntry("skus", List.of("S1", "S2"))
                .containsEntry("paid", 99.5);
        assertThatThrownBy(() -> run(file, Files.writeString(dir.resolve("bad.yaml"), "event: E\nuser_id: $.a[?(\n").toString()))
                .isInstanceOf(InvalidMappingException.class).hasMessageContaining("not a JSONPath expression");
    }

    @Test
    void mapsJsonlRecordsByDottedPaths() throws IOException {
        Path mapping = Files.writeString(dir.resolve("iot.yaml"), """
                template: iot
                columns: {device_id: device.serial, metric: reading.name, value: reading.value, measured_at: ts}
                timestamp: {format: epoch_millis}
                """);
        Path file = Files.writeString(dir.resolve("telemetry.jsonl"), """
                {"device":{"serial":"AC-1001","model":"净化器X"},"reading":{"name":"pm25","value":35},"ts":1764232200000,"error_code":null}
                {"device":{"serial":"AC-1002"},"reading":{"name":"pm25","value":"high"},"ts":1764232200000}
                """);

        ImportReport report = run(file, mapping.toString());

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.firstErrors()).containsExactly("telemetry.jsonl:2: properties.value: column reading.value: 'high' is not a number");
        Event telemetry = stored().get(0);
        assertThat(telemetry.anonymousId()).isEqualTo("device:AC-1001");
        assertThat(telemetry.channel()).isEqualTo(Channel.IOT);
        assertThat(telemetry.properties().get("value")).isEqualTo(35.0);
        assertThat(telemetry.timestamp()).isEqualTo(Instant.ofEpochMilli(1764232200000L));
    }

    @Test
    void readsParquetThroughDuckDb() throws Exception {
        Path parquet = dir.resolve("surveys.parquet");
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES ('s1', 'c-1', 9, 'nps', '推荐给朋友', TIMESTAMP '2026-11-01 09:00:00'),"
                    + " ('s2', 'c-2', 3, 'nps', '客服太慢', TIMESTAMP '2026-11-02 09:00:00'))"
                    + " AS t(response_id, customer_id, score, kind, verbatim, answered_at)) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        Path mapping = Files.writeString(dir.resolve("surveys.yaml"), "template: surveys\ntimestamp: {format: \"yyyy-MM-dd HH:mm:ss\"}\n");

        ImportReport report = run(parquet, mapping.toString());

        assertThat(report.firstErrors()).isEmpty();
        assertThat(report.rows()).isEqualTo(2);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(stored()).extracting(event -> event.properties().get("text")).containsExactly("推荐给朋友", "客服太慢");
        assertThat(stored().get(1).properties().get("score")).isEqualTo(3.0);
        assertThat(stored().get(0).channel()).isEqualTo(Channel.SURVEY);
    }

    @Test
    void refusesAMappingThatDoesNotFitTheFileBeforeStoringAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("orders.csv"), "order,qty\n1,2\n");

        assertThatThrownBy(() -> run(file, "orders")).isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("columns 'customer_id', 'order_id', 'ordered_at', 'quantity', 'unit_price'")
                .hasMessageContaining("its columns: order, qty");
        assertThatThrownBy(() -> run(file, null)).hasMessageContaining("give a mapping");
        assertThatThrownBy(() -> run(Files.writeString(dir.resolve("data.xlsx"), "x"), "orders")).hasMessageContaining("cannot tell the format");
        assertThat(stored()).isEmpty();
    }

    @Test
    void reportsARecordWithTheWrongNumberOfFields() throws IOException {
        Path file = Files.writeString(dir.resolve("tickets.csv"), "ticket_id,customer_id,created_at,description\n"
                + "t1,c1,2026-11-01T10:00:00Z,屏幕坏了\n" + "t2,c2,2026-11-01T11:00:00Z\n", StandardCharsets.UTF_8);

        ImportReport report = run(file, "tickets");

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.firstErrors()).containsExactly("tickets.csv:3: record: has 3 fields, the header has 4");
        assertThat(stored().get(0).channel()).isEqualTo(Channel.SERVICE);
    }
}
