package audit

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Bundle layout (a directory, a .tar or a .zip file):
//
//	README.md                  how to verify, for the auditor
//	manifest.json              format, selection, per-writer record counts and tree sizes
//	keys.txt                   public note verifier keys
//	manifest.note              optional: a note signed with the log's key listing the SHA-256
//	                           of every other file but README.md, which makes the selection
//	                           itself (not only each record) tamper-evident
//	<writer>/checkpoint.note   the signed checkpoint every proof of that writer is against
//	<writer>/records.jsonl     one object per record:
//	                           {"index":N,"hash":"<leaf hash>","proof":["<hash>",…],"record":{…}}
//
// "record" holds the record's exact bytes (or "record_base64" when they are not a compact JSON
// object); "hash" is tlog.RecordHash of those bytes and "proof" the tlog.ProveRecord inclusion
// proof of record N in the checkpoint's tree.
const (
	bundleFormat = "hush-audit-bundle/1"
	manifestNote = "manifest.note"
	manifestHead = "hush audit export\n"
)

// manifestNoteText lists the SHA-256 of every bundle file except the README and the note.
func manifestNoteText(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for name := range files {
		if name != "README.md" && name != manifestNote {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString(manifestHead)
	for _, name := range names {
		sum := sha256.Sum256(files[name])
		fmt.Fprintf(&b, "file %s %s\n", base64.StdEncoding.EncodeToString(sum[:]), name)
	}
	return b.String()
}

// ExportOptions selects what Export writes.
type ExportOptions struct {
	Since, Until time.Time // inclusive bounds on @timestamp; zero means unbounded
	Writers      []string  // default: every writer
	// Now dates the manifest; default time.Now.
	Now func() time.Time
	// Signer, when set (normally the log's own key), signs manifest.note so that removing or
	// adding records to the bundle is detected too.
	Signer note.Signer
}

// ExportReport says what a bundle holds.
type ExportReport struct {
	Path    string
	Writers []BundleWriter
}

// BundleWriter is one writer's part of a bundle.
type BundleWriter struct {
	Name     string `json:"name"`
	Records  int    `json:"records"`
	TreeSize int64  `json:"tree_size"`
	// Unsigned counts matching records left out because no checkpoint covers them yet.
	Unsigned int `json:"unsigned,omitempty"`
}

type manifest struct {
	Format  string         `json:"format"`
	Created time.Time      `json:"created"`
	Since   *time.Time     `json:"since,omitempty"`
	Until   *time.Time     `json:"until,omitempty"`
	Writers []BundleWriter `json:"writers"`
}

type bundleRecord struct {
	Index        int64           `json:"index"`
	Hash         tlog.Hash       `json:"hash"`
	Proof        []tlog.Hash     `json:"proof"`
	Record       json.RawMessage `json:"record,omitempty"`
	RecordBase64 []byte          `json:"record_base64,omitempty"`
}

// Export writes the retained records with @timestamp in [Since, Until] to a self-contained
// bundle at out: a directory, or a tar or zip archive when out ends in ".tar" or ".zip". Each
// record comes with an inclusion proof against its log's latest checkpoint, which Export first
// checks against the log's stored tree (it refuses to export from a log that does not match
// its own checkpoint). Records newer than the latest checkpoint are left out and counted as
// Unsigned. out must not exist yet.
func Export(dataDir, out string, opts ExportOptions) (*ExportReport, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	writers := opts.Writers
	if writers == nil {
		ws, err := Writers(dataDir)
		if err != nil {
			return nil, err
		}
		writers = ws
	}
	if _, err := os.Stat(out); err == nil {
		return nil, fmt.Errorf("audit: export: %s already exists", out)
	}
	files := map[string][]byte{}
	var keys []string
	m := manifest{Format: bundleFormat, Created: opts.Now().UTC()}
	if !opts.Since.IsZero() {
		m.Since = &opts.Since
	}
	if !opts.Until.IsZero() {
		m.Until = &opts.Until
	}
	for _, w := range writers {
		bw, wkeys, err := exportLog(dataDir, w, opts, files)
		if err != nil {
			return nil, fmt.Errorf("audit: export %s: %w", w, err)
		}
		m.Writers = append(m.Writers, bw)
		for _, k := range wkeys {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	files["manifest.json"] = append(mb, '\n')
	files["keys.txt"] = []byte(strings.Join(keys, "\n") + "\n")
	files["README.md"] = []byte(bundleReadme)
	if opts.Signer != nil {
		msg, err := note.Sign(&note.Note{Text: manifestNoteText(files)}, opts.Signer)
		if err != nil {
			return nil, fmt.Errorf("audit: export: sign manifest: %w", err)
		}
		files[manifestNote] = msg
	}
	if err := writeBundle(out, files); err != nil {
		return nil, fmt.Errorf("audit: export: %w", err)
	}
	return &ExportReport{Path: out, Writers: m.Writers}, nil
}

func exportLog(dataDir, writer string, opts ExportOptions, files map[string][]byte) (BundleWriter, []string, error) {
	bw := BundleWriter{Name: writer}
	dir := LogDir(dataDir, writer)
	verifiers, keys, err := LogVerifiers(dataDir, writer)
	if err != nil {
		return bw, nil, err
	}
	var problems []string
	cks := readCheckpoints(dir, writer, verifiers, func(_ int64, f string, a ...any) {
		problems = append(problems, fmt.Sprintf(f, a...))
	})
	if len(problems) > 0 {
		return bw, nil, fmt.Errorf("checkpoints: %s (run verify)", problems[0])
	}
	if len(cks) == 0 {
		return bw, nil, errors.New("no checkpoint yet")
	}
	ck := cks[len(cks)-1]
	hf, err := os.Open(filepath.Join(dir, hashesFile))
	if err != nil {
		return bw, nil, err
	}
	defer hf.Close()
	st, err := hf.Stat()
	if err != nil {
		return bw, nil, err
	}
	hc := newHashCache(hf, st.Size()/tlog.HashSize)
	if root, err := tlog.TreeHash(ck.Tree.N, hc); err != nil || root != ck.Tree.Hash {
		return bw, nil, fmt.Errorf("the log's tree does not match its latest checkpoint (size %d): run verify", ck.Tree.N)
	}
	rs, err := queryLog(dataDir, writer, QueryOptions{Since: opts.Since, Until: opts.Until}, 0)
	if err != nil {
		return bw, nil, err
	}
	var b bytes.Buffer
	for _, r := range rs {
		if r.Index >= ck.Tree.N {
			bw.Unsigned++
			continue
		}
		leaf := tlog.RecordHash(r.Data)
		if stored, err := hc.hash(tlog.StoredHashIndex(0, r.Index)); err != nil || stored != leaf {
			return bw, nil, fmt.Errorf("record %d does not match the log's tree: run verify", r.Index)
		}
		proof, err := tlog.ProveRecord(ck.Tree.N, r.Index, hc)
		if err != nil {
			return bw, nil, fmt.Errorf("record %d: proof: %w", r.Index, err)
		}
		head, err := json.Marshal(bundleRecord{Index: r.Index, Hash: leaf, Proof: proof})
		if err != nil {
			return bw, nil, err
		}
		b.Write(head[:len(head)-1]) // reopen the object to append the exact record bytes
		if exactJSON(r.Data) {
			b.WriteString(`,"record":`)
			b.Write(r.Data)
			b.WriteString("}\n")
		} else {
			tail, _ := json.Marshal(bundleRecord{RecordBase64: r.Data})
			b.WriteString(",")
			b.Write(tail[bytes.Index(tail, []byte(`"record_base64"`)):])
			b.WriteString("\n")
		}
		bw.Records++
	}
	bw.TreeSize = ck.Tree.N
	files[writer+"/checkpoint.note"] = ck.Note
	files[writer+"/records.jsonl"] = b.Bytes()
	return bw, keys, nil
}

// exactJSON reports whether data can be embedded as a JSON value and read back byte for byte.
func exactJSON(data []byte) bool {
	return len(data) > 1 && data[0] == '{' && data[len(data)-1] == '}' && json.Valid(data)
}

func writeBundle(out string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	switch {
	case strings.HasSuffix(out, ".tar"), strings.HasSuffix(out, ".zip"):
		var buf bytes.Buffer
		if strings.HasSuffix(out, ".tar") {
			tw := tar.NewWriter(&buf)
			for _, name := range names {
				hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Format: tar.FormatPAX}
				if err := tw.WriteHeader(hdr); err != nil {
					return err
				}
				if _, err := tw.Write(files[name]); err != nil {
					return err
				}
			}
			if err := tw.Close(); err != nil {
				return err
			}
		} else {
			zw := zip.NewWriter(&buf)
			for _, name := range names {
				w, err := zw.Create(name)
				if err != nil {
					return err
				}
				if _, err := w.Write(files[name]); err != nil {
					return err
				}
			}
			if err := zw.Close(); err != nil {
				return err
			}
		}
		return writeFileSync(out, buf.Bytes())
	default:
		for _, name := range names {
			p := filepath.Join(out, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := writeFileSync(p, files[name]); err != nil {
				return err
			}
		}
		return nil
	}
}

func writeFileSync(path string, b []byte) error {
	return writeSync(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644, b)
}

// readBundle loads every file of a bundle directory or archive.
func readBundle(p string) (map[string][]byte, error) {
	files := map[string][]byte{}
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	switch {
	case st.IsDir():
		err = fs.WalkDir(os.DirFS(p), ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(filepath.Join(p, filepath.FromSlash(name)))
			files[name] = b
			return err
		})
		return files, err
	case strings.HasSuffix(p, ".zip"):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			files[path.Clean(f.Name)] = b
		}
		return files, nil
	default:
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		tr := tar.NewReader(f)
		for {
			hdr, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return files, nil
			}
			if err != nil {
				return nil, fmt.Errorf("not a bundle directory, .zip or .tar: %w", err)
			}
			if hdr.Typeflag != tar.TypeReg {
				continue
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, err
			}
			files[path.Clean(hdr.Name)] = b
		}
	}
}

// BundleReport is the result of VerifyBundle.
type BundleReport struct {
	Writers  []BundleWriter `json:"writers"`
	Records  int            `json:"records"` // records whose inclusion proofs verified
	Problems []Problem      `json:"problems,omitempty"`
	// Keys are the bundle's own verifier keys, when those were used.
	Keys []string `json:"keys,omitempty"`
	// Signed reports that manifest.note was present and verified: the bundle holds exactly
	// the files and records it was exported with. Without it, each record is still proven to
	// be in the log, but the completeness of the selection is not.
	Signed bool `json:"signed"`
}

// VerifyBundle checks a bundle written by Export using nothing but its contents: each
// checkpoint's signature, each record's hash and inclusion proof against its writer's
// checkpoint, and the record counts in the manifest. verifiers are the keys the auditor
// trusts; when nil the bundle's keys.txt is used, which only proves the bundle is internally
// consistent (compare that key with the one you were given). The error is an
// *IntegrityError when the bundle does not verify.
func VerifyBundle(bundle string, verifiers note.Verifiers) (*BundleReport, error) {
	files, err := readBundle(bundle)
	if err != nil {
		return nil, fmt.Errorf("audit: bundle: %w", err)
	}
	rep := &BundleReport{}
	if verifiers == nil {
		v, keys, err := ParseVerifiers(string(files["keys.txt"]))
		if err != nil {
			return nil, fmt.Errorf("audit: bundle keys.txt: %w", err)
		}
		verifiers, rep.Keys = v, keys
	}
	var m manifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		return nil, fmt.Errorf("audit: bundle manifest.json: %w", err)
	}
	if m.Format != bundleFormat {
		return nil, fmt.Errorf("audit: bundle manifest.json: format %q, want %q", m.Format, bundleFormat)
	}
	rep.Writers = m.Writers
	for _, w := range m.Writers {
		bad := func(i int64, format string, args ...any) {
			rep.Problems = append(rep.Problems, Problem{Index: i, Reason: w.Name + ": " + fmt.Sprintf(format, args...)})
		}
		ck, err := OpenCheckpoint(files[w.Name+"/checkpoint.note"], verifiers)
		if err != nil {
			bad(-1, "%v", err)
			continue
		}
		if ck.Writer != w.Name || ck.Tree.N != w.TreeSize {
			bad(-1, "checkpoint is for writer %q size %d, manifest says %q size %d", ck.Writer, ck.Tree.N, w.Name, w.TreeSize)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(files[w.Name+"/records.jsonl"]))
		count := 0
		for {
			var r bundleRecord
			if err := dec.Decode(&r); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				bad(-1, "records.jsonl after %d records: %v", count, err)
				break
			}
			count++
			data := []byte(r.Record)
			if r.RecordBase64 != nil {
				data = r.RecordBase64
			}
			if tlog.RecordHash(data) != r.Hash {
				bad(r.Index, "content changed: its bytes do not match its leaf hash")
				continue
			}
			if r.Index < 0 || r.Index >= ck.Tree.N {
				bad(r.Index, "outside the checkpoint's tree of size %d", ck.Tree.N)
				continue
			}
			if err := tlog.CheckRecord(r.Proof, ck.Tree.N, ck.Tree.Hash, r.Index, r.Hash); err != nil {
				bad(r.Index, "inclusion proof does not lead to the signed checkpoint: %v", err)
				continue
			}
			rep.Records++
		}
		if count != w.Records {
			bad(-1, "records.jsonl holds %d records, the manifest says %d", count, w.Records)
		}
	}
	if msg, ok := files[manifestNote]; ok {
		n, err := note.Open(msg, verifiers)
		switch {
		case err != nil:
			rep.Problems = append(rep.Problems, Problem{Index: -1, Reason: "manifest.note: " + err.Error()})
		case n.Text != manifestNoteText(files):
			rep.Problems = append(rep.Problems, Problem{Index: -1, Reason: "manifest.note: the bundle's files differ from the signed list (files added, removed or changed)"})
		default:
			rep.Signed = true
		}
	}
	if len(rep.Problems) > 0 {
		return rep, &IntegrityError{Writer: "bundle " + bundle, Problem: rep.Problems[0], More: len(rep.Problems) - 1}
	}
	return rep, nil
}

