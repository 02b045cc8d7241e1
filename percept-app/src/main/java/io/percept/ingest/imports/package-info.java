/** Bulk import of event files: line reading (gzip, BOM, CRLF), validation, pipelined appends, rejects. */
package io.percept.ingest.imports;
