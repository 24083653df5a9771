// Package record defines what hush captures for one model-API exchange and what it stores.
//
// An Exchange is the raw capture: request and response bytes exactly as they crossed the
// gateway. It lives only in memory, between the request path and the redaction workers, and
// must never be written, logged or sent anywhere.
//
// A Record is the redacted form of an Exchange, the one document per exchange that the spool
// and every sink see. Its JSON field names follow the Elastic Common Schema and the
// OpenTelemetry GenAI semantic conventions, so Kibana and OpenTelemetry back ends read it
// without mapping work:
//
//	{"@timestamp":"2026-11-23T21:37:41.123456789Z","record.id":"01JDBV4K0X3T9P1QY2ZK6M8N7R",
//	 "message":"POST /v1/chat/completions 200","event.duration":812000000,
//	 "http.request.method":"POST","url.path":"/v1/chat/completions",
//	 "http.response.status_code":200,"gen_ai.request.model":"gpt-4o",
//	 "hush.findings":{"EMAIL_ADDRESS":1},"hush.capture_mode":"full"}
//
// Record IDs are sortable and unique (a 48-bit millisecond timestamp and 80 random bits,
// Crockford base32, monotonic within one IDGenerator), so they double as the Elasticsearch
// _id that makes retried deliveries idempotent.
package record
