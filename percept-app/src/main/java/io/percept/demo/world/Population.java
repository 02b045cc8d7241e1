package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded population of customers with latent traits. Each customer is drawn from a random
 * stream of its own (seed and number), so customer 17 is the same whatever the population's size.
 *
 * <p>Purchasing follows the BG/NBD model (Fader, Hardie and Lee, "Counting your customers the
 * easy way", Marketing Science 24(2), 2005): while active a customer buys at rate λ ~ Gamma(r, α)
 * and after each purchase drops out with probability p ~ Beta(a, b); a model fitted to the
 * generated orders should recover parameters near these.
 */
public final class Population {

    /** BG/NBD heterogeneity: λ ~ Gamma(shape R, rate ALPHA per day): on average 4 purchases a year while active. */
    public static final double R = 0.9;
    public static final double ALPHA = 82;
    /** Dropout p ~ Beta(A, B): on average 0.24 after each purchase. */
    public static final double A = 0.8;
    public static final double B = 2.5;

    private static final Channel[] CHANNELS = {Channel.APP, Channel.WEB, Channel.ECOMMERCE, Channel.STORE, Channel.SALES};
    private static final double[] CHANNEL_SHARES = {0.35, 0.18, 0.32, 0.11, 0.04};
    private static final int[] PEAK_HOURS = {8, 12, 20, 21, 22};
    private static final double[] PEAK_SHARES = {0.15, 0.2, 0.25, 0.25, 0.15};

    private Population() {
    }

    /**
     * The first {@code size} customers of the population of {@code seed}, signing up over
     * {@code days} days.
     */
    public static List<CustomerTraits> of(long seed, int size, int days) {
        if (size < 1 || days < 1) {
            throw new IllegalArgumentException("a population needs at least one customer and one day");
        }
        List<CustomerTraits> customers = new ArrayList<>(size);
        for (int number = 1; number <= size; number++) {
            customers.add(customer(seed, number, days));
        }
        return customers;
    }

    /** Customer {@code number} of the population of {@code seed}. */
    public static CustomerTraits customer(long seed, int number, int days) {
        SplittableRandom random = Sampling.stream(seed, number);
        Region[] regions = Region.values();
        double[] regionShares = new double[regions.length];
        for (int i = 0; i < regions.length; i++) {
            regionShares[i] = regions[i].share();
        }
        Region region = regions[Sampling.pick(random, regionShares)];
        double[] cityShares = region.cities().stream().mapToDouble(Region.City::share).toArray();
        String city = region.cities().get(Sampling.pick(random, cityShares)).name();
        // most customers are already customers when the history starts; the rest arrive evenly
        int signedUp = random.nextDouble() < 0.6 ? 0 : random.nextInt(days);
        double rate = Sampling.gamma(random, R, 1 / ALPHA);
        double dropout = Sampling.beta(random, A, B);
        double priceSensitivity = Sampling.beta(random, 2, 2);
        double[] affinity = Sampling.dirichlet(random, Catalogue.categories().size(), 0.5);
        int preferred = Sampling.pick(random, CHANNEL_SHARES);
        Channel second = null;
        if (random.nextDouble() < 0.4) {
            double[] others = CHANNEL_SHARES.clone();
            others[preferred] = 0;
            second = CHANNELS[Sampling.pick(random, others)];
        }
        int peakHour = PEAK_HOURS[Sampling.pick(random, PEAK_SHARES)];
        double complaints = Sampling.beta(random, 2, 5);
        double devicesDraw = random.nextDouble();
        int devices = devicesDraw < 0.6 ? 1 : devicesDraw < 0.9 ? 2 : 3;
        boolean sharesDevice = random.nextDouble() < 0.03;
        boolean english = random.nextDouble() < 0.07;
        return new CustomerTraits(number, region, city, signedUp, rate, dropout, priceSensitivity, affinity, CHANNELS[preferred], second,
                peakHour, complaints, devices, sharesDevice, english);
    }
}
