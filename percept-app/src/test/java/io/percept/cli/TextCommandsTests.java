package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.analytics.text.TextClassifier;
import io.percept.perception.TextModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code percept train} and {@code percept sentiment} on small files written here: the model they write, the figures they print. */
class TextCommandsTests {

    private static final String[] GOOD = {"很好", "满意", "推荐", "喜欢", "不错", "值得"};
    private static final String[] BAD = {"很差", "失望", "退货", "垃圾", "后悔", "难用"};
    private static final String[] FILLER = {"这个", "东西", "收到", "用了", "几天", "手机", "耳机", "我的", "感觉", "今天"};
    private static final Pattern EVALUATED = Pattern.compile("accuracy=([0-9.]+) macro_f1=([0-9.]+) texts_per_s=([0-9]+)");

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private String lastLine() {
        List<String> lines = out.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** A CSV of {@code count} seeded Chinese reviews: {@code text,label} with 0 = negative, 1 = positive. */
    private Path reviews(String name, int count, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(2);
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < 4; j++) {
                text.append(FILLER[random.nextInt(FILLER.length)]);
            }
            String[] marks = label == 1 ? GOOD : BAD;
            text.insert(2 * random.nextInt(4), marks[random.nextInt(marks.length)]).append(i);
            lines.add("\"" + text + "\"," + label);
        }
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void trainsASentimentModelThatScoresHeldOutTextsAndLoadsBack() throws Exception {
        Path train = reviews("train.csv", 3000, 1);
        Path negatives = dir.resolve("neg.txt");
        Files.writeString(negatives, "质量很差，很失望\n用了几天就坏了，退货\n\n", StandardCharsets.UTF_8);
        Path model = dir.resolve("models/mine.ptc");

        assertThat(run("train", "sentiment", "--lang", "zh", "--input", train.toString(), "--texts", "negative=" + negatives,
                "--hold-out", "--out", model.toString())).as(err.toString()).isZero();

        Matcher trained = Pattern.compile("examples=(\\d+) held_out=(\\d+) accuracy=([0-9.]+) macro_f1=([0-9.]+) seconds=[0-9.]+ bytes=(\\d+) model=.*mine.ptc")
                .matcher(lastLine());
        assertThat(trained.matches()).as(lastLine()).isTrue();
        assertThat(Integer.parseInt(trained.group(1)) + Integer.parseInt(trained.group(2))).isEqualTo(3002);
        assertThat(Double.parseDouble(trained.group(3))).isGreaterThan(0.95);
        assertThat(out.toString()).contains("1 blank");
        TextClassifier read = TextModels.read(model);
        assertThat(read.labels()).containsExactly("negative", "positive");

        Path test = reviews("test.csv", 500, 2);
        assertThat(run("sentiment", "--lang", "zh", "--model", model.toString(), "--input", test.toString(), "--label-column", "label"))
                .as(err.toString()).isZero();
        Matcher evaluated = EVALUATED.matcher(lastLine());
        assertThat(evaluated.matches()).as(lastLine()).isTrue();
        assertThat(Double.parseDouble(evaluated.group(1))).isGreaterThan(0.95);
        assertThat(Double.parseDouble(evaluated.group(2))).isGreaterThan(0.95);
        assertThat(Long.parseLong(evaluated.group(3))).isPositive();
    }

