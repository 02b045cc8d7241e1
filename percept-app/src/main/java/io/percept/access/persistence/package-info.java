/** Access's tables in the embedded store: {@code access_users} and {@code access_audit}. */
package io.percept.access.persistence;
