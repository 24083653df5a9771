// Package privlog is compliant logging on log/slog: every record is private unless the call
// says otherwise, public records carry a prefix that a log pipeline can filter on, and private
// content is redacted before any handler sees it.
//
// In regulated ML work only log lines explicitly marked safe may leave the secure environment.
// privlog wraps any slog.Handler:
//
//	h := privlog.NewHandler(slog.NewJSONHandler(os.Stderr, nil), privlog.Options{})
//	logger := slog.New(h)
//	logger.Info("server started", privlog.Public, "port", 8080)
//	// {"time":…,"level":"INFO","msg":"SystemLog: server started","port":8080}
//	logger.Info("prompt from jane@corp.example", "model", "m1")
//	// {"time":…,"level":"INFO","msg":"prompt from [REDACTED:EMAIL_ADDRESS]","model":"m1"}
//
// # Categories
//
// A call is public when it carries the Public marker attribute, or when its logger was built
// with logger.With(privlog.Public). Public records keep their attributes and get
// Options.Prefix ("SystemLog:" by default) in front of the message. Everything else is private:
// the message and every attribute (groups and slog.LogValuer values resolved) are rewritten per
// Options.Private — redacted by the engine of package redact (JSON-aware), replaced by a keyed
// HMAC and the length, by the length only, or dropped. Teams whose filters know more
// categories declare them with Options.Prefixes or Options.PrefixFunc and mark calls with
// Mark. With Options.RequireCategory, records that carry no marker at all are dropped and
// counted (Handler.Stats).
//
// Single values: PublicAttr marks one attribute public inside a private record; Secret hides a
// value from every handler; Error and Recovered log an error or a panic with its types and
// stack frames and a scrubbed message (also in public records) unless its type is listed in
// Options.PublicErrorTypes.
//
// # Routing and bridges
//
// Split sends public and private records to different handlers ("public logs go to a separate
// location"). NewLogLogger gives code that only knows the standard log package a *log.Logger
// that writes private records; SetDefault installs a privlog logger as the slog default.
//
// # Cost
//
// Enabled only asks the wrapped handler, so a disabled level costs a few nanoseconds and no
// allocation, and no redaction runs. Public records are copied once, with the prefix added.
// The redaction engine runs only on private records at enabled levels.
//
// At the boundary of the secure environment, `hush egress` passes only lines that carry the
// prefix (plain text, JSON lines or logfmt) and quarantines a public line in which the engine
// still finds a secret or personal data.
//
// The hushvet analyzer (cmd/hushvet) reports logging that bypasses privlog in packages that
// opt in with a //hush:compliant comment, and PublicAttr calls given errors or values with
// sensitive names.
package privlog
