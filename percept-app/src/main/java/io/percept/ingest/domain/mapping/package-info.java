/**
 * Import mappings in plain Java: how a row of a CSV, JSONL or Parquet file becomes a Segment-spec
 * message (columns, types, timestamps, rules, grouping), parsed from a YAML or JSON document with
 * errors that name the exact place, and evaluated row by row.
 */
package io.percept.ingest.domain.mapping;
