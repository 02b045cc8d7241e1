/**
 * Customer lifetime value: per-customer purchase summaries, the BG/NBD model of repeat purchasing
 * and dropout (Fader, Hardie and Lee 2005), the Gamma-Gamma model of spend, and CLV from both.
 */
package io.percept.analytics.clv;
