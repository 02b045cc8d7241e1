/** Insight's JSON API under {@code /api/insight}. */
package io.percept.insight.web;
