/**
 * Identity: which identifiers (user ids, anonymous ids, emails, phones, devices, custom ids)
 * belong to the same person. The identity graph applies configurable rules in a canonical order,
 * so the same events give the same profiles whatever order they arrive in.
 */
@ApplicationModule(displayName = "Identity", allowedDependencies = {"eventlog", "platform"})
package io.percept.identity;

import org.springframework.modulith.ApplicationModule;
