/**
 * Percept's algorithms: pure, deterministic Java with no framework, database or I/O dependencies.
 * Each algorithm is a function of its data, a validated options record and, where random, a seed.
 */
package io.percept.analytics;
