/**
 * Demand forecasting and anomaly detection on plain {@code double[]} series (issue 7): exponential
 * smoothing state space models (ETS, Holt-Winters) with additive, damped or no trend and additive or
 * multiplicative seasonality, fitted by maximum likelihood with Percept's own Nelder-Mead and chosen
 * by AICc, with prediction intervals; the Theta method and equal-weight forecast combinations;
 * seasonal naive and naive baselines; rolling-origin backtests scored by MASE; and seasonality-aware robust anomaly detection for counts, rates and means.
 * Series in, records out: building series from events and raising alerts is the caller's.
 */
package io.percept.analytics.forecast;
