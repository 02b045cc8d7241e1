/** Ingest's HTTP API: source administration under {@code /api/sources} (admin token). */
package io.percept.ingest.web;
