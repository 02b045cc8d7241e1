package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.percept.PerceptApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code percept clv simulate} and {@code percept clv fit} on files written here: parameters recovered, rows skipped, the table and the CSV. */
class ClvCommandTests {

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private Map<String, Double> lastLine() {
        List<String> lines = out.toString().lines().toList();
        Map<String, Double> fields = new HashMap<>();
        for (String field : lines.get(lines.size() - 1).split(" ")) {
            String[] pair = field.split("=", 2);
            fields.put(pair[0], Double.parseDouble(pair[1]));
        }
        return fields;
    }

    /**
     * 8,000 simulated CDNOW-like customers over 78 weeks: the fit recovers the parameters it was given.
     * Tolerances are wider than the analytics tests' (fewer customers, dates rounded to days, same-day
     * purchases merged): 15% for r and α, 40% for a and b, 15% for p and γ, 10% for q.
     */
    @Test
    void fitsWhatItSimulated() throws Exception {
        Path file = dir.resolve("simulated.csv");
        assertThat(run("clv", "simulate", "--customers", "8000", "--out", file.toString(), "--seed", "3")).isZero();
        assertThat(out.toString()).contains("customers=8000 transactions=");

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "customer", "--date-column", "date",
                "--amount-column", "amount", "--observation-end", "2025-06-29")).as(err.toString()).isZero();
        Map<String, Double> fit = lastLine();
        assertThat(fit.get("customers")).isEqualTo(8000);
        assertThat(fit.get("r")).isCloseTo(0.243, within(0.15 * 0.243));
        assertThat(fit.get("alpha")).isCloseTo(4.414, within(0.15 * 4.414));
        assertThat(fit.get("a")).isCloseTo(0.793, within(0.4 * 0.793));
        assertThat(fit.get("b")).isCloseTo(2.426, within(0.4 * 2.426));
        assertThat(fit.get("p")).isCloseTo(6.25, within(0.15 * 6.25));
        assertThat(fit.get("q")).isCloseTo(3.74, within(0.10 * 3.74));
        assertThat(fit.get("gamma")).isCloseTo(15.44, within(0.15 * 15.44));
        assertThat(out.toString()).contains("expected value of these customers over the next 52 weeks");
    }

    @Test
    void comparesACalibrationPeriodWithItsHoldout() throws Exception {
        Path file = dir.resolve("simulated.csv");
        assertThat(run("clv", "simulate", "--customers", "5000", "--out", file.toString(), "--seed", "5")).isZero();

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "customer", "--date-column", "date",
                "--calibration-end", "2024-09-29", "--time-unit", "WEEK")).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("frequency", "predicted", "actual", "\n7+ ", "MAE over frequency buckets");
        Map<String, Double> fit = lastLine();
        assertThat(fit).containsKeys("r", "alpha", "a", "b", "customers", "mae", "fit_seconds").doesNotContainKey("p");
        // about 0.7 holdout purchases per customer; the high-frequency buckets hold few customers (60 to 140), so their
        // means are noisy: the plain mean over buckets stays below 0.3, weighted by customers below 0.08
        assertThat(fit.get("mae")).isLessThan(0.3);
        assertThat(fit.get("mae_weighted")).isLessThan(0.08);
    }

    @Test
    void skipsAndCountsRowsWithoutACustomerADateOrAPositiveAmount() throws Exception {
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, String.join("\n",
                "order,who,when,qty,price",
                "1,alice,03/01/2024 10:00,2,5.00",
                "2,alice,03/01/2024 18:30,1,10.00",
                "3,alice,10/01/2024 09:00,1,30.00",
                "4,alice,24/01/2024 09:00,2,10.00",
                "5,,11/01/2024 09:00,1,9.99",
                "6,bob,05/01/2024 12:00,-1,7.00",
                "7,bob,05/01/2024 12:00,1,7.00",
                "8,bob,not a date,1,7.00",
                "9,\"carol, jr\",20/01/2024 08:00,1,0",
                "10,carol,20/01/2024 08:00,3,4.00",
                "11,carol,21/01/2024 08:00,1,8.00",
                "12,dave,02/01/2024 08:00,1,15.00",
                "13,dave,31/01/2024 08:00,1,25.00",
                "14,erin,04/01/2024 08:00,1,15.00",
                "") , StandardCharsets.UTF_8);
        Path perCustomer = dir.resolve("clv.csv");

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "who", "--date-column", "when", "--amount-column", "price",
                "--quantity-column", "qty", "--date-format", "dd/MM/yyyy HH:mm", "--time-unit", "day", "--horizon", "30",
                "--annual-discount-rate", "0.1", "--out", perCustomer.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("read 14 records in [0-9.]+ s: 10 transactions of 5 customers; skipped 1 without a customer, 1 with an "
                + "unreadable date, 0 with an unreadable amount, 2 with an amount of 0 or less");
        assertThat(lastLine().get("customers")).isEqualTo(5);
        List<String> rows = Files.readAllLines(perCustomer, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo("customer,x,t_x,T,p_alive,expected_purchases,expected_spend,clv");
        // alice: the 3rd (two orders, one purchase), the 10th and the 24th; observed to the 31st (the last transaction)
        assertThat(rows.get(1)).startsWith("alice,2,21.0000,28.0000,");
        assertThat(rows.get(2)).startsWith("bob,0,0.0000,26.0000,1.0000,");
        assertThat(rows.get(3)).startsWith("carol,1,1.0000,11.0000,");
        assertThat(rows).hasSize(6);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertThat(Double.parseDouble(cells[7])).as(row).isPositive();
        }
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        Path file = dir.resolve("few.csv");
        Files.writeString(file, "customer,date\na,2024-01-01\na,2024-01-05\nb,2024-01-02T10:00:00\n", StandardCharsets.UTF_8);

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "client", "--date-column", "date")).isEqualTo(2);
        assertThat(err.toString()).contains("has no column 'client'");

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "customer", "--date-column", "date",
                "--calibration-end", "2023-12-01")).isEqualTo(2);
        assertThat(err.toString()).contains("--calibration-end 2023-12-01 is not inside the transactions' dates 2024-01-01 to 2024-01-05");

        assertThat(run("clv", "fit", "--input", file.toString(), "--customer-column", "customer", "--date-column", "date",
                "--quantity-column", "q")).isEqualTo(2);
        assertThat(err.toString()).contains("--quantity-column needs --amount-column");

        assertThat(run("clv", "fit", "--input", dir.resolve("missing.csv").toString(), "--customer-column", "c", "--date-column", "d")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");

        assertThat(run("clv", "simulate", "--customers", "0", "--out", dir.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--customers must be between 1");
    }

    @Test
    void readsIsoDatesWithOrWithoutATime() {
        ClvCommand.DateParser iso = new ClvCommand.DateParser(null);
        assertThat(iso.epochDay("2011-06-30")).isEqualTo(iso.epochDay("2011-06-30 23:59:00")).isEqualTo(iso.epochDay("2011-06-30T08:00:00Z"))
                .isEqualTo(java.time.LocalDate.of(2011, 6, 30).toEpochDay());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> iso.epochDay("30/06/2011")).isInstanceOf(java.time.DateTimeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> iso.epochDay("2011-02-30")).isInstanceOf(java.time.DateTimeException.class);
    }
}
