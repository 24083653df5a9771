// Package elasticsearch is a hush sink that writes redacted records to the Elasticsearch
// _bulk API, one document per record with the record ID as _id, so that retries are
// idempotent. It works with Elasticsearch 8, OpenSearch 2 and other engines that speak the
// bulk protocol, such as VictoriaLogs (point Config.URLs at its /insert/elasticsearch prefix
// and set Config.QueryParams to name its message and time fields).
//
// A Sink packs the items of a Write into requests of at most Config.MaxBatchBytes, parses the
// bulk response item by item and reports what was not stored as a *pipeline.PartialError, its
// errors classified as retryable (throttling, server errors, outages, authorization) or
// permanent (mapping errors, oversized items) with pipeline.Permanent. Errors never contain
// document content or credentials.
//
// Index names may carry a date pattern, "hush-%{+yyyy.MM.dd}", evaluated on each record's
// @timestamp; with Config.DataStream the sink writes to a data stream with op_type create.
//
// # Tests
//
// The wire-format tests run against a fake Elasticsearch 8 node whose answers (testdata/) follow
// the bulk API's documented response format. The integration tests run against a real
// VictoriaLogs server, including an outage under load; build it once with
// scripts/install-victorialogs.sh (or point HUSH_VICTORIALOGS at a binary), otherwise they
// skip.
package elasticsearch
