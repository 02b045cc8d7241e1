/**
 * The identity graph and its rules, as plain Java: normalisation and blocklist of identifier
 * values, per-type limits, priorities, the user-id rule, merge cap, separations, and canonical
 * ordering with recomputation of the profiles a late event affects.
 */
package io.percept.identity.domain;
