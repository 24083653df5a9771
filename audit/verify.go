package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// VerifyOptions configures Verify.
type VerifyOptions struct {
	// Verifiers are the public keys checkpoints and purge statements must be signed with.
	// When nil, the keys recorded in the log directory are used; that proves integrity against
	// anyone without the private key, but an auditor should pass the key they were given.
	Verifiers note.Verifiers
	// Trusted are signed checkpoints kept from earlier (for example by an auditor). Each one
	// for this writer must verify and the current log must extend it: this is what detects a
	// log cut short together with its checkpoints file. Checkpoints of other writers are
	// ignored.
	Trusted [][]byte
}

// Problem is one integrity failure found by Verify.
type Problem struct {
	// Index is the first record affected, or -1 when the problem is not about one record
	// (a checkpoint signature, the keys).
	Index  int64  `json:"index"`
	Reason string `json:"reason"`
}

// String formats the problem as "record N: reason", or the reason alone.
func (p Problem) String() string {
	if p.Index < 0 {
		return p.Reason
	}
	return fmt.Sprintf("record %d: %s", p.Index, p.Reason)
}

// Report is the result of verifying one writer's log.
type Report struct {
	Writer        string      `json:"writer"`
	Records       int64       `json:"records"`        // tree size: every record ever appended and acknowledged
	FirstRetained int64       `json:"first_retained"` // records before it were purged
	DataBytes     int64       `json:"data_bytes"`     // record bytes read and hashed
	Checkpoints   int         `json:"checkpoints"`    // checkpoints whose signature and root were checked
	Latest        *Checkpoint `json:"latest,omitempty"`
	Unsigned      int64       `json:"unsigned"` // records after the latest checkpoint (intact, but not yet signed)
	Pending       int64       `json:"pending"`  // complete records not yet acknowledged (an append in progress), ignored
	Purges        []*Purge    `json:"purges,omitempty"`
	Problems      []Problem   `json:"problems,omitempty"`
}

// OK reports whether the log is intact.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// IntegrityError is returned by Verify when a log is not intact; it names the first problem.
type IntegrityError struct {
	Writer string
	Problem
	More int // further problems in the report
}

// Error names the writer and the first problem.
func (e *IntegrityError) Error() string {
	s := fmt.Sprintf("audit log %s is not intact: %s", e.Writer, e.Problem)
	if e.More > 0 {
		s += fmt.Sprintf(" (and %d more problems)", e.More)
	}
	return s
}

// Writers lists the writers with a log under dataDir.
func Writers(dataDir string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(dataDir, "audit"))
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	var ws []string
	for _, e := range ents {
		if e.IsDir() && validWriter(e.Name()) {
			ws = append(ws, e.Name())
		}
	}
	return ws, nil
}

// LogVerifiers returns the public keys recorded in a writer's log directory.
func LogVerifiers(dataDir, writer string) (note.Verifiers, []string, error) {
	b, err := os.ReadFile(filepath.Join(LogDir(dataDir, writer), keysFile))
	if err != nil {
		return nil, nil, fmt.Errorf("audit: keys of %s: %w", writer, err)
	}
	return ParseVerifiers(string(b))
}

