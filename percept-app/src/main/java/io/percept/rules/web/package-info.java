/** The rules API: rules and their versions, enabling, dry runs, statistics, alerts and webhook deliveries. */
package io.percept.rules.web;
