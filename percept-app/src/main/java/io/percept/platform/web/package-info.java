/** The platform's HTTP endpoints: running the retention job now. */
package io.percept.platform.web;
