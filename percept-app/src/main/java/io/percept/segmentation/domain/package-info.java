/**
 * The segment expression language as plain Java: the syntax tree ({@link io.percept.segmentation.domain.Expression}),
 * its parser with positioned error messages, its JSON form, the catalogue of fields it may name, and evaluation.
 */
package io.percept.segmentation.domain;