// Verify checks writer's log under dataDir without modifying it: every record's bytes against
// its leaf hash, every stored tree hash against a recomputation, that segments are contiguous,
// every checkpoint's signature and that its root equals the tree recomputed at its size, every
// purge statement's signature and hashes, and that the log extends each trusted checkpoint
// (tlog.ProveTree / tlog.CheckTree). Scanning stops at the first bad record; the Report lists
// what was found. The error is an *IntegrityError when the log is not intact, or another error
// when it could not be read at all. A log being appended to may be verified concurrently:
// records not yet fully written are ignored.
func Verify(dataDir, writer string, opts VerifyOptions) (*Report, error) {
	dir := LogDir(dataDir, writer)
	rep := &Report{Writer: writer}
	bad := func(i int64, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Index: i, Reason: fmt.Sprintf(format, args...)})
	}
	verifiers := opts.Verifiers
	if verifiers == nil {
		v, _, err := LogVerifiers(dataDir, writer)
		if err != nil {
			return nil, fmt.Errorf("audit: no public key given and %w", err)
		}
		verifiers = v
	}

	// Checkpoints, then the hash file, then the segments: a concurrent writer syncs segments
	// before hashes and hashes before checkpoints, so each read covers the one before it.
	cks := readCheckpoints(dir, writer, verifiers, bad)
	// A missing hash file counts as empty: then no record is acknowledged, which the
	// checkpoints contradict.
	var hashR io.ReaderAt = bytes.NewReader(nil)
	hashN := int64(0)
	hf, err := os.Open(filepath.Join(dir, hashesFile))
	switch {
	case err == nil:
		defer hf.Close()
		st, err := hf.Stat()
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		hashR, hashN = hf, recordsForHashCount(st.Size()/tlog.HashSize)
	case errors.Is(err, os.ErrNotExist):
		bad(-1, "the hash file is missing")
	default:
		return nil, fmt.Errorf("audit: %w", err)
	}
	hc := newHashCache(hashR, tlog.StoredHashCount(hashN))

	segs, err := listSegments(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	var trusted []*Checkpoint
	for k, msg := range opts.Trusted {
		ck, err := OpenCheckpoint(msg, verifiers)
		if err != nil {
			bad(-1, "trusted checkpoint %d: %v", k+1, err)
			continue
		}
		if ck.Writer == writer {
			trusted = append(trusted, ck)
		}
	}

	if len(segs) == 0 {
		if hashN > 0 {
			bad(0, "all %d records are missing: no segment files", hashN)
		}
	} else {
		rep.FirstRetained = segs[0].first
	}
	n, purges := scanLog(segs, hc, hashN, verifiers, writer, rep, bad)
	rep.Records, rep.Purges = n, purges
	scanOK := len(rep.Problems) == 0 || !slices.ContainsFunc(rep.Problems, func(p Problem) bool { return p.Index >= 0 })

	if scanOK && n < hashN {
		bad(n, "log truncated: the hash file covers %d records but the segments hold %d", hashN, n)
		scanOK = false
	}
	// The purged prefix must be explained by a verified purge statement.
	if rep.FirstRetained > 0 {
		covered := int64(0)
		for _, p := range purges {
			covered = max(covered, p.Last+1)
		}
		if covered < rep.FirstRetained {
			bad(covered, "records %d..%d are missing and no purge statement explains them", covered, rep.FirstRetained-1)
		}
	}

	// Checkpoints: each root must be the recomputed tree at its size.
	var root tlog.Hash
	if scanOK {
		if root, err = tlog.TreeHash(n, hc); err != nil {
			bad(-1, "tree hash at %d: %v", n, err)
			scanOK = false
		}
	}
	checkRoot := func(what string, ck *Checkpoint) {
		if ck.Tree.N > n {
			if scanOK {
				bad(n, "log truncated: %s is signed for %d records but the log holds %d", what, ck.Tree.N, n)
			}
			return
		}
		if !scanOK {
			return
		}
		h, err := tlog.TreeHash(ck.Tree.N, hc)
		if err != nil {
			bad(-1, "%s: %v", what, err)
			return
		}
		if h != ck.Tree.Hash {
			bad(-1, "%s (size %d) does not match the log: a record before %d was changed, removed or reordered, or the checkpoint was forged", what, ck.Tree.N, ck.Tree.N)
			return
		}
		// The log extends the checkpoint: a consistency proof from it to the current head.
		if ck.Tree.N > 0 {
			proof, err := tlog.ProveTree(n, ck.Tree.N, hc)
			if err == nil {
				err = tlog.CheckTree(proof, n, root, ck.Tree.N, ck.Tree.Hash)
			}
			if err != nil {
				bad(-1, "%s: consistency proof to size %d failed: %v", what, n, err)
				return
			}
		}
		rep.Checkpoints++
	}
	for k, ck := range cks {
		checkRoot(fmt.Sprintf("checkpoint %d", k+1), ck)
	}
	for k, ck := range trusted {
		checkRoot(fmt.Sprintf("trusted checkpoint %d", k+1), ck)
	}
	if len(cks) > 0 {
		rep.Latest = cks[len(cks)-1]
		rep.Unsigned = max(0, n-rep.Latest.Tree.N)
	} else {
		rep.Unsigned = n
	}
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int {
		switch {
		case a.Index >= 0 && b.Index >= 0:
			return compareInt64(a.Index, b.Index)
		case a.Index >= 0:
			return -1
		case b.Index >= 0:
			return 1
		}
		return 0
	})
	if !rep.OK() {
		return rep, &IntegrityError{Writer: writer, Problem: rep.Problems[0], More: len(rep.Problems) - 1}
	}
	return rep, nil
}

