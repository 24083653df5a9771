// Package pipeline moves captured exchanges from the request path to storage: a queue bounded
// in bytes whose Offer never blocks, redaction workers, a durable spool of redacted records and
// a router that delivers them to every Sink at least once.
//
//	request path ──Offer──▶ queue (bytes-capped, raw, memory only)
//	                          ▼
//	               redaction workers (GOMAXPROCS; panic or timeout → metadata only)
//	                          ▼
//	               spool: CRC-framed segment files, redacted records only
//	                          ▼
//	               one router per sink: durable cursor, retries with backoff and jitter,
//	               permanent errors and poison records → dead-letter segments
//
// # Guarantees
//
//   - Offer costs tens of nanoseconds and allocates nothing; under the default DropWhenFull
//     policy it never waits. Every refused exchange is counted (hush_pipeline_dropped_total).
//   - Raw exchange text exists only in the queue and in the worker redacting it. The spool,
//     sinks, dead letters, errors and metric labels only ever see redacted records.
//   - A record is acknowledged once Append has written it to the spool (Config.OnSpooled).
//     An acknowledged record reaches every sink at least once, across sink outages and
//     process crashes, unless a sink rejects it permanently or it fails RetryConfig
//     MaxAttempts times; then it goes to the dead-letter segments (ReadDeadLetters), counted.
//     Sinks deduplicate by Item.ID, the record id.
//   - A crash can leave a torn frame at the end of the newest segment; OpenSpool truncates it
//     and reports it (Pipeline.Recovery, hush_spool_torn_tails_total).
//   - Spool space is reclaimed once every sink's cursor has passed a segment; at the size cap
//     new records are dropped and counted (KeepOldest) or the oldest segment is dropped
//     (DropOldest).
//
// # Errors from sinks
//
// A Sink classifies failures by wrapping: Permanent(err) is never retried, any other error
// is retried with exponential backoff; a *PartialError names the items of a batch that
// failed, so that only those are written again.
//
// # Benchmarks
//
//	go test -run '^$' -bench 'Offer|EndToEnd' -benchtime 40000x ./pipeline
//
// BenchmarkOffer reports the request-path cost; BenchmarkEndToEnd the records per second
// from Offer through redaction, spool and the JSONL file sink with 4 KB chat-completion
// bodies, and the CPU time per record.
package pipeline
