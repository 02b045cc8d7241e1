/**
 * The demo world's model (issue 5), as plain Java: regions and cities, the fictional company's
 * catalogue, a seeded population of customers with latent traits, what they do and say because of
 * them, the stories that happen to the company, and the records all of it leaves in the company's
 * systems ({@link io.percept.demo.world.World}, {@link io.percept.demo.world.Feed}). Deterministic
 * for a seed; free of frameworks.
 */
@NamedInterface("world")
package io.percept.demo.world;

import org.springframework.modulith.NamedInterface;
