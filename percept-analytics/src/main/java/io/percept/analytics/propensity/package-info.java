/**
 * Propensity models for any binary target (churn, a purchase within N days, a response to a
 * promotion) as pure functions: a declared schema of numeric and categorical columns, a fitted
 * feature encoder, regularised logistic regression and gradient-boosted trees with per-prediction
 * contributions, Platt and isotonic calibration, stratified cross-validation, and the metrics that
 * judge them (ROC AUC, log loss, Brier score, calibration and lift tables).
 */
package io.percept.analytics.propensity;