const bundleReadme = `# hush audit export bundle

This bundle holds records from a hush audit log together with everything needed to check,
offline, that each of them is exactly as it was written into a tamper-evident log signed by
the log's key.

## Contents

- manifest.json: the selection (time range), and per writer the record count and the size of
  the signed tree the proofs refer to.
- manifest.note (when the exporter held the key): a signed list of the SHA-256 of every other
  file except this README. It proves the bundle is complete as exported: no record added or
  removed.
- keys.txt: the public key(s) of the log, in the Go checksum database note format
  ("<name>+<key hash>+<base64 ed25519 public key>").
- <writer>/checkpoint.note: a signed checkpoint: a note whose text is
  "go.sum database tree", the tree size, the base64 root hash, then the writer and signing
  time, followed by an ed25519 signature line.
- <writer>/records.jsonl: one JSON object per record: "index" (position in the log),
  "hash" (leaf hash), "proof" (inclusion proof) and "record" (the record's exact bytes) or
  "record_base64" (the same, base64-encoded, for records that are not compact JSON objects).

## Verify with hush

    hush audit verify --bundle <this bundle> --pubkey <public key file you were given>

Exit status 0 means: every checkpoint signature is valid for that key, and every record
hashes to its leaf hash and is included in the signed tree. Compare keys.txt with the key
you received through a separate channel; without --pubkey, keys.txt is used.

## Verify without hush

The log is an RFC 6962 Merkle tree, as in golang.org/x/mod/sumdb/tlog:

1. Check the signature of checkpoint.note with golang.org/x/mod/sumdb/note (note.Open with
   note.NewVerifier(key)), and read the tree size N and root hash R with tlog.ParseTree.
2. For each record: leaf = SHA-256(0x00 || record bytes) must equal "hash"
   (tlog.RecordHash), and tlog.CheckRecord(proof, N, R, index, leaf) must succeed.
3. The bytes of "record" are taken exactly as they appear in the file, from the opening "{"
   to its matching "}".

An inclusion proof shows a record is in the log; on its own it does not show that the bundle
holds every record of the time range. manifest.note, when present, does: check its signature
like the checkpoint's and compare each listed SHA-256 with the file.
`
