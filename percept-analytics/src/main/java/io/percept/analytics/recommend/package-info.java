/**
 * Recommendations and bundles as pure functions: user-item interactions in sparse rows, item-to-item
 * collaborative filtering (top-K cosine neighbours) and the recommender that scores a history with a
 * popularity fallback, FP-growth frequent itemsets and association rules for bundles, and shopping
 * hour-of-day × weekday patterns per group (issue 7).
 */
package io.percept.analytics.recommend;
