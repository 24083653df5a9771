// Package auditcli implements the "hush audit" subcommands over package audit: verify,
// checkpoint, query, export and keygen.
package auditcli

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hushlog/hush/audit"
	"golang.org/x/mod/sumdb/note"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1 // verification failed: the log or bundle is not intact
	exitUsage    = 2 // bad arguments
	exitError    = 3 // the command could not run (unreadable files, bad key)
	defaultDir   = "./hush-data"
	keyEnv       = "HUSH_AUDIT_KEY"
	keyEnvPublic = "HUSH_AUDIT_PUBKEY"
)

// Main runs "hush audit" with args (the arguments after "audit": args[0] names the
// subcommand), writing results to stdout and diagnostics to stderr, and returns the exit
// status: 0 on success (for verify: everything intact), 1 when verification fails, 2 for
// usage errors, 3 when the command could not run. It reads HUSH_AUDIT_KEY (a private key) and
// HUSH_AUDIT_PUBKEY (public keys) from the environment where a file is not given.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, env{stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now})
}

// env is what the commands need from the world, injected for tests.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

const usage = `usage: hush audit <command> [flags]

commands:
  verify      check that the audit log (or an export bundle) is intact
  checkpoint  print the latest signed checkpoint of each log
  query       find records by time, model, user or finding type
  export      write a self-contained, offline-verifiable bundle
  keygen      create a signing key pair

run "hush audit <command> -h" for its flags
`

func run(args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitUsage
	}
	cmds := map[string]func([]string, env) int{
		"verify": verify, "checkpoint": checkpoint, "query": query, "export": export, "keygen": keygen,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(e.stdout, usage)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "hush audit: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:], e)
}

func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("hush audit "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses flags and rejects stray arguments; it returns -1 to continue.
func parse(fs *flag.FlagSet, args []string, e env) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

func fail(e env, code int, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "hush audit: "+format+"\n", args...)
	return code
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// writers returns the writers named by --writer, or all of them.
func writers(dataDir string, named multiFlag) ([]string, error) {
	if len(named) > 0 {
		return named, nil
	}
	ws, err := audit.Writers(dataDir)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("no audit log under %s", dataDir)
	}
	return ws, nil
}

// publicKeys loads verifier keys from --pubkey, else HUSH_AUDIT_PUBKEY; nil when neither is
// set.
func publicKeys(path string, e env) (note.Verifiers, error) {
	text := e.getenv(keyEnvPublic)
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		text = string(b)
	}
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	v, _, err := audit.ParseVerifiers(text)
	return v, err
}

// privateKey loads the signer from path, else from HUSH_AUDIT_KEY; nil when neither is set.
func privateKey(path string, e env) (note.Signer, error) {
	if path != "" {
		s, _, err := audit.LoadKeyFile(path)
		return s, err
	}
	if text := e.getenv(keyEnv); text != "" {
		s, _, err := audit.ParseKey(text)
		if err != nil {
			return nil, fmt.Errorf("$%s: %w", keyEnv, err)
		}
		return s, nil
	}
	return nil, nil
}

