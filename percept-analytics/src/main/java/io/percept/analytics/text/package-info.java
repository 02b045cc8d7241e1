/**
 * Text learning as pure functions: sentences with their offsets and the language of a text,
 * texts to hashed n-gram features, naive Bayes feature weighting, and a linear classifier
 * (multinomial logistic regression trained with seeded AdaGrad) whose model carries its provenance
 * and serialises to bytes. Used for sentiment and complaint topics (issue 6).
 */
package io.percept.analytics.text;
