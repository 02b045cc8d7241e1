/** The rules API: rules and their versions, enabling, dry runs, statistics, alerts, webhook deliveries, and the local webhook inbox. */
package io.percept.rules.web;
