/** The prediction API: runs, scores, clusters, comparisons, forecasts, anomalies, bundles and patterns. */
package io.percept.prediction.web;