func verify(args []string, e env) int {
	fs := newFlags("verify", e)
	dataDir := fs.String("data-dir", defaultDir, "hush data directory")
	var ckFiles, named multiFlag
	fs.Var(&ckFiles, "checkpoint", "a signed checkpoint kept earlier; the log must extend it (repeatable)")
	fs.Var(&named, "writer", "verify only this writer's log (repeatable; default all)")
	pubkey := fs.String("pubkey", "", "public verifier key file (default: $"+keyEnvPublic+", else the keys stored with the log)")
	bundle := fs.String("bundle", "", "verify an export bundle (directory, .tar or .zip) instead of the log")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	if code := parse(fs, args, e); code >= 0 {
		return code
	}
	verifiers, err := publicKeys(*pubkey, e)
	if err != nil {
		return fail(e, exitError, "public key: %v", err)
	}
	if *bundle != "" {
		rep, err := audit.VerifyBundle(*bundle, verifiers)
		if rep == nil {
			return fail(e, exitError, "%v", err)
		}
		if *asJSON {
			printJSON(e.stdout, rep)
		}
		if err != nil {
			for _, p := range rep.Problems {
				fmt.Fprintf(e.stderr, "FAIL %s\n", p)
			}
			return fail(e, exitFailed, "bundle %s is NOT intact", *bundle)
		}
		if !*asJSON {
			fmt.Fprintf(e.stdout, "OK bundle %s: %d records, every inclusion proof and checkpoint signature verified\n", *bundle, rep.Records)
			if rep.Signed {
				fmt.Fprintln(e.stdout, "   signed manifest verified: the bundle is complete as exported")
			} else {
				fmt.Fprintln(e.stdout, "   no signed manifest: each record is proven, the completeness of the selection is not")
			}
			if verifiers == nil {
				fmt.Fprintf(e.stdout, "   key from the bundle's keys.txt: %s (compare it with the key you were given, or pass --pubkey)\n", strings.Join(rep.Keys, ", "))
			}
		}
		return exitOK
	}
	var trusted [][]byte
	for _, p := range ckFiles {
		b, err := os.ReadFile(p)
		if err != nil {
			return fail(e, exitError, "checkpoint: %v", err)
		}
		notes, err := audit.SplitCheckpoints(b)
		if err != nil {
			return fail(e, exitError, "checkpoint %s: %v", p, err)
		}
		trusted = append(trusted, notes...)
	}
	opts := audit.VerifyOptions{Verifiers: verifiers, Trusted: trusted}
	var reports []*audit.Report
	if len(named) == 0 {
		reps, err := audit.VerifyAll(*dataDir, opts)
		if reps == nil {
			return fail(e, exitError, "%v", err)
		}
		reports = reps
	} else {
		for _, w := range named {
			rep, err := audit.Verify(*dataDir, w, opts)
			if rep == nil {
				return fail(e, exitError, "%v", err)
			}
			reports = append(reports, rep)
		}
	}
	code := exitOK
	for _, rep := range reports {
		if !rep.OK() {
			code = exitFailed
			fmt.Fprintf(e.stderr, "FAIL %s: %s\n", rep.Writer, rep.Problems[0])
			for _, p := range rep.Problems[1:] {
				fmt.Fprintf(e.stderr, "     %s\n", p)
			}
			continue
		}
		if !*asJSON {
			fmt.Fprintf(e.stdout, "OK %s\n", rep.Summary())
		}
	}
	if *asJSON {
		printJSON(e.stdout, reports)
	}
	if code == exitOK && verifiers == nil && !*asJSON {
		fmt.Fprintln(e.stdout, "   checked with the keys stored beside the log; pass --pubkey to check against a key you hold")
	}
	return code
}

func printJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func checkpoint(args []string, e env) int {
	fs := newFlags("checkpoint", e)
	dataDir := fs.String("data-dir", defaultDir, "hush data directory")
	var named multiFlag
	fs.Var(&named, "writer", "only this writer's log (repeatable; default all)")
	if code := parse(fs, args, e); code >= 0 {
		return code
	}
	ws, err := writers(*dataDir, named)
	if err != nil {
		return fail(e, exitError, "%v", err)
	}
	for _, w := range ws {
		ck, err := audit.LatestCheckpoint(*dataDir, w)
		if err != nil {
			return fail(e, exitFailed, "%v", err)
		}
		e.stdout.Write(ck.Note)
	}
	return exitOK
}

// parseTime accepts RFC 3339, a date (2006-01-02, UTC) or a duration ago ("24h", "7d").
func parseTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(d, "%d", &n); err == nil && fmt.Sprint(n) == d {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time (RFC 3339, YYYY-MM-DD, or a duration ago such as 24h or 7d)", s)
}

func timeFlags(fs *flag.FlagSet) (since, until *string) {
	since = fs.String("since", "", "from this time (RFC 3339, YYYY-MM-DD, or a duration ago: 24h, 7d)")
	until = fs.String("until", "", "up to this time, inclusive (same forms)")
	return since, until
}

func times(since, until string, e env) (time.Time, time.Time, error) {
	now := e.now()
	s, err := parseTime(since, now)
	if err != nil {
		return s, s, fmt.Errorf("--since: %w", err)
	}
	u, err := parseTime(until, now)
	if err != nil {
		return s, u, fmt.Errorf("--until: %w", err)
	}
	if !s.IsZero() && !u.IsZero() && u.Before(s) {
		return s, u, errors.New("--until is before --since")
	}
	return s, u, nil
}

