package audit

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// GenerateKey returns a new ed25519 signer key (private, in the note "PRIVATE+KEY+…" encoding)
// and its verifier key (public, safe to hand to auditors) for the given key name, for example
// "hush-audit-prod". rand is normally crypto/rand.Reader.
func GenerateKey(rand io.Reader, name string) (skey, vkey string, err error) {
	skey, vkey, err = note.GenerateKey(rand, name)
	if err == nil {
		_, err = note.NewSigner(skey) // rejects names note cannot carry (spaces, '+')
	}
	if err != nil {
		return "", "", fmt.Errorf("audit: generate key %q: %w", name, err)
	}
	return skey, vkey, nil
}

// ParseKey parses a private signer key as written by GenerateKey (surrounding whitespace is
// ignored) and returns the signer and the matching public verifier key.
func ParseKey(skey string) (note.Signer, string, error) {
	skey = strings.TrimSpace(skey)
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, "", fmt.Errorf("audit: parse signer key: %w", err)
	}
	// The encoding is PRIVATE+KEY+<name>+<hash>+<base64(alg || seed)>; NewSigner accepted it,
	// so only ed25519 (alg 1) with a 32-byte seed can reach here.
	parts := strings.SplitN(skey, "+", 5)
	raw, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil || len(raw) != 1+ed25519.SeedSize {
		return nil, "", errors.New("audit: parse signer key: not an ed25519 key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	if err != nil {
		return nil, "", fmt.Errorf("audit: derive verifier key: %w", err)
	}
	return s, vkey, nil
}

// LoadKeyFile reads a private key file and returns its signer and public verifier key.
func LoadKeyFile(path string) (note.Signer, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("audit: key file: %w", err)
	}
	s, vkey, err := ParseKey(string(b))
	if err != nil {
		return nil, "", fmt.Errorf("%w (key file %s)", err, path)
	}
	return s, vkey, nil
}

// ParseVerifiers parses public verifier keys, one per non-empty line.
func ParseVerifiers(text string) (note.Verifiers, []string, error) {
	var vs []note.Verifier
	var keys []string
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := note.NewVerifier(line)
		if err != nil {
			return nil, nil, fmt.Errorf("audit: verifier key %q: %w", line, err)
		}
		vs = append(vs, v)
		keys = append(keys, line)
	}
	if len(vs) == 0 {
		return nil, nil, errors.New("audit: no verifier key")
	}
	return note.VerifierList(vs...), keys, nil
}

// checkKeyPair reports whether vkey verifies signatures made by signer.
func checkKeyPair(signer note.Signer, vkey string) error {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("audit: verifier key: %w", err)
	}
	msg, err := note.Sign(&note.Note{Text: "hush audit key check\n"}, signer)
	if err == nil {
		_, err = note.Open(msg, note.VerifierList(v))
	}
	if err != nil {
		return fmt.Errorf("audit: verifier key %q does not match the signer %q: %w", vkey, signer.Name(), err)
	}
	return nil
}
