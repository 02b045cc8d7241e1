package io.percept.demo.world;

import io.percept.eventlog.Channel;

/**
 * What drives one customer's behaviour, fixed when the customer is created (never shown to
 * Percept, only visible through what the customer does and says).
 *
 * @param number             the customer's number, 1-based
 * @param region             where the customer lives
 * @param city               the city
 * @param signedUp           day index (from the start of the history) of the first visit
 * @param purchaseRate       BG/NBD λ: purchases per day while active
 * @param dropout            BG/NBD p: probability of becoming inactive after each purchase
 * @param priceSensitivity   0-1: how much discounts and price cuts move the customer
 * @param categoryAffinity   share of interest per {@link Catalogue#categories()} category (sums to 1)
 * @param preferredChannel   where the customer usually buys
 * @param secondChannel      another channel the customer also uses, or {@code null}
 * @param peakHour           hour of day (0-23) of most activity
 * @param complaintPropensity 0-1: how likely a bad experience becomes a complaint
 * @param devices            devices the customer browses from (1-3)
 * @param sharesDevice       whether one of them is shared with another customer (a household)
 * @param english            whether the customer writes in English rather than Chinese
 */
public record CustomerTraits(int number, Region region, String city, int signedUp, double purchaseRate, double dropout,
        double priceSensitivity, double[] categoryAffinity, Channel preferredChannel, Channel secondChannel, int peakHour,
        double complaintPropensity, int devices, boolean sharesDevice, boolean english) {

    /** Loyalty, the complement of the dropout probability: higher means more repeat purchases. */
    public double loyalty() {
        return 1 - dropout;
    }
}
