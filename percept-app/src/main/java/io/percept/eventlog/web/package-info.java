/** How the HTTP API answers when the log or the store behind it is unavailable. */
package io.percept.eventlog.web;
