// Package capture is net/http middleware that records every exchange of a model gateway
// without delaying it.
//
// The request path only copies bytes: each response Write goes to the client first and a
// capped copy is kept (Flush, Hijack and http.ResponseController deadlines reach the inner
// writer through Unwrap); the request body is copied as the handler reads it. After the handler
// returns, one non-blocking Offer hands the raw exchange to the pipeline, whose workers parse,
// redact and store it. Nothing is parsed, redacted, encoded, locked on I/O or logged on the
// request path.
//
//	mw, err := capture.New(capture.Config{}, pipeline) // pipeline has Offer(*record.Exchange) bool
//	http.ListenAndServe(addr, mw.Handler(gateway))
package capture
