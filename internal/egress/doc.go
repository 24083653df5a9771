// Package egress is the filter at the boundary of a secure environment: it reads log lines
// and lets through only those marked public, the other half of the privlog scheme.
//
// A line is public when it starts with the prefix (plain text), when its top-level "msg" or
// "message" field starts with the prefix (JSON lines), or when its "msg" key does (logfmt, as
// slog.TextHandler writes it). Every other line is private: it becomes a placeholder
// "[private log line: N bytes]", is dropped, or is redacted, per Options.Mode. As a second
// guard, public lines are scanned by the redaction engine too; a public line in which it finds
// a secret or personal data is quarantined (replaced and counted), so that one mislabeled
// call cannot leak. Lines longer than Options.MaxLineBytes are private and never echoed.
//
//	sum, err := egress.Run(ctx, egress.Options{}, os.Stdin, os.Stdout, os.Stderr)
//
// Main implements the `hush egress` command line.
package egress
