/**
 * Segments (audiences): definitions written in a small expression language or as JSON over a
 * profile's attributes, traits and scores (issue 7): the language and its parser, stored
 * definitions evaluated over the live profiles in memory, membership kept up to date as profiles
 * change (enter and exit events appended to the log; in cluster mode by the instance holding the
 * role {@code segment-membership}), size history, and their API.
 */
@ApplicationModule(displayName = "Segmentation", allowedDependencies = {"profile", "eventlog", "platform"})
package io.percept.segmentation;

import org.springframework.modulith.ApplicationModule;
