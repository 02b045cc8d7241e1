package io.percept.analytics.recommend;

/**
 * Item-to-item weights as sparse neighbour lists, the form a {@link Recommender} scores from: item i's
 * neighbours are {@code neighbours()[start()[i] .. start()[i + 1])} with their weights w(i → j) in
 * {@code similarities()} alongside, and {@code popularity()[i]} is the number of users who interacted
 * with i. Implemented by {@link ItemSimilarity.Model} (cosine neighbours) and {@link Ease.Model}
 * (ridge-regression weights). Arrays are shared, not copied: do not write to them.
 */
public sealed interface ItemNeighbours permits ItemSimilarity.Model, Ease.Model {

    /** The number of items. */
    int items();

    /** Row offsets of the neighbour lists, {@code items() + 1} of them. */
    int[] start();

    /** The neighbours of every item, best first within each item's range. */
    int[] neighbours();

    /** w(i → j) for each entry of {@link #neighbours()} (positive). */
    float[] similarities();

    /** The number of users who interacted with each item. */
    int[] popularity();

    /** The items by popularity, most popular first, ties by the lower id. */
    default int[] popularityOrder() {
        return Popularity.order(popularity());
    }
}
