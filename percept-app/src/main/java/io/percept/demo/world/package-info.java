/**
 * The demo world's model (issue 5), as plain Java: regions and cities, the fictional company's
 * catalogue, and a seeded population of customers with latent traits that their behaviour will
 * follow. Deterministic for a seed; free of frameworks.
 */
package io.percept.demo.world;
