package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KMeansBenchTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void benchKMeansTimesEveryStepAndEndsWithAMachineReadableLine() {
        int exit = run("bench", "kmeans", "--rows", "20000", "--rounds", "1", "--k", "4", "--k-max", "5", "--sample", "500");

        assertThat(exit).as(out.toString() + err).isZero();
        List<String> lines = out.toString().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(Pattern.compile("rows=20000 features=10 k=4 standardise_ms=\\d+ kmeans_ms=\\d+ kmeans_cpu_ms=\\d+ iterations=\\d+ lloyd_ms=\\d+ "
                + "lloyd_iterations=\\d+ baseline_pass_ms=[0-9.]+ ratio=[0-9.]+ ari=[0-9.-]+ select_ms=\\d+ select_cpu_ms=\\d+ chosen_k=[2-5]").matcher(last).matches())
                .as(last).isTrue();
        assertThat(out.toString()).contains("raw baseline", "same clusters: true", "silhouette");
    }

    @Test
    void benchKMeansRefusesBadOptions() {
        assertThat(run("bench", "kmeans", "--rows", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--rows at least 1000");
    }
}
