// Package pipeline moves captured exchanges from the request path to storage: a queue bounded
// in bytes whose Offer never blocks, redaction workers, a durable spool of redacted records and
// a router that delivers them to every Sink at least once.
package pipeline
