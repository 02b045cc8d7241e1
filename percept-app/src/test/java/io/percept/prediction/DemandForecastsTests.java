package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Demand series from orders: forecasts with a backtest, and the days that break the weekly pattern. */
class DemandForecastsTests {

    private static final long DAY = CustomerHistory.DAY_MICROS;

    @Test
    void aSurgeAndATextComplaintWaveAreFoundAndEverySeriesIsForecast() {
        long endDay = LocalDate.of(2026, 6, 1).toEpochDay();
        long firstDay = endDay - 120;
        SplittableRandom random = new SplittableRandom(3);
        Purchases.Builder builder = new Purchases.Builder();
        long surge = endDay - 10;
        int customer = 1;
        for (long day = firstDay; day < endDay; day++) {
            int weekday = (int) Math.floorMod(day + 3, 7);
            int orders = (weekday >= 5 ? 30 : 15) + random.nextInt(5) + (day == surge ? 60 : 0);
            for (int i = 0; i < orders; i++) {
                builder.order(customer++ % 500 + 1, day * DAY + 3_600_000_000L * (8 + random.nextInt(12)), 100, i % 2 == 0 ? "app" : "web",
                        List.of(new Purchases.Builder.Line(i % 3 == 0 ? "P-1" : "C-1", i % 3 == 0 ? "手机" : "配件", 1, 100)));
            }
        }
        CustomerHistory history = new CustomerHistory(builder.build(), 0);
        String[] regions = new String[history.customers()];
        for (int c = 0; c < regions.length; c++) {
            regions[c] = c % 2 == 0 ? "华东" : "华南";
        }
        int days = 365;
        DemandForecasts.TextDays texts = new DemandForecasts.TextDays(days);
        long textStart = endDay - days;
        for (long day = firstDay; day < endDay; day++) {
            int d = (int) (day - textStart);
            texts.texts()[d] = 40;
            texts.meanScore()[d] = 0.3;
            texts.complaints()[d] = day >= endDay - 5 ? 24 : 4;
        }
        DemandForecasts forecasts = new DemandForecasts(PredictionSettings.defaults());
        forecasts.run(history, regions, endDay, Map.of("", texts));

        assertThat(forecasts.anomalies()).anySatisfy(anomaly -> {
            assertThat(anomaly.series()).isEqualTo("total");
            assertThat(anomaly.day()).isEqualTo(LocalDate.ofEpochDay(surge));
            assertThat(anomaly.value()).isGreaterThan(anomaly.upper());
            assertThat(anomaly.score()).isGreaterThan(3.5);
        });
        assertThat(forecasts.anomalies()).anySatisfy(anomaly -> {
            assertThat(anomaly.metric()).isEqualTo("complaintRate");
            assertThat(anomaly.day()).isAfterOrEqualTo(LocalDate.ofEpochDay(endDay - 5));
        });
        assertThat(forecasts.anomalies()).as("the first, partial day is left out")
                .noneMatch(anomaly -> anomaly.day().equals(LocalDate.ofEpochDay(firstDay)));
        assertThat(forecasts.anomalies()).filteredOn(anomaly -> anomaly.series().equals("total")).as("only the surge in total demand")
                .hasSize(1);

        Map<String, Object> total = forecasts.documents().stream().filter(d -> d.kind().equals("forecast") && d.series().equals("total|orders"))
                .findFirst().orElseThrow().body();
        assertThat((List<?>) total.get("mean")).hasSize(28);
        assertThat(String.valueOf(total.get("model"))).contains("[7]");
        @SuppressWarnings("unchecked")
        Map<String, Object> backtest = (Map<String, Object>) total.get("backtest");
        assertThat(((Number) backtest.get("mase")).doubleValue()).as("ETS with the weekly season beats the seasonal naive")
                .isLessThan(((Number) backtest.get("seasonalNaiveMase")).doubleValue());
        assertThat(forecasts.documents()).extracting(ModelRun.Document::series)
                .contains("category:手机|orders", "region:华东|orders", "channel:app|orders", "product:P-1|orders", "total|revenue");
    }
}
