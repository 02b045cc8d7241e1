package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendBenchTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void measuresFitAndTopNAgainstPopularityOnASmallPopulation() {
        assertThat(run("bench", "recommend", "--users", "3000", "--items", "500", "--mean-items", "6", "--neighbours", "20")).isZero();
        List<String> lines = out.toString().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("users=3000 items=500 purchases=").contains("fit_s_cpu=", "popular_users_per_s=", "item_users_per_s=", "ratio=",
                "ease_items=3000", "ease_users_per_s=");
        // EASE regresses every item bought by at least 3 users (of 500), and recommends for every user
        int regressed = Integer.parseInt(out.toString().replaceAll("(?s).*EASE fit \\(([0-9,]+) items regressed.*", "$1").replace(",", ""));
        assertThat(regressed).isBetween(100, 500);
        assertThat(Double.parseDouble(last.replaceAll(".*ease_users_per_s=([0-9]+).*", "$1"))).isPositive();
        double personalised = Double.parseDouble(out.toString().replaceAll("(?s).*; ([0-9.]+) % of users fully personalised.*", "$1"));
        assertThat(personalised).isGreaterThan(50);
    }

    @Test
    void refusesNonsense() {
        assertThat(run("bench", "recommend", "--users", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--users");
        assertThat(run("bench", "recommend", "--ease-items", "1")).isEqualTo(2);
    }
}
