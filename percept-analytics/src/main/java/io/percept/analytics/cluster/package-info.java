/**
 * Customer segmentation as pure functions (issue 7): features standardised to z-scores (money and
 * counts on a signed log1p scale), k-means with greedy k-means++ seeding and Hamerly's bounds, the
 * number of clusters chosen by the mean silhouette on a seeded sample, each cluster described by the
 * features that distinguish it most with bilingual labels ({@code 高价值-近期活跃} / {@code High value,
 * recently active}), and any two segments compared feature by feature with effect sizes, Welch's
 * t-test or the two-proportion z-test and Benjamini-Hochberg q-values. {@link
 * io.percept.analytics.cluster.Segmentation} runs the whole chain on a {@code double[][]} of features.
 */
package io.percept.analytics.cluster;
