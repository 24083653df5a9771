package audit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hushlog/hush/pipeline"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A purge statement is a record the store appends to its own log, signed with its key, before
// deleting whole segments that retention expired:
//
//	hush audit purge
//	writer gateway-1
//	records 0 65535
//	time 2025-01-01T00:00:00Z 2025-01-09T23:59:59Z
//	tree 70000 <base64 root>
//	subtree 16 0 <base64 hash>
//	at 2026-01-10T00:00:00Z
//
// "records" is the inclusive index range removed (always a prefix of what was retained),
// "time" the timestamps of its records, "tree" the signed tree head at the moment of the
// purge (the statement itself is record number tree.N), and each "subtree" line one of the
// maximal complete subtrees covering records [0, last+1), by tlog level and index, with its
// hash. Those hashes are all verification needs from the purged range: with them and the
// retained records every later tree head can be recomputed.
const purgeHeader = "hush audit purge\n"

// Purge describes one purge statement.
type Purge struct {
	Writer       string    `json:"writer"`
	First        int64     `json:"first"` // record index range removed, inclusive
	Last         int64     `json:"last"`
	From         time.Time `json:"from"` // timestamps of the removed records
	To           time.Time `json:"to"`
	Tree         tlog.Tree `json:"tree"` // tree head when the purge was written
	Subtrees     []Subtree `json:"subtrees"`
	At           time.Time `json:"at"`
	StatementIdx int64     `json:"statement_index"` // index of the statement record in the log
}

// Subtree is a complete subtree of the log's Merkle tree, in tlog's addressing: it covers
// records [Index<<Level, (Index+1)<<Level).
type Subtree struct {
	Level int       `json:"level"`
	Index int64     `json:"index"`
	Hash  tlog.Hash `json:"hash"`
}

func (p *Purge) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%swriter %s\nrecords %d %d\ntime %s %s\ntree %d %s\n", purgeHeader, p.Writer,
		p.First, p.Last, p.From.UTC().Format(time.RFC3339Nano), p.To.UTC().Format(time.RFC3339Nano),
		p.Tree.N, p.Tree.Hash)
	for _, st := range p.Subtrees {
		fmt.Fprintf(&b, "subtree %d %d %s\n", st.Level, st.Index, st.Hash)
	}
	fmt.Fprintf(&b, "at %s\n", p.At.UTC().Format(time.RFC3339Nano))
	return b.String()
}

