/**
 * Bulk import of files: CSV (RFC 4180, any encoding), JSONL and Parquet readers, gzip, mapping
 * documents and built-in templates, grouping, exact deduplication against the source's history,
 * pipelined appends, rejects with line numbers.
 */
package io.percept.ingest.imports;
