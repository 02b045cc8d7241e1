package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A customer's purchases over the history, from their traits: BG/NBD timing (Poisson at rate
 * λ while active, scaled by {@link Seasonality} through thinning; after each purchase the
 * customer stays with probability 1 − p), the category from their affinity, the product from
 * what is on sale (price-sensitive people lean to the cheaper ones), the channel from their
 * preferences, and festival discounts.
 */
public final class Purchases {

    /**
     * One purchase.
     *
     * @param day      day index from the start of the history
     * @param hour     hour of day
     * @param channel  where it was bought
     * @param product  what
     * @param quantity how many
     * @param price    unit price paid, in CNY
     */
    public record Purchase(int day, int hour, Channel channel, Catalogue.Product product, int quantity, double price) {

        public double amount() {
            return quantity * price;
        }
    }

    private Purchases() {
    }

    /**
     * The purchases of {@code customer} in the history of {@code days} days from {@code start}
     * (seeded by the world's seed), with the {@code stories}' effects on demand, what is on sale
     * and prices.
     */
    public static List<Purchase> of(CustomerTraits customer, long seed, LocalDate start, int days, Stories stories) {
        SplittableRandom random = Sampling.stream(seed ^ 0x5055_5243_4841_5345L, customer.number());
        List<Catalogue.Category> categories = Catalogue.categories();
        double[] interest = new double[categories.size()];
        List<Purchase> purchases = new ArrayList<>();
        double bound = customer.purchaseRate() * Seasonality.MAX * Stories.MAX_DEMAND;
        double time = customer.signedUp();
        while (true) {
            time += -Math.log(1.0 - random.nextDouble()) / bound;
            int day = (int) time;
            if (day >= days) {
                return purchases;
            }
            LocalDate date = start.plusDays(day);
            // thinning: each category's intensity is λ x season x affinity x the stories' demand factor
            double total = 0;
            for (int i = 0; i < interest.length; i++) {
                interest[i] = customer.categoryAffinity()[i]
                        * stories.demand(customer.region(), categories.get(i), day, customer.priceSensitivity());
                total += interest[i];
            }
            if (random.nextDouble() * Seasonality.MAX * Stories.MAX_DEMAND > Seasonality.factor(date) * total) {
                continue;
            }
            Catalogue.Category category = categories.get(Sampling.pick(random, interest));
            Catalogue.Product product = product(customer, stories.onSale(category, customer.region(), date, day), random);
            if (product == null) {
                continue;
            }
            int quantity = category.equals(Catalogue.CONSUMABLES) ? 1 + random.nextInt(3) : 1;
            double discount = Math.max(Seasonality.peak(date) ? 0.10 + 0.10 * random.nextDouble() : 0,
                    stories.discount(customer.region(), day));
            double price = Math.round(product.price() * (1 - discount) * 100) / 100.0;
            purchases.add(new Purchase(day, hour(customer, random), channel(customer, random), product, quantity, price));
            if (random.nextDouble() < customer.dropout()) {
                return purchases;
            }
        }
    }

    private static Catalogue.Product product(CustomerTraits customer, List<Catalogue.Product> onSale, SplittableRandom random) {
        if (onSale.isEmpty()) {
            return null;
        }
        double cheapest = onSale.stream().mapToDouble(Catalogue.Product::price).min().orElseThrow();
        double[] weights = new double[onSale.size()];
        for (int i = 0; i < weights.length; i++) {
            // the sensitive halve their interest for every doubling of price over the cheapest
            weights[i] = Math.pow(onSale.get(i).price() / cheapest, -customer.priceSensitivity());
        }
        return onSale.get(Sampling.pick(random, weights));
    }

    private static int hour(CustomerTraits customer, SplittableRandom random) {
        int hour = (int) Math.round(customer.peakHour() + 2.5 * Sampling.normal(random));
        return Math.floorMod(hour, 24);
    }

    private static Channel channel(CustomerTraits customer, SplittableRandom random) {
        return customer.secondChannel() != null && random.nextDouble() < 0.25 ? customer.secondChannel() : customer.preferredChannel();
    }
}
