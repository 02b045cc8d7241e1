/**
 * Segments (audiences): definitions written in a small expression language or as JSON over a
 * profile's attributes, traits and scores (issue 7). For now the language, its parser and its
 * evaluation over any subject; membership over the live profiles comes next.
 */
@ApplicationModule(displayName = "Segmentation", allowedDependencies = {})
package io.percept.segmentation;

import org.springframework.modulith.ApplicationModule;
