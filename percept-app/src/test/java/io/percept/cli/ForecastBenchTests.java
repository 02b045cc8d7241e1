package io.percept.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code percept bench forecast} on a few short series: it runs the three variants and prints their figures. */
class ForecastBenchTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PerceptCli.commandLine(PerceptApplication.class, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void measuresTheBaselineAndBothEtsVariants() {
        assertThat(run("bench", "forecast", "--series", "40", "--days", "120", "--horizon", "14", "--threads", "2")).isZero();

        assertThat(out.toString()).contains("40 seeded daily demand series of 120 days (+14 held out)", "models chosen: {ETS(")
                .containsPattern("series=40 days=120 threads=2 snaive_per_core=[0-9.]+ snaive_mase=[0-9.]+ ets_aaa_per_core=[0-9.]+ "
                        + "ets_aaa_mase=[0-9.]+ ets_select_per_core=[0-9.]+ ets_select_mase=[0-9.]+");
    }

    @Test
    void generatesTheSameSeriesFromTheSameSeed() {
        double[][] a = ForecastBench.generate(45, 60, 7);
        double[][] b = ForecastBench.generate(45, 60, 7);

        assertThat(a).isDeepEqualTo(b);
        assertThat(ForecastBench.generate(45, 60, 8)[44]).isNotEqualTo(a[44]);
    }

    @Test
    void refusesBadOptions() {
        assertThat(run("bench", "forecast", "--series", "0")).isEqualTo(2);
        assertThat(run("bench", "forecast", "--days", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--days at least 16");
    }
}
