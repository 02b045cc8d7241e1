/**
 * Rules: real-time rules over the event stream (issue 8) and the delivery of their webhooks —
 * a durable outbox in the store, signed JSON posts, per-destination queues, retries with
 * backoff, a dead letter with replay ({@link io.percept.rules.Deliveries}).
 */
@ApplicationModule(displayName = "Rules", allowedDependencies = {"eventlog", "profile", "segmentation", "platform", "prediction"})
package io.percept.rules;

import org.springframework.modulith.ApplicationModule;
