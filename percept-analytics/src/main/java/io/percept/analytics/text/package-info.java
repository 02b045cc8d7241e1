/**
 * Text learning as pure functions: sentences with their offsets and the language of a text, texts
 * to hashed n-gram features, naive Bayes feature weighting, a linear classifier (multinomial
 * logistic regression trained with seeded AdaGrad) and the text classifier that combines them and
 * serialises compactly; the seeded hold-out every evaluation uses, classification metrics, a keyword
 * baseline, and emerging themes (keywords newly frequent in a window). Used for sentiment and
 * complaint topics (issue 6).
 */
package io.percept.analytics.text;
