package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Purchases follow the customers' latent traits, so models can learn them back. */
class PurchasesTests {

    private static final LocalDate START = LocalDate.of(2024, 11, 27);
    private static final int DAYS = 730;
    private static final List<CustomerTraits> CUSTOMERS = Population.of(5, 30_000, DAYS);

    private static List<List<Purchases.Purchase>> histories() {
        List<List<Purchases.Purchase>> histories = new ArrayList<>();
        for (CustomerTraits customer : CUSTOMERS) {
            histories.add(Purchases.of(customer, 5, START, DAYS, Stories.none()));
        }
        return histories;
    }

    @Test
    void theSameSeedGivesTheSamePurchases() {
        for (CustomerTraits customer : CUSTOMERS.subList(0, 500)) {
            assertThat(Purchases.of(customer, 5, START, DAYS, Stories.none())).isEqualTo(Purchases.of(customer, 5, START, DAYS, Stories.none()));
        }
        long differing = CUSTOMERS.subList(0, 500).stream()
                .filter(customer -> !Purchases.of(customer, 5, START, DAYS, Stories.none()).equals(Purchases.of(customer, 6, START, DAYS, Stories.none()))).count();
        assertThat(differing).isGreaterThan(100);
    }

    @Test
    void moreLoyalCustomersRepeatMore() {
        List<List<Purchases.Purchase>> histories = histories();
        List<Integer> byLoyalty = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            byLoyalty.add(i);
        }
        byLoyalty.sort(Comparator.comparingDouble(i -> CUSTOMERS.get(i).loyalty()));
        int third = byLoyalty.size() / 3;
        double low = repeatShare(byLoyalty.subList(0, third), histories);
        double high = repeatShare(byLoyalty.subList(2 * third, byLoyalty.size()), histories);

        assertThat(high).as("share of buyers who buy again, most loyal third vs least").isGreaterThan(low * 1.3);
    }

    private static double repeatShare(List<Integer> customers, List<List<Purchases.Purchase>> histories) {
        long buyers = customers.stream().filter(i -> !histories.get(i).isEmpty()).count();
        long repeaters = customers.stream().filter(i -> histories.get(i).size() >= 2).count();
        return repeaters / (double) buyers;
    }

    @Test
    void doubleElevenAndWeekendsSellMore() {
        int[] perDay = new int[DAYS];
        histories().forEach(history -> history.forEach(purchase -> perDay[purchase.day()]++));
        double elevenEleven = 0;
        double ordinary = 0;
        int ordinaryDays = 0;
        double weekend = 0;
        double weekday = 0;
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = START.plusDays(day);
            if (date.getMonth() == Month.NOVEMBER && date.getDayOfMonth() == 11) {
                elevenEleven += perDay[day];
            } else if (Seasonality.festival(date) == 1.0) {
                ordinary += perDay[day];
                ordinaryDays++;
                switch (date.getDayOfWeek()) {
                    case SATURDAY, SUNDAY -> weekend += perDay[day];
                    case MONDAY, TUESDAY, WEDNESDAY, THURSDAY -> weekday += perDay[day];
                    default -> { }
                }
            }
        }
        double ordinaryMean = ordinary / ordinaryDays;
        assertThat(elevenEleven / 2).as("orders on 11 November (two in the window) vs an ordinary day").isGreaterThan(2.5 * ordinaryMean);
        assertThat((weekend / 2) / (weekday / 4)).as("weekend day vs Monday-Thursday day").isGreaterThan(1.15);
    }

    @Test
    void priceSensitiveCustomersPayLessForTheSameKindOfProduct() {
        List<List<Purchases.Purchase>> histories = histories();
        double sensitive = meanPhonePrice(histories, 0.7, 1.0);
        double insensitive = meanPhonePrice(histories, 0.0, 0.3);

        assertThat(sensitive).isLessThan(insensitive * 0.95);
    }

    private static double meanPhonePrice(List<List<Purchases.Purchase>> histories, double from, double to) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            double sensitivity = CUSTOMERS.get(i).priceSensitivity();
            if (sensitivity >= from && sensitivity <= to) {
                for (Purchases.Purchase purchase : histories.get(i)) {
                    if (purchase.product().category().equals(Catalogue.PHONES)) {
                        sum += purchase.product().price();
                        count++;
                    }
                }
            }
        }
        assertThat(count).isGreaterThan(100);
        return sum / count;
    }
}