// readCheckpoints verifies and parses the checkpoints file; sizes must not decrease.
func readCheckpoints(dir, writer string, verifiers note.Verifiers, bad func(int64, string, ...any)) []*Checkpoint {
	b, err := os.ReadFile(filepath.Join(dir, checkpointsFile))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			bad(-1, "checkpoints: %v", err)
		}
		return nil
	}
	notes, rest := splitNotes(b)
	var out []*Checkpoint
	for k, msg := range notes {
		ck, err := OpenCheckpoint(msg, verifiers)
		if err != nil {
			bad(-1, "checkpoint %d: %v", k+1, err)
			continue
		}
		if ck.Writer != writer {
			bad(-1, "checkpoint %d: signed for writer %q, not %q", k+1, ck.Writer, writer)
			continue
		}
		if len(out) > 0 && ck.Tree.N < out[len(out)-1].Tree.N {
			bad(-1, "checkpoint %d: size %d is smaller than the previous checkpoint's %d", k+1, ck.Tree.N, out[len(out)-1].Tree.N)
			continue
		}
		out = append(out, ck)
	}
	if len(rest) > 0 {
		bad(-1, "checkpoints file: %d bytes at the end are not a complete signed checkpoint", len(rest))
	}
	return out
}

// scanLog reads every retained record, checks it against the hash file and returns the
// number of records verified (the index after the last good one) and the purge statements.
func scanLog(segs []segmentInfo, hc *hashCache, hashN int64, verifiers note.Verifiers, writer string, rep *Report, bad func(int64, string, ...any)) (int64, []*Purge) {
	var purges []*Purge
	if len(segs) == 0 {
		return 0, nil
	}
	next := segs[0].first
	var buf []byte
	for k, sg := range segs {
		last := k == len(segs)-1
		if sg.first != next {
			if sg.first > next {
				bad(next, "records %d..%d are missing: a segment was removed", next, sg.first-1)
			} else {
				bad(sg.first, "segment %s overlaps the previous one, which ends at record %d", filepath.Base(sg.path), next-1)
			}
			return next, purges
		}
		f, err := os.Open(sg.path)
		if err != nil {
			bad(next, "cannot read segment %s: %v", filepath.Base(sg.path), err)
			return next, purges
		}
		sr, err := newSegmentReader(f, maxFrameData)
		if err == nil && sr.first != sg.first {
			err = fmt.Errorf("header says first record %d", sr.first)
		}
		if err != nil {
			f.Close()
			if last && errors.Is(err, errTorn) && next >= hashN {
				return next, purges // being created
			}
			bad(next, "segment %s: %v", filepath.Base(sg.path), err)
			return next, purges
		}
		for {
			i := next
			_, h, data, err := sr.next(buf)
			if errors.Is(err, io.EOF) {
				break
			}
			if i >= hashN && last && (err == nil || errors.Is(err, errTorn) || errors.Is(err, errFrameHash)) {
				// Written after the hash file was read, or an unacknowledged torn append.
				for ; err == nil; _, _, _, err = sr.next(nil) {
					rep.Pending++
				}
				f.Close()
				return next, purges
			}
			if err != nil {
				f.Close()
				switch {
				case errors.Is(err, errFrameHash):
					bad(i, "content changed: its bytes do not match the record hash stored with it")
				case errors.Is(err, errTorn):
					bad(i, "truncated: the segment ends inside the record")
				default:
					bad(i, "unreadable frame: %v", err)
				}
				return next, purges
			}
			buf = data
			if i >= hashN {
				bad(i, "not covered by the hash file, which ends at record %d", hashN)
				f.Close()
				return next, purges
			}
			rep.DataBytes += int64(len(data))
			if reason, j := checkStored(hc, hashN, i, h); reason != "" {
				if j == i+1 {
					// Record i+1 sits where record i belongs: deleted, or moved later?
					reason = fmt.Sprintf("missing (deleted): record %d follows record %d directly", j, i-1)
					if _, nh, _, err := sr.next(nil); err == nil {
						if leaf, err := hc.hash(tlog.StoredHashIndex(0, i)); err == nil && leaf == nh {
							reason = fmt.Sprintf("out of order: records %d and %d are swapped", i, j)
						}
					}
				}
				bad(i, "%s", reason)
				f.Close()
				return next, purges
			}
			if isPurgeRecord(data) {
				p, err := checkPurge(data, i, hc, verifiers, writer)
				if err != nil {
					bad(i, "%v", err)
					f.Close()
					return next, purges
				}
				purges = append(purges, p)
			}
			next = i + 1
		}
		f.Close()
	}
	return next, purges
}

