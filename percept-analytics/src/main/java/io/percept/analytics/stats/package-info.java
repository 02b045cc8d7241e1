/**
 * Descriptive statistics and special functions over primitive arrays: quantiles and summaries used
 * by benchmarks, dashboards and model evaluation, and the log-gamma function the models share.
 */
package io.percept.analytics.stats;
