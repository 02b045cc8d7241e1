/**
 * Profiles: the unify log processor resolves each event's identity and keeps one profile per
 * person (identifiers, traits, computed attributes, what they said as text perception reads it) in
 * memory, snapshots it with its log position, mirrors it to columnar tables, and serves lookups,
 * timelines, search, splits, erasure and export.
 */
@ApplicationModule(displayName = "Profile", allowedDependencies = {"eventlog", "identity", "identity :: domain", "perception", "platform"})
package io.percept.profile;

import org.springframework.modulith.ApplicationModule;