// checkStored recomputes the hashes tlog stores for record i from its record hash and the
// (already verified) earlier hashes, and compares them with the hash file. On a mismatch it
// returns the reason and, when the record found is another record of the log, that record's
// index (else -1).
func checkStored(hc *hashCache, hashN, i int64, h tlog.Hash) (string, int64) {
	want, err := tlog.StoredHashesForRecordHash(i, h, hc)
	if err != nil {
		return fmt.Sprintf("tree hashes: %v", err), -1
	}
	base := tlog.StoredHashIndex(0, i)
	for k, w := range want {
		got, err := hc.hash(base + int64(k))
		if err != nil {
			return fmt.Sprintf("hash file: %v", err), -1
		}
		if got == w {
			continue
		}
		if k > 0 {
			return "the hash file's tree hashes were altered", -1
		}
		// Diagnose the leaf: is this another record's content?
		for j := max(0, i-64); j < min(hashN, i+65); j++ {
			if j == i {
				continue
			}
			lh, err := hc.hash(tlog.StoredHashIndex(0, j))
			if err == nil && lh == h {
				return fmt.Sprintf("out of order: the record found here is record %d", j), j
			}
		}
		return "content changed: its hash differs from the leaf hash recorded for it", -1
	}
	return "", -1
}

func checkPurge(data []byte, i int64, hc *hashCache, verifiers note.Verifiers, writer string) (*Purge, error) {
	p, err := parsePurge(data, verifiers)
	if err != nil {
		return nil, err
	}
	p.StatementIdx = i
	if p.Writer != writer {
		return nil, fmt.Errorf("purge statement for writer %q in the log of %q", p.Writer, writer)
	}
	if p.Tree.N != i {
		return nil, fmt.Errorf("purge statement claims tree size %d but is record %d", p.Tree.N, i)
	}
	root, err := tlog.TreeHash(i, hc)
	if err != nil {
		return nil, fmt.Errorf("purge statement: %w", err)
	}
	if root != p.Tree.Hash {
		return nil, errors.New("purge statement's tree head does not match the log")
	}
	for _, st := range p.Subtrees {
		h, err := hc.hash(tlog.StoredHashIndex(st.Level, st.Index))
		if err != nil || h != st.Hash {
			return nil, fmt.Errorf("purge statement: subtree %d/%d does not match the log's tree", st.Level, st.Index)
		}
	}
	return p, nil
}

// Summary is a one-line, human-readable result.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d records (%d retained), %d bytes hashed, %d checkpoint(s) verified",
		r.Writer, r.Records, r.Records-r.FirstRetained, r.DataBytes, r.Checkpoints)
	if r.Latest != nil {
		fmt.Fprintf(&b, ", latest size %d at %s", r.Latest.Tree.N, r.Latest.Time.UTC().Format("2006-01-02T15:04:05Z"))
	}
	if r.Unsigned > 0 {
		fmt.Fprintf(&b, ", %d records after the latest checkpoint", r.Unsigned)
	}
	if r.Pending > 0 {
		fmt.Fprintf(&b, ", %d records being appended ignored", r.Pending)
	}
	for _, p := range r.Purges {
		fmt.Fprintf(&b, "; purge explained: %s", p)
	}
	return b.String()
}

// VerifyAll verifies every writer's log under dataDir, and also each writer that a trusted
// checkpoint names: a log removed entirely is reported, not skipped. Reports are in writer
// order; the error is the first *IntegrityError, or an error when dataDir cannot be read.
func VerifyAll(dataDir string, opts VerifyOptions) ([]*Report, error) {
	ws, err := Writers(dataDir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	present := map[string]bool{}
	for _, w := range ws {
		present[w] = true
	}
	missing := map[string]int64{}
	for _, msg := range opts.Trusted {
		if ck, err := parseCheckpointText(noteText(msg), msg); err == nil && !present[ck.Writer] {
			missing[ck.Writer] = max(missing[ck.Writer], ck.Tree.N)
		}
	}
	if len(ws) == 0 && len(missing) == 0 {
		return nil, fmt.Errorf("audit: no audit log under %s", dataDir)
	}
	var reps []*Report
	var first error
	for w := range missing {
		if validWriter(w) {
			ws = append(ws, w)
		}
	}
	slices.Sort(ws)
	for _, w := range ws {
		if !present[w] {
			rep := &Report{Writer: w, Problems: []Problem{{Index: -1,
				Reason: fmt.Sprintf("the log is missing, but a trusted checkpoint covers %d records", missing[w])}}}
			reps = append(reps, rep)
			if first == nil {
				first = &IntegrityError{Writer: w, Problem: rep.Problems[0]}
			}
			continue
		}
		rep, err := Verify(dataDir, w, opts)
		if rep == nil {
			rep = &Report{Writer: w, Problems: []Problem{{Index: -1, Reason: err.Error()}}}
			err = &IntegrityError{Writer: w, Problem: rep.Problems[0]}
		}
		reps = append(reps, rep)
		if err != nil && first == nil {
			first = err
		}
	}
	return reps, first
}
