/**
 * Descriptive statistics over primitive arrays: quantiles and summaries used by benchmarks,
 * dashboards and model evaluation.
 */
package io.percept.analytics.stats;
