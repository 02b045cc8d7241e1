/**
 * Recommendations and bundles as pure functions: user-item interactions in sparse rows, item-to-item
 * collaborative filtering (top-K cosine neighbours) and EASE ridge-regression weights, both as neighbour
 * lists, and the recommender that scores a history from either with an optional recent-popularity blend
 * and a popularity fallback, FP-growth frequent itemsets and association rules for bundles, and shopping
 * hour-of-day × weekday patterns per group (issue 7).
 */
package io.percept.analytics.recommend;