// parsePurge verifies a purge statement's signature and parses it.
func parsePurge(msg []byte, known note.Verifiers) (*Purge, error) {
	n, err := note.Open(msg, known)
	if err != nil {
		return nil, fmt.Errorf("purge statement signature: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(n.Text, purgeHeader), "\n"), "\n")
	bad := func(what string) error { return fmt.Errorf("purge statement: malformed %s", what) }
	if len(lines) < 5 {
		return nil, bad("text")
	}
	p := &Purge{}
	var ok bool
	if p.Writer, ok = strings.CutPrefix(lines[0], "writer "); !ok {
		return nil, bad("writer")
	}
	f := strings.Fields(lines[1])
	if len(f) != 3 || f[0] != "records" {
		return nil, bad("records")
	}
	if p.First, err = strconv.ParseInt(f[1], 10, 64); err != nil {
		return nil, bad("records")
	}
	if p.Last, err = strconv.ParseInt(f[2], 10, 64); err != nil || p.First < 0 || p.Last < p.First {
		return nil, bad("records")
	}
	f = strings.Fields(lines[2])
	if len(f) != 3 || f[0] != "time" {
		return nil, bad("time")
	}
	if p.From, err = time.Parse(time.RFC3339Nano, f[1]); err != nil {
		return nil, bad("time")
	}
	if p.To, err = time.Parse(time.RFC3339Nano, f[2]); err != nil {
		return nil, bad("time")
	}
	f = strings.Fields(lines[3])
	if len(f) != 3 || f[0] != "tree" {
		return nil, bad("tree")
	}
	if p.Tree.N, err = strconv.ParseInt(f[1], 10, 64); err != nil || p.Tree.N <= p.Last {
		return nil, bad("tree")
	}
	if p.Tree.Hash, err = tlog.ParseHash(f[2]); err != nil {
		return nil, bad("tree")
	}
	for _, l := range lines[4 : len(lines)-1] {
		f = strings.Fields(l)
		if len(f) != 4 || f[0] != "subtree" {
			return nil, bad("subtree")
		}
		var st Subtree
		lvl, err1 := strconv.Atoi(f[1])
		idx, err2 := strconv.ParseInt(f[2], 10, 64)
		h, err3 := tlog.ParseHash(f[3])
		if err1 != nil || err2 != nil || err3 != nil || lvl < 0 || lvl > 62 || idx < 0 {
			return nil, bad("subtree")
		}
		st.Level, st.Index, st.Hash = lvl, idx, h
		p.Subtrees = append(p.Subtrees, st)
	}
	at, ok := strings.CutPrefix(lines[len(lines)-1], "at ")
	if !ok {
		return nil, bad("at")
	}
	if p.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return nil, bad("at")
	}
	want := subtrees(p.Last + 1)
	if len(want) != len(p.Subtrees) {
		return nil, bad("subtree list")
	}
	for i, w := range want {
		if int64(p.Subtrees[i].Level) != w[0] || p.Subtrees[i].Index != w[1] {
			return nil, bad("subtree list")
		}
	}
	return p, nil
}

// Purge applies retention now: it removes, oldest first, whole sealed segments all of whose
// records are older than Retention.MaxDays (and therefore older than MinDays). Before deleting
// anything it writes a checkpoint and a signed purge statement into the log and makes both
// durable, so verification keeps passing and reports the gap as explained. The active segment
// is never purged. It returns the statement, or nil when nothing was due. Open, segment
// rotation and (with periodic checkpoints enabled) an hourly timer call Purge.
func (s *Store) Purge(ctx context.Context) (*Purge, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	p, err := s.purgeLocked()
	if err != nil {
		return nil, err
	}
	if p != nil {
		if err := s.maybeCheckpointLocked(); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (s *Store) purgeLocked() (*Purge, error) {
	now := s.cfg.Now()
	s.purgedAt = now
	maxCut := now.Add(-time.Duration(s.cfg.Retention.MaxDays) * 24 * time.Hour).UnixNano()
	minCut := now.Add(-time.Duration(s.cfg.Retention.MinDays) * 24 * time.Hour).UnixNano()
	from, to := int64(math.MaxInt64), int64(math.MinInt64)
	k := 0
	for ; k < len(s.segs)-1; k++ {
		lo, hi, err := s.idx.scanRange(s.segs[k].first, s.segs[k+1].first)
		if err != nil {
			return nil, fmt.Errorf("audit: retention: %w", err)
		}
		if lo > hi { // no timestamps: nothing to judge age by; keep
			break
		}
		if hi >= maxCut || hi >= minCut {
			break
		}
		from, to = min(from, lo), max(to, hi)
	}
	if k == 0 {
		return nil, nil
	}
	// A signed head covering the purged range, then the statement, both durable before any
	// deletion.
	if _, err := s.checkpointLocked(); err != nil {
		return nil, err
	}
	p := &Purge{
		Writer: s.cfg.Writer,
		First:  s.segs[0].first,
		Last:   s.segs[k].first - 1,
		From:   time.Unix(0, from),
		To:     time.Unix(0, to),
		Tree:   s.last,
		At:     now,
	}
	for _, st := range subtrees(p.Last + 1) {
		hs, err := s.hw.ReadHashes([]int64{tlog.StoredHashIndex(int(st[0]), st[1])})
		if err != nil {
			return nil, fmt.Errorf("audit: purge: %w", err)
		}
		p.Subtrees = append(p.Subtrees, Subtree{Level: int(st[0]), Index: st[1], Hash: hs[0]})
	}
	msg, err := note.Sign(&note.Note{Text: p.text()}, s.signer)
	if err != nil {
		return nil, fmt.Errorf("audit: sign purge statement: %w", err)
	}
	idx, err := s.appendLocked([]pipeline.Item{{Data: msg}})
	if err != nil {
		return nil, err
	}
	p.StatementIdx = idx
	var errs []error
	for _, sg := range s.segs[:k] {
		if err := os.Remove(sg.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
			break
		}
		s.segs = s.segs[1:]
	}
	errs = append(errs, syncDir(s.dir))
	if err := errors.Join(errs...); err != nil {
		return p, fmt.Errorf("audit: purge: remove segments: %w", err)
	}
	return p, nil
}

// String summarises the purge for reports.
func (p *Purge) String() string {
	return fmt.Sprintf("records %d..%d (%s to %s) purged at %s, statement at record %d",
		p.First, p.Last, p.From.UTC().Format(time.RFC3339), p.To.UTC().Format(time.RFC3339),
		p.At.UTC().Format(time.RFC3339), p.StatementIdx)
}
