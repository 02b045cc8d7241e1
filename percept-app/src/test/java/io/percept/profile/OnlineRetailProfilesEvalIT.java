package io.percept.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Channel;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.processing.ProcessorRunner;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.IdentitySettings;
import io.percept.ingest.ImportReport;
import io.percept.ingest.ImportRequest;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import io.percept.ingest.imports.FileImporter;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.testing.Datasets;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation on real data: the UCI Online Retail export imported with
 * {@code docs/examples/online-retail.yaml}, then unified. Every customer's order count, revenue,
 * refund count and refunded amount is checked against a computation made here directly on the raw
 * CSV, sharing no code with the importer or the profile.
 *
 * <p>Treatment (the mapping's, stated in {@code docs/identity.md}): an invoice is an order; a "C"
 * invoice is a cancellation, counted as a refund (its amount taken positive), never as an order and
 * never subtracted from {@code revenue} (it is subtracted in {@code netRevenue}); "A" invoices
 * (bad-debt adjustments) and lines with a unit price of 0 or less are not sales; an exact repeat of
 * a line within one invoice counts once; an order's revenue is the sum of quantity x unit price of
 * its lines, rounded to pence.
 */
class OnlineRetailProfilesEvalIT {

    private static final int CUSTOMERS = 4_372;

    @TempDir
    Path dir;

    /** What the raw file says of one customer. */
    private static final class Expected {
        final Set<String> orders = new HashSet<>();
        final Set<String> refunds = new HashSet<>();
        final Map<String, BigDecimal> invoiceTotals = new TreeMap<>();
    }

    @Test
    void everyCustomersOrdersAndRevenueMatchTheRawFile() throws Exception {
        Path csv = Datasets.root().resolve("uci_online_retail/online_retail.csv");
        Map<String, Expected> expected = expectedFromRawFile(csv);
        assertThat(expected.size()).as("customers in the file").isEqualTo(CUSTOMERS);

        Path mapping = Path.of("").toAbsolutePath().resolveSibling("docs/examples/online-retail.yaml");
        Source source = new Source(new SourceName("online-retail"), Channel.ECOMMERCE, new WriteKey("online-retail-key"), true, Instant.EPOCH);
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
                DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry())) {
            ImportReport report = new FileImporter(log, Clock.systemUTC(), new IngestSettings.Imports(2000, 4))
                    .run(new ImportRequest(List.of(csv), source, mapping.toString(), null, dir.resolve("rejects.jsonl")), (f, r, a, j) -> { });
            ProfileStore profileStore = new ProfileStore(new IdentifierExtractor(IdentitySettings.defaults()), ProfileSettings.defaults().rules());
            UnifyProcessor processor = new UnifyProcessor(profileStore, log, store, ProfileSettings.defaults(), dir.resolve("state"));
            Profiles profiles = new Profiles(profileStore, processor, log, store, ProfileSettings.defaults());
            ProcessorRunner runner = new ProcessorRunner(List.of(processor), log, store, EventLogSettings.defaults().processors(),
                    new SimpleMeterRegistry());
            long started = System.nanoTime();
            runner.start();
            try {
                assertThat(processor.awaitPosition(log.head(), 300_000)).isTrue();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "online retail profiles: events=%d profiles=%d seconds=%.2f events_per_s=%.0f%n",
                        report.accepted(), profiles.count(), seconds, report.accepted() / seconds);

                int checked = 0;
                int withoutSales = 0;
                List<String> wrong = new ArrayList<>();
                for (Map.Entry<String, Expected> entry : expected.entrySet()) {
                    ProfileView profile = profiles.byIdentifier("user_id", entry.getKey()).orElse(null);
                    Expected want = entry.getValue();
                    double revenue = want.invoiceTotals.entrySet().stream().filter(e -> !e.getKey().startsWith("C"))
                            .mapToDouble(e -> e.getValue().doubleValue()).sum();
                    double refunded = want.invoiceTotals.entrySet().stream().filter(e -> e.getKey().startsWith("C"))
                            .mapToDouble(e -> e.getValue().abs().doubleValue()).sum();
                    if (profile == null) {
                        // only lines that are not sales (unit price 0): no event, so no profile, as expected
                        if (!want.orders.isEmpty() || !want.refunds.isEmpty()) {
                            wrong.add(entry.getKey() + ": no profile");
                        }
                        withoutSales++;
                        checked++;
                        continue;
                    }
                    Map<String, Object> attributes = profile.attributes();
                    boolean same = attributes.get("orders").equals(want.orders.size())
                            && attributes.get("refunds").equals(want.refunds.size())
                            && Math.abs((Double) attributes.get("revenue") - round(revenue)) < 0.005
                            && Math.abs((Double) attributes.get("refunded") - round(refunded)) < 0.005
                            && profile.identifiers().size() == 1;
                    if (!same) {
                        wrong.add(entry.getKey() + ": expected orders=" + want.orders.size() + " revenue=" + round(revenue) + " refunds="
                                + want.refunds.size() + " refunded=" + round(refunded) + ", profile " + attributes.get("orders") + " "
                                + attributes.get("revenue") + " " + attributes.get("refunds") + " " + attributes.get("refunded")
                                + " identifiers " + profile.identifiers().size());
                    }
                    checked++;
                }
                assertThat(wrong).as("customers whose profile differs from the raw file").isEmpty();
                assertThat(checked).isEqualTo(CUSTOMERS);
                assertThat(withoutSales).as("customers whose only lines have unit price 0").isEqualTo(1);
                System.out.printf(Locale.ROOT, "online retail profiles: %d customers checked, %d with profiles, %d without sales%n", checked,
                        checked - withoutSales, withoutSales);
                // guests: one profile per receipt, so customers plus guest receipts
                assertThat(profiles.count()).isEqualTo(CUSTOMERS - withoutSales + 1_609);
            } finally {
                runner.stop();
            }
        }
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** Orders, refunds and per-invoice totals by customer, read straight from the CSV. */
    private static Map<String, Expected> expectedFromRawFile(Path csv) throws Exception {
        Map<String, Expected> customers = new HashMap<>();
        Set<String> seenLines = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            assertThat(header).startsWith("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country");
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> fields = split(line);
                String invoice = fields.get(0);
                String customer = fields.get(6).strip();
                if (customer.isEmpty()) {
                    continue;
                }
                Expected expected = customers.computeIfAbsent(customer, c -> new Expected());
                BigDecimal price = new BigDecimal(fields.get(5));
                if (invoice.startsWith("A") || price.signum() <= 0 || !seenLines.add(line)) {
                    continue;
                }
                (invoice.startsWith("C") ? expected.refunds : expected.orders).add(invoice);
                BigDecimal amount = price.multiply(new BigDecimal(fields.get(3)));
                expected.invoiceTotals.merge(invoice, amount, BigDecimal::add);
            }
        }
        for (Expected expected : customers.values()) {
            expected.invoiceTotals.replaceAll((invoice, total) -> total.setScale(2, RoundingMode.HALF_UP));
        }
        return customers;
    }

    /** Splits one CSV record (quoted fields may hold commas; no record spans lines in this file). */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