    @Test
    void scoresWithTheShippedModelWithAndWithoutLabels() throws Exception {
        Path labelled = dir.resolve("mixed.jsonl");
        Files.writeString(labelled, String.join("\n",
                "{\"review\": \"物流太慢了，包装也破了，非常失望\", \"stars\": \"negative\"}",
                "{\"review\": \"质量很好，客服也很耐心，推荐购买！\", \"stars\": \"positive\"}",
                "{\"review\": \"The battery died after two days, awful.\", \"stars\": \"negative\"}",
                "{\"review\": \"\", \"stars\": \"positive\"}"), StandardCharsets.UTF_8);

        assertThat(run("sentiment", "--lang", "zh", "--input", labelled.toString(), "--text-column", "review", "--label-column", "stars")).isZero();
        assertThat(EVALUATED.matcher(lastLine()).matches()).as(lastLine()).isTrue();
        assertThat(err.toString()).contains("skipped 1 records");

        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "太差了，再也不买了\n非常满意，下次还来\n", StandardCharsets.UTF_8);
        assertThat(run("sentiment", "--lang", "zh", "--input", plain.toString())).isZero();
        assertThat(out.toString().lines()).anyMatch(line -> line.startsWith("negative\t") && line.endsWith("太差了，再也不买了"))
                .anyMatch(line -> line.startsWith("positive\t") && line.endsWith("非常满意，下次还来"));
        assertThat(lastLine()).matches("texts=2 negative=1 neutral=0 positive=1 texts_per_s=\\d+");
    }

    @Test
    void trainsATopicModelOnItsOwnLabels() throws Exception {
        List<String> lines = new ArrayList<>(List.of("text,reason"));
        SplittableRandom random = new SplittableRandom(3);
        String[][] cues = {{"late", "delayed", "waited hours"}, {"lost my bag", "luggage missing", "bag never came"}, {"rude agent", "unhelpful staff"}};
        String[] reasons = {"Late Flight", "Lost Luggage", "Customer Service Issue"};
        for (int i = 0; i < 900; i++) {
            int reason = random.nextInt(3);
            lines.add("\"flight " + i + " was " + cues[reason][random.nextInt(cues[reason].length)] + " again\"," + reasons[reason]);
        }
        Path file = dir.resolve("reasons.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(run("train", "topics", "--lang", "en", "--input", file.toString(), "--label-column", "reason", "--hold-out", "--out",
                dir.resolve("topics.ptc").toString())).as(err.toString()).isZero();

        assertThat(lastLine()).contains("macro_f1=");
        assertThat(TextModels.read(dir.resolve("topics.ptc")).labels()).containsExactly("Customer Service Issue", "Late Flight", "Lost Luggage");
    }

    @Test
    void trainsATopicModelFromTheRulesOnUnlabelledTexts() throws Exception {
        List<String> lines = new ArrayList<>(List.of("review"));
        String[] complaints = {"物流太慢了，等了一个星期", "快递一直不更新，很失望", "包装破损，盒子压扁了", "外包装很简陋，都压坏了", "价格太贵了，不值",
            "刚买就降价了，太坑", "客服态度很差，一直不回", "客服敷衍，没人解决"};
        for (int i = 0; i < 600; i++) {
            lines.add(complaints[i % complaints.length] + "，第" + i + "次");
        }
        Path file = dir.resolve("unlabelled.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(run("train", "topics", "--lang", "zh", "--labels-from-rules", "--input", file.toString(), "--text-column", "review",
                "--out", dir.resolve("topics-zh.ptc").toString())).as(err.toString()).isZero();

        assertThat(TextModels.read(dir.resolve("topics-zh.ptc")).labels()).containsExactly("logistics", "packaging", "price", "service");
    }

    @Test
    void refusesBadUsageWithAClearMessage() throws Exception {
        Path train = reviews("train.csv", 10, 1);

        assertThat(run("sentiment", "--lang", "fr", "--input", train.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--lang must be zh or en");
        assertThat(run("sentiment", "--lang", "zh", "--input", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(run("sentiment", "--lang", "zh", "--input", train.toString(), "--text-column", "review")).isEqualTo(2);
        assertThat(err.toString()).contains("no column 'review'");
        assertThat(run("train", "sentiment", "--lang", "zh", "--out", dir.resolve("m.ptc").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("at least one --input");
        Path oneLabel = dir.resolve("one.csv");
        Files.writeString(oneLabel, "text,label\n好,1\n很好,1\n", StandardCharsets.UTF_8);
        assertThat(run("train", "sentiment", "--lang", "zh", "--input", oneLabel.toString(), "--out", dir.resolve("m.ptc").toString())).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("m.ptc"))).isFalse();
        Path notAModel = Files.writeString(dir.resolve("junk.ptc"), "junk");
        assertThat(run("sentiment", "--lang", "zh", "--model", notAModel.toString(), "--input", train.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a Percept text classifier");
    }
}
