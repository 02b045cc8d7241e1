/** Non-cryptographic hash functions for fingerprints, deduplication and sketches. */
package io.percept.analytics.hash;
