package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What went well or badly with one purchase, aspect by aspect — what the customer may then
 * review, complain about or praise. Each aspect goes wrong with a small base probability
 * (delivery, packaging and description only for orders shipped to the customer; usability more
 * for connected products; price more for the price-sensitive). The {@link Stories} change this:
 * during the logistics failure deliveries in its region go wrong far more often, after a
 * competitor's price cut more buyers of the category feel they overpaid, and the launch product
 * has its usability problems. The aspects that went well are the ones the
 * customer would mention: one or two at random.
 */
public final class Experiences {

    private Experiences() {
    }

    /** The experience of {@code purchase} by {@code customer}. */
    public static Map<Reviews.Aspect, Integer> of(CustomerTraits customer, Purchases.Purchase purchase, Stories stories,
            SplittableRandom random) {
        Stories.LogisticsFailure failure = stories.logistics();
        Map<Reviews.Aspect, Integer> experience = new EnumMap<>(Reviews.Aspect.class);
        boolean shipped = purchase.channel() != Channel.STORE;
        bad(experience, Reviews.Aspect.QUALITY, 0.06, random);
        if (shipped) {
            bad(experience, Reviews.Aspect.LOGISTICS, failure.covers(customer.region(), purchase.day()) ? failure.rate() : 0.05, random);
            bad(experience, Reviews.Aspect.PACKAGING, 0.03, random);
            bad(experience, Reviews.Aspect.DESCRIPTION, 0.03, random);
        }
        double overpaid = stories.priceCut().covers(purchase.product().category(), purchase.day()) ? 0.15 : 0;
        bad(experience, Reviews.Aspect.PRICE, 0.02 + 0.08 * customer.priceSensitivity() + overpaid, random);
        bad(experience, Reviews.Aspect.SERVICE, 0.03, random);
        if (purchase.product().category().connected()) {
            boolean launched = purchase.product().sku().equals(stories.launch().sku());
            bad(experience, Reviews.Aspect.USABILITY, launched ? stories.launch().usabilityFailures() : 0.08, random);
        }
        if (!experience.isEmpty() && random.nextDouble() < 0.2) {
            experience.put(Reviews.Aspect.AFTER_SALES, random.nextDouble() < 0.5 ? 1 : -1);
        }
        Reviews.Aspect[] aspects = Reviews.Aspect.values();
        int praised = 1 + random.nextInt(2);
        for (int tries = 0; praised > 0 && tries < 10; tries++) {
            Reviews.Aspect aspect = aspects[random.nextInt(aspects.length)];
            boolean applies = shipped || aspect != Reviews.Aspect.LOGISTICS && aspect != Reviews.Aspect.PACKAGING;
            if (applies && aspect != Reviews.Aspect.AFTER_SALES && !experience.containsKey(aspect)) {
                experience.put(aspect, 1);
                praised--;
            }
        }
        return experience;
    }

    private static void bad(Map<Reviews.Aspect, Integer> experience, Reviews.Aspect aspect, double probability, SplittableRandom random) {
        if (random.nextDouble() < probability) {
            experience.put(aspect, -1);
        }
    }
}
