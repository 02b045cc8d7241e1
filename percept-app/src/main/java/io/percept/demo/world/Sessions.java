package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A customer's visits to the website and app: each purchase there is the end of a session that
 * views products and fills a cart, and between purchases the customer browses without buying
 * (at four times their purchase rate, until two months after their last purchase), 30 % of
 * those visits leaving a cart behind. A visit is anonymous (the device's anonymous id) until the customer logs in: at the
 * checkout of their first order on the website or app, and in every later visit. Marketplace,
 * store and direct-sales purchases have no visit here.
 */
public final class Sessions {

    /** What a visitor does. */
    public enum Step {
        /** A page (web) or screen (app) view. */
        VIEW,
        PRODUCT_VIEWED,
        CART_ADDED,
        CHECKOUT_STARTED,
        /** The purchase itself (the session's {@code purchase}). */
        ORDER_COMPLETED
    }

    /**
     * One step of a visit.
     *
     * @param second  seconds after the visit started
     * @param step    what happened
     * @param product the product concerned, or {@code null} for a plain view
     */
    public record Action(int second, Step step, Catalogue.Product product) {
    }

    /**
     * One visit.
     *
     * @param day      day index from the start of the history
     * @param hour     hour it started
     * @param minute   minute it started
     * @param channel  {@link Channel#WEB} or {@link Channel#APP}
     * @param device   which of the customer's devices (0-based; device 0 may be shared)
     * @param loggedIn whether the customer is logged in from the start
     * @param actions  what happened, in order
     * @param purchase the purchase it ends with, or {@code null}
     */
    public record Session(int day, int hour, int minute, Channel channel, int device, boolean loggedIn, List<Action> actions,
            Purchases.Purchase purchase) {
    }

    private static final double BROWSING_PER_PURCHASE = 4;
    private static final double ABANDONED_CART = 0.3;

    private Sessions() {
    }

    /** The visits of {@code customer}, given their purchases, in time order. */
    public static List<Session> of(CustomerTraits customer, List<Purchases.Purchase> purchases, long seed, LocalDate start, int days,
            Stories stories) {
        SplittableRandom random = Sampling.stream(seed ^ 0x5345_5353_494F_4E53L, customer.number());
        List<Session> sessions = new ArrayList<>();
        for (Purchases.Purchase purchase : purchases) {
            if (purchase.channel() == Channel.WEB || purchase.channel() == Channel.APP) {
                sessions.add(visit(customer, random, purchase.day(), purchase.hour(), purchase.product(), true, purchase));
            }
        }
        // browsing while interested: to the end for those who never bought, else up to two months after the last purchase
        int activeUntil = purchases.isEmpty() ? days : Math.min(days, purchases.get(purchases.size() - 1).day() + 60);
        double expected = customer.purchaseRate() * BROWSING_PER_PURCHASE * Math.max(0, activeUntil - customer.signedUp());
        int browsing = poisson(random, expected);
        for (int i = 0; i < browsing; i++) {
            int day = customer.signedUp() + random.nextInt(Math.max(1, activeUntil - customer.signedUp()));
            if (day >= days) {
                continue;
            }
            Catalogue.Category category = Catalogue.categories().get(Sampling.pick(random, customer.categoryAffinity()));
            List<Catalogue.Product> onSale = stories.onSale(category, customer.region(), start.plusDays(day), day);
            Catalogue.Product product = onSale.isEmpty() ? null : onSale.get(random.nextInt(onSale.size()));
            int hour = Math.floorMod((int) Math.round(customer.peakHour() + 2.5 * Sampling.normal(random)), 24);
            sessions.add(visit(customer, random, day, hour, product, product != null && random.nextDouble() < ABANDONED_CART, null));
        }
        sessions.sort(Comparator.comparingInt(Session::day).thenComparingInt(Session::hour).thenComparingInt(Session::minute));
        // logged in once the first online order has been placed
        List<Session> result = new ArrayList<>(sessions.size());
        boolean known = false;
        for (Session session : sessions) {
            result.add(new Session(session.day(), session.hour(), session.minute(), session.channel(), session.device(), known,
                    session.actions(), session.purchase()));
            known |= session.purchase() != null;
        }
        return result;
    }

    private static Session visit(CustomerTraits customer, SplittableRandom random, int day, int hour, Catalogue.Product wanted,
            boolean toCart, Purchases.Purchase purchase) {
        Channel channel = purchase != null ? purchase.channel() : customer.preferredChannel() == Channel.WEB ? Channel.WEB
                : customer.preferredChannel() == Channel.APP ? Channel.APP : random.nextDouble() < 0.6 ? Channel.APP : Channel.WEB;
        List<Action> actions = new ArrayList<>();
        int second = 0;
        actions.add(new Action(second, Step.VIEW, null));
        int views = 1 + random.nextInt(6);
        for (int i = 0; i < views && wanted != null; i++) {
            second += 10 + random.nextInt(90);
            actions.add(new Action(second, Step.PRODUCT_VIEWED, wanted));
        }
        if (toCart && wanted != null) {
            second += 5 + random.nextInt(60);
            actions.add(new Action(second, Step.CART_ADDED, wanted));
        }
        if (purchase != null) {
            second += 20 + random.nextInt(120);
            actions.add(new Action(second, Step.CHECKOUT_STARTED, wanted));
            second += 30 + random.nextInt(180);
            actions.add(new Action(second, Step.ORDER_COMPLETED, wanted));
        }
        return new Session(day, hour, random.nextInt(60), channel, random.nextInt(customer.devices()), false, List.copyOf(actions), purchase);
    }

    /** Poisson variate (Knuth's method for small means, a rounded normal approximation above 30). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * Sampling.normal(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
