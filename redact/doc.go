// Package redact finds and removes secrets, credentials and personal data from text and JSON.
//
// An Engine compiles a set of rules (package rules: hundreds of provider token formats with
// checksums validated where the format has one, and personal data such as e-mail addresses,
// phone numbers, payment cards, IBANs and national ids). Detection makes one pass of a
// multi-keyword prefilter (an Aho-Corasick automaton over the literal prefixes and context
// keywords of every rule) over the input; each triggered rule looks only at a bounded window
// around its hit and validates what it sees (Luhn, mod-97, CRC-32, structure, entropy, context).
// The work is linear in the input, never backtracks, and allocates nothing when nothing is found.
//
// Redaction replaces each finding with the output of an Operator chosen per entity type:
// a typed placeholder ("[REDACTED:EMAIL_ADDRESS]", the default), a pseudonym consistent within
// a record ("<EMAIL_ADDRESS_1>"), a keyed HMAC token, a mask, nothing, or the length. Redacting
// redacted output changes nothing.
//
//	e, err := redact.New(redact.Config{})
//	if err != nil { ... }
//	clean := e.RedactString("mail me at jane@corp.example")
//	// "mail me at [REDACTED:EMAIL_ADDRESS]"
//
// RedactJSON walks JSON documents (unescaping strings, applying key policies, keeping the
// output valid JSON), and Writer redacts a stream without missing a secret split across writes.
package redact
