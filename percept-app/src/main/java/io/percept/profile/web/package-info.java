/** The profile API under {@code /api/profiles} (admin token). */
package io.percept.profile.web;