func query(args []string, e env) int {
	fs := newFlags("query", e)
	dataDir := fs.String("data-dir", defaultDir, "hush data directory")
	since, until := timeFlags(fs)
	model := fs.String("model", "", "requested model (gen_ai.request.model)")
	user := fs.String("user", "", "user pseudonym (user.id)")
	typ := fs.String("type", "", "finding type present in the record (hush.findings), e.g. EMAIL_ADDRESS")
	limit := fs.Int("limit", 0, "at most this many records (0: all)")
	asJSON := fs.Bool("json", false, "print the records themselves, one JSON document per line")
	var named multiFlag
	fs.Var(&named, "writer", "only this writer's log (repeatable; default all)")
	if code := parse(fs, args, e); code >= 0 {
		return code
	}
	s, u, err := times(*since, *until, e)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	if *limit < 0 {
		return fail(e, exitUsage, "--limit must not be negative")
	}
	ws, err := writers(*dataDir, named)
	if err != nil {
		return fail(e, exitError, "%v", err)
	}
	res, err := audit.Query(*dataDir, audit.QueryOptions{Since: s, Until: u, Model: *model, User: *user, Type: *typ, Writers: ws, Limit: *limit})
	if err != nil {
		return fail(e, exitError, "%v", err)
	}
	if *asJSON {
		for _, r := range res {
			e.stdout.Write(r.Data)
			io.WriteString(e.stdout, "\n")
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tWRITER\tINDEX\tMODEL\tUSER\tFINDINGS")
	for _, r := range res {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", r.Time.Format(time.RFC3339), r.Writer, r.Index,
			dash(r.Model), dash(r.User), dash(strings.Join(r.Findings, ",")))
	}
	tw.Flush()
	fmt.Fprintf(e.stderr, "%d records\n", len(res))
	return exitOK
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func export(args []string, e env) int {
	fs := newFlags("export", e)
	dataDir := fs.String("data-dir", defaultDir, "hush data directory")
	since, until := timeFlags(fs)
	out := fs.String("out", "", "bundle to write: a directory, or a .tar or .zip file (must not exist)")
	keyFile := fs.String("key", "", "private key file to sign the bundle's manifest (default: $"+keyEnv+"; unsigned if neither)")
	var named multiFlag
	fs.Var(&named, "writer", "only this writer's log (repeatable; default all)")
	if code := parse(fs, args, e); code >= 0 {
		return code
	}
	if *out == "" {
		return fail(e, exitUsage, "export: --out is required")
	}
	s, u, err := times(*since, *until, e)
	if err != nil {
		return fail(e, exitUsage, "%v", err)
	}
	ws, err := writers(*dataDir, named)
	if err != nil {
		return fail(e, exitError, "%v", err)
	}
	signer, err := privateKey(*keyFile, e)
	if err != nil {
		return fail(e, exitError, "export: %v", err)
	}
	rep, err := audit.Export(*dataDir, *out, audit.ExportOptions{Since: s, Until: u, Writers: ws, Now: e.now, Signer: signer})
	if err != nil {
		return fail(e, exitError, "%v", err)
	}
	for _, w := range rep.Writers {
		fmt.Fprintf(e.stdout, "%s: %d records with inclusion proofs against the checkpoint of size %d", w.Name, w.Records, w.TreeSize)
		if w.Unsigned > 0 {
			fmt.Fprintf(e.stdout, " (%d newer records left out: not yet under a checkpoint)", w.Unsigned)
		}
		fmt.Fprintln(e.stdout)
	}
	if signer == nil {
		fmt.Fprintf(e.stdout, "manifest not signed (no --key or $%s): records are proven, the completeness of the selection is not\n", keyEnv)
	}
	fmt.Fprintf(e.stdout, "wrote %s; check it with: hush audit verify --bundle %s --pubkey <key file>\n", *out, *out)
	return exitOK
}

func keygen(args []string, e env) int {
	fs := newFlags("keygen", e)
	out := fs.String("out", "hush-audit.key", "private key file to create (mode 0600); the public key goes to FILE.pub")
	name := fs.String("name", "hush-audit", "key name, shown in every signature")
	if code := parse(fs, args, e); code >= 0 {
		return code
	}
	skey, vkey, err := audit.GenerateKey(rand.Reader, *name)
	if err != nil {
		return fail(e, exitUsage, "keygen: --name: %v", err)
	}
	if err := writeNew(*out, skey+"\n", 0o600); err != nil {
		return fail(e, exitError, "keygen: %v", err)
	}
	if err := writeNew(*out+".pub", vkey+"\n", 0o644); err != nil {
		return fail(e, exitError, "keygen: %v", err)
	}
	fmt.Fprintln(e.stdout, vkey)
	fmt.Fprintf(e.stderr, "private key written to %s (keep it secret; or pass it in $%s)\npublic key written to %s.pub (give it to auditors)\n", *out, keyEnv, *out)
	return exitOK
}

// writeNew creates path (it must not exist) with text, synced.
func writeNew(path, text string, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
