/**
 * The real-time rule language and its pure engine: rule documents parsed and validated into
 * {@link io.percept.rules.domain.Rule} records, event matching, and the {@link io.percept.rules.domain.RuleEngine}
 * that keeps count/sum windows, absence timers and throttles per rule and profile. Plain Java.
 */
package io.percept.rules.domain;
