package io.percept.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.ingest.domain.mapping.ImportMapping;
import io.percept.ingest.domain.mapping.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTests {

    private static final ImportMapping.CsvOptions COMMA = new ImportMapping.CsvOptions(',', '"', StandardCharsets.UTF_8, true);

    private static CsvRows csv(String text, ImportMapping.CsvOptions options) throws IOException {
        byte[] bytes = text.getBytes(options.encoding());
        CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(bytes));
        return new CsvRows(counted, counted, bytes.length, options);
    }

    private static List<Row> rows(CsvRows source) throws IOException {
        List<Row> rows = new ArrayList<>();
        Row row;
        while ((row = source.next()) != null) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void readsQuotedFieldsWithDelimitersQuotesAndLineBreaksKeepingLineNumbers() throws IOException {
        CsvRows source = csv("\uFEFFid,text,n\r\n1,\"a, \"\"quoted\"\" text\",2\r\n\r\n2,\"two\nlines\",3\n3,plain,4", COMMA);

        List<Row> rows = rows(source);

        assertThat(source.columns()).containsExactly("id", "text", "n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("text")).isEqualTo("a, \"quoted\" text");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).get("text")).isEqualTo("two\nlines");
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(1).raw()).isEqualTo("2,\"two\nlines\",3");
        assertThat(rows.get(2).line()).isEqualTo(6);
        assertThat(rows.get(2).get("n")).isEqualTo("4");
        assertThat(source.fractionDone()).isEqualTo(1.0);
    }

    @Test
    void aByteOrderMarkDecidesTheEncodingOverTheDeclaredOne() throws IOException {
        ImportMapping.CsvOptions gbk = new ImportMapping.CsvOptions(',', '"', java.nio.charset.Charset.forName("GBK"), true);
        for (java.nio.charset.Charset written : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bytes = "\uFEFF评论编号,内容\n1,很好用\n".getBytes(written);
            CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(bytes));
            CsvRows source = new CsvRows(counted, counted, bytes.length, gbk);

            List<Row> rows = rows(source);

            assertThat(source.columns()).as("written in %s", written).containsExactly("评论编号", "内容");
            assertThat(rows).singleElement().satisfies(row -> assertThat(row.get("内容")).isEqualTo("很好用"));
        }
        CsvRows declared = csv("评论编号,内容\n1,很好用\n", gbk);
        assertThat(declared.columns()).as("without a mark the declared encoding applies").containsExactly("评论编号", "内容");
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsIsABadRow() throws IOException {
        List<Row> rows = rows(csv("a,b\n1,2\n1,2,3\n4,5\n", COMMA));

        assertThat(rows.get(1)).isEqualTo(new RowSource.BadRow(3, "has 3 fields, the header has 2", "1,2,3"));
        assertThat(rows.get(2).get("b")).isEqualTo("5");
    }

    @Test
    void namesColumnsWithoutAHeaderAndReadsOtherDelimiters() throws IOException {
        CsvRows source = csv("x\t'y\tz'\n", new ImportMapping.CsvOptions('\t', '\'', StandardCharsets.UTF_8, false));

        List<Row> rows = rows(source);

        assertThat(source.columns()).containsExactly("column1", "column2");
        assertThat(rows.get(0).get("column2")).isEqualTo("y\tz");
    }

    @Test
    void stopsAtAQuoteThatIsNeverClosedNamingWhereItBegan() throws IOException {
        CsvRows source = csv("a,b\n1,2\n3,\"open\n4,5\n", COMMA);

        assertThat(source.next().get("a")).isEqualTo("1");
        assertThatThrownBy(source::next).isInstanceOf(IOException.class).hasMessageContaining("begins on line 3 is never closed");
    }

    @Test
    void readsRecordsAcrossBufferBoundaries() throws IOException {
        StringBuilder text = new StringBuilder("id,text\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(i % 7 == 0 ? ",\"quoted, " + i + "\"\n" : ",plain-" + i + "\r\n");
        }

        List<Row> rows = rows(csv(text.toString(), COMMA));

        assertThat(rows).hasSize(20_000);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("id")).isEqualTo(Integer.toString(i));
            assertThat(rows.get(i).get("text")).isEqualTo(i % 7 == 0 ? "quoted, " + i : "plain-" + i);
            assertThat(rows.get(i).line()).isEqualTo(i + 2);
        }
    }
}
