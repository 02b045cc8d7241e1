package io.percept.cli;

import io.percept.analytics.text.TextClassifier;
import io.percept.demo.world.Reviews;
import io.percept.ingest.imports.TableFile;
import io.percept.perception.PerceptionSettings;
import io.percept.perception.TextCorpus;
import io.percept.perception.TextPerception;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench text}: texts per second on one thread for the raw baseline (the sentiment
 * model alone on the whole text), sentiment + topics (what the stream needs: sentences, clause
 * sentiment, topic rules, emotion), and the full analysis (plus HanLP keywords), in alternating
 * rounds; medians of wall-clock and of thread CPU time (per core, robust to a busy machine).
 */
@Command(name = "text", description = "Text perception throughput on one thread: the sentiment model alone (raw baseline), "
        + "sentiment + topics, and the full analysis with keywords, on a file's texts or generated reviews.")
final class TextBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "Texts to score (CSV, TSV, JSONL or TXT; default: reviews the demo world writes)")
    Path input;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "C", description = "The texts' column (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--max-chars", defaultValue = "0", paramLabel = "N", description = "Only texts of at most N characters (0: all)")
    int maxChars;

    @Option(names = "--texts", defaultValue = "20000", paramLabel = "N", description = "Texts per round, at most (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of each variant; medians reported (default: ${DEFAULT-VALUE})")
    int rounds;

    private interface Variant {
        void run(String text);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (count < 1 || rounds < 1 || maxChars < 0) {
            spec.commandLine().getErr().println("percept bench text: --texts and --rounds must be positive, --max-chars 0 or more");
            return 2;
        }
        List<String> texts = input != null ? read() : generated();
        if (texts.isEmpty()) {
            spec.commandLine().getErr().println("percept bench text: no texts to score");
            return 2;
        }
        PerceptionSettings settings = PerceptionSettings.defaults();
        TextPerception perception = TextPerception.of(settings);
        TextClassifier zh = TextPerception.sentimentModel(settings, "zh");
        TextClassifier en = TextPerception.sentimentModel(settings, "en");
        double[] sink = new double[1];
        Map<String, Variant> variants = new java.util.LinkedHashMap<>();
        variants.put("baseline", text -> sink[0] += (text.charAt(0) < 0x2E80 ? en : zh).probabilities(text)[1]);
        variants.put("sentiment_topics", text -> sink[0] += perception.analyze(text, null, false).score());
        variants.put("full", text -> sink[0] += perception.analyze(text, null, true).score());
        double chars = texts.stream().mapToInt(String::length).average().orElse(0);
        out.printf(Locale.ROOT, "%,d texts, %.1f characters on average; %d rounds of each, one thread%n", texts.size(), chars, rounds);
        for (Variant variant : variants.values()) {
            for (String text : texts.subList(0, Math.min(texts.size(), 5_000))) {
                variant.run(text);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, double[]> wall = new java.util.LinkedHashMap<>();
        Map<String, double[]> cpu = new java.util.LinkedHashMap<>();
        for (String name : variants.keySet()) {
            wall.put(name, new double[rounds]);
            cpu.put(name, new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long started = System.nanoTime();
                for (String text : texts) {
                    variant.getValue().run(text);
                }
                wall.get(variant.getKey())[round] = texts.size() / ((System.nanoTime() - started) / 1e9);
                cpu.get(variant.getKey())[round] = texts.size() / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            }
        }
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "texts=%d chars_avg=%.1f", texts.size(), chars));
        double baseline = median(cpu.get("baseline"));
        for (String name : variants.keySet()) {
            double perCore = median(cpu.get(name));
            out.printf(Locale.ROOT, "%-17s %,10.0f texts/s wall  %,10.0f texts/s per core (CPU time)  %5.2f x baseline%n", name,
                    median(wall.get(name)), perCore, perCore / baseline);
            last.append(String.format(Locale.ROOT, " %s_per_core=%.0f", name, perCore));
        }
        last.append(String.format(Locale.ROOT, " ratio_sentiment_topics=%.2f", median(cpu.get("sentiment_topics")) / baseline));
        out.println(last);
        return sink[0] == Double.MAX_VALUE ? 1 : 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private List<String> read() throws Exception {
        List<String> texts = new ArrayList<>();
        boolean plain = TableFile.Kind.of(input) == TableFile.Kind.TXT;
        try (TableFile file = TableFile.open(input)) {
            TableFile.Record record;
            while ((record = file.next()) != null && texts.size() < count) {
                String text = record.problem() == null ? TextCorpus.clean(record.get(plain ? TableFile.TEXT : textColumn)) : "";
                if (!text.isEmpty() && (maxChars == 0 || text.length() <= maxChars)) {
                    texts.add(text);
                }
            }
        }
        return texts;
    }

    /** Reviews the demo world writes: one to three aspects, 7 % in English, seeded. */
    private List<String> generated() {
        SplittableRandom random = new SplittableRandom(42);
        Reviews.Aspect[] aspects = Reviews.Aspect.values();
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            Map<Reviews.Aspect, Integer> experience = new EnumMap<>(Reviews.Aspect.class);
            int size = 1 + random.nextInt(3);
            while (experience.size() < size) {
                experience.put(aspects[random.nextInt(aspects.length)], random.nextDouble() < 0.6 ? 1 : -1);
            }
            String text = Reviews.write(experience, random.nextDouble() < 0.07, random).text();
            if (maxChars == 0 || text.length() <= maxChars) {
                texts.add(text);
            }
        }
        return texts;
    }
}
