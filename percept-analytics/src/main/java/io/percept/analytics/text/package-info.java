/**
 * Text learning as pure functions: texts to hashed n-gram features, and a linear classifier
 * (multinomial logistic regression trained with seeded AdaGrad) whose model carries its provenance
 * and serialises to bytes. Used for sentiment and complaint topics (issue 6).
 */
package io.percept.analytics.text;
