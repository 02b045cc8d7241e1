/**
 * The identity graph and its rules, as plain Java: normalisation and blocklist of identifier
 * values, per-type limits, priorities, the user-id rule, merge cap, separations, and canonical
 * ordering with recomputation of the profiles a late event affects. Used by the profile module's
 * log processor, which keeps the graph in memory.
 */
@org.springframework.modulith.NamedInterface("domain")
package io.percept.identity.domain;
