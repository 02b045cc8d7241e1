/**
 * Prediction: scheduled runs of the behaviour models (issue 7) over the live profiles and the order
 * history in the log — CLV and P(alive) (BG/NBD, Gamma-Gamma), propensities (churn, purchase in a
 * category), clusters with their characteristics, recommendations and bundles, demand forecasts and
 * anomalies (raised as alert events) — stored with provenance, written onto profiles as scores, and
 * served to the console.
 */
@ApplicationModule(displayName = "Prediction", allowedDependencies = {"profile", "segmentation", "eventlog", "platform"})
package io.percept.prediction;

import org.springframework.modulith.ApplicationModule;
