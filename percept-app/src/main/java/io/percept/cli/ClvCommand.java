package io.percept.cli;

import io.percept.analytics.clv.BgNbd;
import io.percept.analytics.clv.FitOptions;
import io.percept.analytics.clv.Clv;
import io.percept.analytics.clv.CustomerSummaries;
import io.percept.analytics.clv.GammaGamma;
import io.percept.ingest.imports.TableFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code percept clv fit|simulate}: lifetime value from a file of transactions (BG/NBD and Gamma-Gamma). */
@Command(name = "clv",
        description = "Customer lifetime value: fit BG/NBD (repeat purchases and dropout) and Gamma-Gamma (spend) to a file of "
                + "transactions, or write synthetic transactions from known parameters. See docs/models.md.",
        subcommands = {ClvCommand.Fit.class, ClvCommand.Simulate.class},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage error."})
final class ClvCommand {

    /** The time unit the models count in. */
    enum Unit {
        DAY(1, 365), WEEK(7, 52);

        final int days;
        final int perYear;

        Unit(int days, int perYear) {
            this.days = days;
            this.perYear = perYear;
        }
    }

    /** The CDNOW estimates (FHL 2005, weeks; Fader and Hardie 2013): the simulator's defaults. */
    static final List<Double> CDNOW_BG_NBD = List.of(0.243, 4.414, 0.793, 2.426);
    static final List<Double> CDNOW_GAMMA_GAMMA = List.of(6.25, 3.74, 15.44);

    @Command(name = "fit",
            description = {"Fit BG/NBD to the transactions of a CSV, TSV or JSONL file (transactions of a customer on the same day are "
                    + "one purchase) and, with --amount-column, Gamma-Gamma to the spend of repeat purchases. Rows without a customer, "
                    + "and with --amount-column rows whose amount is 0 or less (returns, cancellations), are skipped and counted. With "
                    + "--calibration-end the models are fitted on the purchases up to that day and compared with the later ones: "
                    + "mean predicted vs actual purchases by calibration frequency, and the mean absolute error. The last line is "
                    + "`r=... alpha=... a=... b=... customers=...` (then p, q, gamma with amounts; mae over the frequency buckets and mae_weighted by their customers with a holdout; fit_seconds)."},
            footer = {"", "Exit codes: 0 fitted, 1 failed, 2 usage error."})
    static final class Fit implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The transactions (CSV, TSV or JSONL, optionally gzipped)")
        Path input;

        @Option(names = "--customer-column", required = true, paramLabel = "C", description = "The customer's column")
        String customerColumn;

        @Option(names = "--date-column", required = true, paramLabel = "D", description = "The transaction date's column")
        String dateColumn;

        @Option(names = "--amount-column", paramLabel = "A", description = "The amount's column: fits Gamma-Gamma and gives CLV")
        String amountColumn;

        @Option(names = "--quantity-column", paramLabel = "Q", description = "A quantity column: a row's amount is Q times the amount "
                + "column (e.g. quantity and unit price)")
        String quantityColumn;

        @Option(names = "--date-format", paramLabel = "F", description = "A java.time pattern for the dates (default: ISO date or "
                + "date-time, or yyyy-MM-dd HH:mm:ss); times and zones are dropped, the date is taken as written")
        String dateFormat;

        @Option(names = "--calibration-end", paramLabel = "DATE", description = "The calibration period's last day (yyyy-MM-dd): fit "
                + "on purchases up to it and compare predictions with the purchases after it")
        LocalDate calibrationEnd;

        @Option(names = "--observation-end", paramLabel = "DATE", description = "The last day observed (default: the last transaction's)")
        LocalDate observationEnd;

        @Option(names = "--time-unit", defaultValue = "week", paramLabel = "day|week", description = "The models' time unit (default: ${DEFAULT-VALUE})")
        Unit unit;

        @Option(names = "--horizon", paramLabel = "N", description = "CLV and expected purchases over the next N time units (default: a year, 52 weeks or 365 days)")
        Double horizon;

        @Option(names = "--annual-discount-rate", defaultValue = "0", paramLabel = "D", description = "Discount future purchases at D a "
                + "year, compounded per time unit (default: ${DEFAULT-VALUE})")
        double annualDiscountRate;

        @Option(names = "--skip-lines", defaultValue = "0", paramLabel = "N", description = "Lines before the header to skip")
        int skipLines;

        @Option(names = "--out", paramLabel = "FILE", description = "Write per customer: customer, x, t_x, T, p_alive, "
                + "expected_purchases, expected_spend, clv (CSV; expected over the horizon, from the end of the fitted period)")
        Path out;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String invalid = invalid();
            if (invalid != null) {
                err.println("percept clv fit: " + invalid);
                return 2;
            }
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
            try {
                long started = System.nanoTime();
                Transactions transactions = read(progress);
                progress.finish();
                stdout.printf(Locale.ROOT, "read %,d records in %.1f s: %,d transactions of %,d customers; skipped %,d without a customer, %,d with an "
                                + "unreadable date, %,d with an unreadable amount, %,d with an amount of 0 or less, %,d unreadable%n",
                        transactions.records, (System.nanoTime() - started) / 1e9, transactions.size, transactions.ids.size(), transactions.noCustomer, transactions.badDate,
                        transactions.badAmount, transactions.nonPositive, transactions.unreadable);
                if (transactions.size == 0) {
                    err.println("percept clv fit: no transactions to fit in " + input);
                    return 2;
                }
                return fit(transactions, stdout, err);
            } catch (IllegalArgumentException | DateTimeException e) {
                progress.finish();
                err.println("percept clv fit: " + e.getMessage());
                return 2;
            } catch (IOException | UncheckedIOException e) {
                progress.finish();
                err.println("percept clv fit: " + e.getMessage());
                return 1;
            }
        }

        private String invalid() {
            if (!Files.isRegularFile(input)) {
                return "no such file: " + input;
            }
            if (quantityColumn != null && amountColumn == null) {
                return "--quantity-column needs --amount-column";
            }
            if (horizon != null && !(horizon > 0 && horizon < 1e6)) {
                return "--horizon must be positive, was " + horizon;
            }
            if (!(annualDiscountRate >= 0 && annualDiscountRate < 10)) {
                return "--annual-discount-rate must be between 0 and 10, was " + annualDiscountRate;
            }
            if (skipLines < 0) {
                return "--skip-lines must be 0 or more";
            }
            if (dateFormat != null) {
                try {
                    DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    return "--date-format '" + dateFormat + "' is not a java.time pattern: " + e.getMessage();
                }
            }
            if (calibrationEnd != null && observationEnd != null && !observationEnd.isAfter(calibrationEnd)) {
                return "--observation-end must be after --calibration-end";
            }
            return null;
        }

        private int fit(Transactions transactions, PrintWriter stdout, PrintWriter err) throws IOException {
            long lastDay = observationEnd != null ? observationEnd.toEpochDay() : transactions.lastDay;
            long calibrationDay = calibrationEnd != null ? calibrationEnd.toEpochDay() : lastDay;
            if (calibrationEnd != null && (calibrationDay < transactions.firstDay || calibrationDay >= lastDay)) {
                err.printf(Locale.ROOT, "percept clv fit: --calibration-end %s is not inside the transactions' dates %s to %s%n", calibrationEnd,
                        LocalDate.ofEpochDay(transactions.firstDay), LocalDate.ofEpochDay(lastDay));
                return 2;
            }
            boolean amounts = amountColumn != null;
            CustomerSummaries summaries = CustomerSummaries.of(Arrays.copyOf(transactions.customer, transactions.size),
                    Arrays.copyOf(transactions.day, transactions.size), amounts ? Arrays.copyOf(transactions.amount, transactions.size) : null,
                    transactions.ids.size(), new CustomerSummaries.Options(unit.days, calibrationDay, lastDay));
            double repeaters = 0;
            for (double x : summaries.frequency()) {
                repeaters += x > 0 ? 1 : 0;
            }
            stdout.printf(Locale.ROOT, "%,d customers from %s to %s (%s), %,.0f with repeat purchases%s%n", summaries.size(),
                    LocalDate.ofEpochDay(transactions.firstDay), LocalDate.ofEpochDay(calibrationDay),
                    calibrationEnd != null ? "calibration" : "observation", repeaters,
                    summaries.laterCustomers() > 0 ? String.format(Locale.ROOT, "; %,d first bought after the calibration end (left out)",
                            summaries.laterCustomers()) : "");
            if (summaries.size() < 200) {
                err.printf(Locale.ROOT, "percept clv fit: only %d customers: the parameters will be poorly determined%n", summaries.size());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long started = threads.getCurrentThreadCpuTime();
            BgNbd.Model model = BgNbd.fit(summaries.frequency(), summaries.recency(), summaries.age(), FitOptions.defaults());
            double fitSeconds = (threads.getCurrentThreadCpuTime() - started) / 1e9;
            double passSeconds = onePass(model, summaries, threads);
            BgNbd.Parameters bg = model.parameters();
            stdout.printf(Locale.ROOT, "BG/NBD (time unit %s): r=%.5g alpha=%.5g a=%.5g b=%.5g log-likelihood=%.2f, %d iterations%s%n",
                    unit.name().toLowerCase(Locale.ROOT), bg.r(), bg.alpha(), bg.a(), bg.b(), model.logLikelihood(), model.iterations(),
                    model.converged() ? "" : " (did not converge)");
            stdout.printf(Locale.ROOT, "fit %.3f s CPU; one log-likelihood pass over the %,d customers %.2f ms: fit = %.0f passes%n", fitSeconds,
                    summaries.size(), passSeconds * 1e3, fitSeconds / passSeconds);
            GammaGamma.Model spend = null;
            if (amounts) {
                spend = GammaGamma.fit(summaries.frequency(), summaries.meanSpend(), FitOptions.defaults());
                GammaGamma.Parameters gg = spend.parameters();
                stdout.printf(Locale.ROOT, "Gamma-Gamma on %,d repeat customers: p=%.5g q=%.5g gamma=%.5g, mean spend per purchase %.2f%s%n",
                        spend.provenance().customers(), gg.p(), gg.q(), gg.gamma(), spend.expectedSpend(0, Double.NaN),
                        spend.converged() ? "" : " (did not converge)");
                stdout.printf(Locale.ROOT, "  (spend and frequency correlate %.3f across repeat customers; Gamma-Gamma assumes they do not)%n",
                        correlation(summaries.frequency(), summaries.meanSpend()));
            }
            BgNbd.HoldoutTable table = null;
            if (calibrationEnd != null) {
                table = BgNbd.calibrationHoldout(model, summaries);
                stdout.printf(Locale.ROOT, "holdout %s to %s (%.1f %ss): purchases per customer by calibration frequency%n",
                        LocalDate.ofEpochDay(calibrationDay + 1), LocalDate.ofEpochDay(lastDay), summaries.holdoutLength(),
                        unit.name().toLowerCase(Locale.ROOT));
                printTable(stdout, table);
            }
            double span = horizon != null ? horizon : unit.perYear;
            double rate = Clv.ratePerUnit(annualDiscountRate, unit.days);
            double totalValue = out != null || amounts ? write(summaries, transactions, model, spend, span, rate) : Double.NaN;
            if (amounts) {
                stdout.printf(Locale.ROOT, "expected value of these customers over the next %.0f %ss: %,.0f%s%s%n", span,
                        unit.name().toLowerCase(Locale.ROOT), totalValue, annualDiscountRate > 0
                                ? String.format(Locale.ROOT, " (discounted at %.1f%% a year)", 100 * annualDiscountRate) : "",
                        out != null ? "; per customer in " + out : "");
            } else if (out != null) {
                stdout.println("per customer in " + out);
            }
            StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "r=%.5g alpha=%.5g a=%.5g b=%.5g customers=%d", bg.r(), bg.alpha(),
                    bg.a(), bg.b(), summaries.size()));
            if (spend != null) {
                GammaGamma.Parameters gg = spend.parameters();
                last.append(String.format(Locale.ROOT, " p=%.5g q=%.5g gamma=%.5g", gg.p(), gg.q(), gg.gamma()));
            }
            if (table != null) {
                last.append(String.format(Locale.ROOT, " mae=%.4f mae_weighted=%.4f", table.bucketMae(), table.weightedMae()));
            }
            last.append(String.format(Locale.ROOT, " fit_seconds=%.3f", fitSeconds));
            stdout.println(last);
            return 0;
        }

        /** The median CPU time of one log-likelihood evaluation over all customers, the fit's unit of work. */
        private static double onePass(BgNbd.Model model, CustomerSummaries summaries, ThreadMXBean threads) {
            double[] seconds = new double[5];
            for (int i = 0; i < seconds.length; i++) {
                long started = threads.getCurrentThreadCpuTime();
                BgNbd.logLikelihood(model.parameters(), summaries.frequency(), summaries.recency(), summaries.age());
                seconds[i] = (threads.getCurrentThreadCpuTime() - started) / 1e9;
            }
            Arrays.sort(seconds);
            return Math.max(seconds[2], 1e-6);
        }

        static void printTable(PrintWriter stdout, BgNbd.HoldoutTable table) {
            stdout.printf(Locale.ROOT, "%-10s %10s %10s %10s %10s%n", "frequency", "customers", "predicted", "actual", "error");
            for (BgNbd.HoldoutRow row : table.rows()) {
                stdout.printf(Locale.ROOT, "%-10s %,10d %10.3f %10.3f %+10.3f%n", row.frequency() == 7 ? "7+" : String.valueOf(row.frequency()),
                        row.customers(), row.meanPredicted(), row.meanActual(), row.meanPredicted() - row.meanActual());
            }
            stdout.printf(Locale.ROOT, "%-10s %,10d %10.3f %10.3f %+10.3f%n", "all", table.rows().stream().mapToInt(BgNbd.HoldoutRow::customers).sum(),
                    table.meanPredicted(), table.meanActual(), table.meanPredicted() - table.meanActual());
            stdout.printf(Locale.ROOT, "MAE over frequency buckets %.4f (%.1f%% of the mean actual %.4f); weighted by customers %.4f; per customer %.4f%n",
                    table.bucketMae(), 100 * table.bucketMae() / table.meanActual(), table.meanActual(), table.weightedMae(), table.customerMae());
        }

        /** Writes the per-customer CSV when asked; returns the customers' total CLV (NaN without amounts). */
        private double write(CustomerSummaries summaries, Transactions transactions, BgNbd.Model model, GammaGamma.Model spend, double span,
                             double rate) throws IOException {
            String[] names = new String[transactions.ids.size()];
            transactions.ids.forEach((id, index) -> names[index] = id);
            double total = 0;
            BufferedWriter writer = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
            try {
                if (writer != null) {
                    writer.write("customer,x,t_x,T,p_alive,expected_purchases,expected_spend,clv\n");
                }
                for (int i = 0; i < summaries.size(); i++) {
                    double x = summaries.frequency()[i];
                    double tx = summaries.recency()[i];
                    double age = summaries.age()[i];
                    double expected = model.expectedPurchases(span, x, tx, age);
                    String spendText = "";
                    String valueText = "";
                    if (spend != null) {
                        double perPurchase = spend.expectedSpend(x, summaries.meanSpend()[i]);
                        double value = Clv.value(model, perPurchase, x, tx, age, span, rate);
                        total += value;
                        spendText = String.format(Locale.ROOT, "%.2f", perPurchase);
                        valueText = String.format(Locale.ROOT, "%.2f", value);
                    }
                    if (writer != null) {
                        writer.write(String.format(Locale.ROOT, "%s,%.0f,%.4f,%.4f,%.4f,%.4f,%s,%s%n", csv(names[summaries.customer()[i]]), x, tx,
                                age, model.probabilityAlive(x, tx, age), expected, spendText, valueText));
                    }
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
            return spend == null ? Double.NaN : total;
        }

        private Transactions read(ProgressPrinter progress) throws IOException {
            Transactions transactions = new Transactions();
            DateParser dates = new DateParser(dateFormat);
            try (TableFile file = TableFile.open(input, TableFile.Kind.of(input), skipLines)) {
                List<String> columns = file.columns();
                List<String> needed = new ArrayList<>(List.of(customerColumn, dateColumn));
                if (amountColumn != null) {
                    needed.add(amountColumn);
                }
                if (quantityColumn != null) {
                    needed.add(quantityColumn);
                }
                for (String column : needed) {
                    if (!columns.isEmpty() && !columns.contains(column)) {
                        throw new IllegalArgumentException(input + " has no column '" + column + "'; it has " + columns);
                    }
                }
                TableFile.Record record;
                while ((record = file.next()) != null) {
                    if ((++transactions.records & 4095) == 0) {
                        progress.show(file.fractionDone(), transactions.records, "records");
                    }
                    if (record.problem() != null) {
                        transactions.unreadable++;
                        continue;
                    }
                    String customer = record.get(customerColumn);
                    customer = customer == null ? "" : customer.strip();
                    if (customer.isEmpty()) {
                        transactions.noCustomer++;
                        continue;
                    }
                    long day;
                    try {
                        day = dates.epochDay(record.get(dateColumn));
                    } catch (DateTimeException | NullPointerException e) {
                        transactions.badDate++;
                        continue;
                    }
                    double amount = 0;
                    if (amountColumn != null) {
                        amount = number(record.get(amountColumn));
                        if (quantityColumn != null) {
                            amount *= number(record.get(quantityColumn));
                        }
                        if (Double.isNaN(amount)) {
                            transactions.badAmount++;
                            continue;
                        }
                        if (amount <= 0) {
                            transactions.nonPositive++;
                            continue;
                        }
                    }
                    transactions.add(customer, day, amount);
                }
            }
            return transactions;
        }

        private static double number(String text) {
            if (text == null || text.isBlank()) {
                return Double.NaN;
            }
            try {
                double value = Double.parseDouble(text.strip());
                return Double.isFinite(value) ? value : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    @Command(name = "simulate",
            description = {"Write synthetic transactions (customer,date,amount CSV) of customers who follow BG/NBD and Gamma-Gamma with "
                    + "known parameters in weeks (default: the CDNOW estimates), for testing `percept clv fit`. Customers make their "
                    + "first purchase uniformly over the first --cohort-weeks weeks; purchases on the same day become one when fitted. "
                    + "The last line is `customers=... transactions=... r=... alpha=... a=... b=... p=... q=... gamma=...`."},
            footer = {"", "Exit codes: 0 written, 1 failed, 2 usage error."})
    static final class Simulate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--customers", required = true, paramLabel = "N", description = "How many customers")
        int customers;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV to write")
        Path out;

        @Option(names = "--bg-nbd", split = ",", paramLabel = "R,ALPHA,A,B", description = "BG/NBD parameters in weeks (default: 0.243,4.414,0.793,2.426)")
        List<Double> bgNbd = CDNOW_BG_NBD;

        @Option(names = "--gamma-gamma", split = ",", paramLabel = "P,Q,GAMMA", description = "Gamma-Gamma parameters (default: 6.25,3.74,15.44)")
        List<Double> gammaGamma = CDNOW_GAMMA_GAMMA;

        @Option(names = "--weeks", defaultValue = "78", paramLabel = "W", description = "Weeks observed (default: ${DEFAULT-VALUE})")
        int weeks;

        @Option(names = "--cohort-weeks", defaultValue = "12", paramLabel = "C", description = "Weeks over which customers arrive (default: ${DEFAULT-VALUE})")
        int cohortWeeks;

        @Option(names = "--start", defaultValue = "2024-01-01", paramLabel = "DATE", description = "The first day (default: ${DEFAULT-VALUE})")
        LocalDate start;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "The random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (customers < 1 || customers > 100_000_000) {
                err.println("percept clv simulate: --customers must be between 1 and 100000000, was " + customers);
                return 2;
            }
            if (cohortWeeks < 1 || weeks <= cohortWeeks) {
                err.println("percept clv simulate: --cohort-weeks must be at least 1 and below --weeks");
                return 2;
            }
            if (bgNbd.size() != 4 || gammaGamma.size() != 3) {
                err.println("percept clv simulate: --bg-nbd takes 4 numbers and --gamma-gamma 3");
                return 2;
            }
            try {
                BgNbd.Parameters purchasing = new BgNbd.Parameters(bgNbd.get(0), bgNbd.get(1), bgNbd.get(2), bgNbd.get(3));
                GammaGamma.Parameters spending = new GammaGamma.Parameters(gammaGamma.get(0), gammaGamma.get(1), gammaGamma.get(2));
                SplittableRandom random = new SplittableRandom(seed);
                double[] arrival = new double[customers];
                double[] ages = new double[customers];
                for (int i = 0; i < customers; i++) {
                    arrival[i] = random.nextDouble(0, cohortWeeks);
                    // observed to the end of the last day
                    ages[i] = weeks - Math.floor(arrival[i] * 7) / 7.0 - 1e-9;
                }
                double[][] times = BgNbd.simulate(purchasing, ages, random.nextLong());
                int[] counts = new int[customers];
                for (int i = 0; i < customers; i++) {
                    counts[i] = times[i].length;
                }
                double[][] spends = GammaGamma.simulate(spending, counts, random.nextLong());
                long transactions = 0;
                long startDay = start.toEpochDay();
                try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    writer.write("customer,date,amount\n");
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < customers; i++) {
                        long first = (long) Math.floor(arrival[i] * 7);
                        for (int k = 0; k < times[i].length; k++) {
                            long day = startDay + first + (long) Math.floor(times[i][k] * 7);
                            line.setLength(0);
                            line.append('c').append(i + 1).append(',').append(LocalDate.ofEpochDay(day)).append(',')
                                    .append(String.format(Locale.ROOT, "%.2f", spends[i][k])).append('\n');
                            writer.append(line);
                            transactions++;
                        }
                    }
                }
                stdout.printf(Locale.ROOT, "wrote %,d transactions of %,d customers from %s to %s to %s%n", transactions, customers, start,
                        start.plusDays(7L * weeks - 1), out);
                stdout.printf(Locale.ROOT, "customers=%d transactions=%d r=%s alpha=%s a=%s b=%s p=%s q=%s gamma=%s%n", customers, transactions,
                        bgNbd.get(0), bgNbd.get(1), bgNbd.get(2), bgNbd.get(3), gammaGamma.get(0), gammaGamma.get(1), gammaGamma.get(2));
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("percept clv simulate: " + e.getMessage());
                return 2;
            } catch (IOException | UncheckedIOException e) {
                err.println("percept clv simulate: " + e.getMessage());
                return 1;
            }
        }
    }

    /** Transactions read, as growing primitive arrays, and what was skipped. */
    private static final class Transactions {

        final Map<String, Integer> ids = new HashMap<>();
        int[] customer = new int[1 << 12];
        long[] day = new long[1 << 12];
        double[] amount = new double[1 << 12];
        int size;
        long firstDay = Long.MAX_VALUE;
        long lastDay = Long.MIN_VALUE;
        long records;
        long unreadable;
        long noCustomer;
        long badDate;
        long badAmount;
        long nonPositive;

        void add(String id, long epochDay, double value) {
            if (size == customer.length) {
                customer = Arrays.copyOf(customer, 2 * size);
                day = Arrays.copyOf(day, 2 * size);
                amount = Arrays.copyOf(amount, 2 * size);
            }
            Integer index = ids.get(id);
            if (index == null) {
                index = ids.size();
                ids.put(id, index);
            }
            customer[size] = index;
            day[size] = epochDay;
            amount[size] = value;
            size++;
            firstDay = Math.min(firstDay, epochDay);
            lastDay = Math.max(lastDay, epochDay);
        }
    }

    /** Dates as epoch days: by a pattern, or ISO dates with any time after them (a 'T' or a space), taken as written. */
    static final class DateParser {

        private final DateTimeFormatter formatter;

        DateParser(String pattern) {
            this.formatter = pattern == null ? null : DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        }

        long epochDay(String text) {
            String value = text.strip();
            if (formatter != null) {
                TemporalAccessor parsed = formatter.parseBest(value, LocalDateTime::from, LocalDate::from);
                return parsed instanceof LocalDateTime time ? time.toLocalDate().toEpochDay() : ((LocalDate) parsed).toEpochDay();
            }
            if (value.length() < 10 || value.charAt(4) != '-' || value.charAt(7) != '-'
                    || (value.length() > 10 && value.charAt(10) != 'T' && value.charAt(10) != ' ')) {
                throw new DateTimeException("not an ISO date: " + value);
            }
            return LocalDate.of(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10)).toEpochDay();
        }

        private static int digits(String text, int from, int to) {
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new DateTimeException("not an ISO date: " + text);
                }
                value = 10 * value + (c - '0');
            }
            return value;
        }
    }

    static double correlation(double[] x, double[] y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                sx += x[i];
                sy += y[i];
                sxx += x[i] * x[i];
                syy += y[i] * y[i];
                sxy += x[i] * y[i];
                n++;
            }
        }
        double cov = sxy / n - sx / n * sy / n;
        return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
