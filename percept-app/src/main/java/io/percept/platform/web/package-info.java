/** HTTP concerns of the platform: the admin-token guard in front of {@code /api/**}. */
package io.percept.platform.web;
