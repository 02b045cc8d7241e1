/**
 * Access over HTTP: the Spring Security chain (admin bearer token, console form login with
 * sessions and CSRF), the {@link io.percept.access.web.AccessPolicy} it enforces on {@code /api},
 * the login page, and the session and users APIs.
 */
package io.percept.access.web;
