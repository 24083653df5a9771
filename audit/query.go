package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// QueryOptions selects records. Zero fields do not filter.
type QueryOptions struct {
	Since, Until time.Time // inclusive bounds on @timestamp
	Model        string    // gen_ai.request.model, exact
	User         string    // user.id (pseudonym), exact
	Type         string    // a finding type present in hush.findings
	Writers      []string  // default: every writer under the data directory
	Limit        int       // maximum results; 0 means no limit
}

// Result is one record found by Query.
type Result struct {
	Writer   string
	Index    int64
	Time     time.Time
	Model    string
	User     string
	Findings []string
	// Data is the record exactly as stored.
	Data []byte
}

// Query returns the retained records matching q, by writer and then in log order. It reads
// the query index, which may be used while a Store appends; records the index does not yet
// cover (after a crash, until the next Open) are not found. Purge statements are not returned.
func Query(dataDir string, q QueryOptions) ([]Result, error) {
	writers := q.Writers
	if writers == nil {
		ws, err := Writers(dataDir)
		if err != nil {
			return nil, err
		}
		writers = ws
	}
	var out []Result
	for _, w := range writers {
		rs, err := queryLog(dataDir, w, q, q.Limit-len(out))
		if err != nil {
			return out, err
		}
		out = append(out, rs...)
		if q.Limit > 0 && len(out) >= q.Limit {
			break
		}
	}
	return out, nil
}

// logReader reads records of one log by index.
type logReader struct {
	segs  []segmentInfo
	files map[int64]*os.File
}

func openLogReader(dir string) (*logReader, error) {
	segs, err := listSegments(dir)
	if err != nil {
		return nil, err
	}
	return &logReader{segs: segs, files: map[int64]*os.File{}}, nil
}

func (lr *logReader) first() int64 {
	if len(lr.segs) == 0 {
		return math.MaxInt64
	}
	return lr.segs[0].first
}

// read returns record i, whose frame of size data bytes starts at off in its segment.
func (lr *logReader) read(i, off int64, size uint32) ([]byte, error) {
	k := sort.Search(len(lr.segs), func(k int) bool { return lr.segs[k].first > i }) - 1
	if k < 0 {
		return nil, fmt.Errorf("record %d was purged", i)
	}
	sg := lr.segs[k]
	f, ok := lr.files[sg.first]
	if !ok {
		var err error
		if f, err = os.Open(sg.path); err != nil {
			return nil, err
		}
		lr.files[sg.first] = f
	}
	// One read for the frame: its size is known from the index.
	buf := make([]byte, frameHdrLen+int(size))
	if _, err := f.ReadAt(buf, off); err != nil {
		return nil, fmt.Errorf("record %d: %w", i, err)
	}
	data := buf[frameHdrLen:]
	if binary.BigEndian.Uint32(buf) != size || tlog.RecordHash(data) != tlog.Hash(buf[4:frameHdrLen]) {
		return nil, fmt.Errorf("record %d: %w (the index is stale or the log damaged: run verify)", i, errFrameHash)
	}
	return data, nil
}

func (lr *logReader) close() {
	for _, f := range lr.files {
		f.Close()
	}
}

func queryLog(dataDir, writer string, q QueryOptions, limit int) ([]Result, error) {
	dir := LogDir(dataDir, writer)
	ix, err := openIndex(filepath.Join(dir, indexDir), false)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("audit: query %s: %w", writer, err)
	}
	defer ix.close()
	lr, err := openLogReader(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: query %s: %w", writer, err)
	}
	defer lr.close()

	since, until := int64(math.MinInt64), int64(math.MaxInt64)
	if !q.Since.IsZero() {
		since = q.Since.UnixNano()
	}
	if !q.Until.IsZero() {
		until = q.Until.UnixNano()
	}
	// Resolve the string filters to ids once; an unknown value matches nothing.
	want := func(kind int, v string) (uint32, bool) {
		if v == "" {
			return 0, true
		}
		id, ok := ix.ids[kind][v]
		return id, ok
	}
	model, ok1 := want(kindModel, q.Model)
	user, ok2 := want(kindUser, q.User)
	if !ok1 || !ok2 {
		return nil, nil
	}
	typeSets := map[uint32]bool{}
	if q.Type != "" {
		for id, set := range ix.names[kindFindings] {
			if hasFinding(set, q.Type) {
				typeSets[uint32(id+1)] = true
			}
		}
		if len(typeSets) == 0 {
			return nil, nil
		}
	}
	ranges, err := ix.candidates(since, until)
	if err != nil {
		return nil, fmt.Errorf("audit: query %s: %w", writer, err)
	}
	var out []Result
	for _, rg := range ranges {
		lo := max(rg[0], lr.first())
		for lo < rg[1] {
			hi := min(rg[1], lo+4096)
			rows, err := ix.readRows(lo, hi)
			if err != nil {
				return out, fmt.Errorf("audit: query %s: %w", writer, err)
			}
			for k, r := range rows {
				switch {
				case r.flags != 0, r.ts < since, r.ts > until,
					model != 0 && r.model != model, user != 0 && r.user != user,
					q.Type != "" && !typeSets[r.findings]:
					continue
				}
				i := lo + int64(k)
				data, err := lr.read(i, r.off, r.size)
				if err != nil {
					return out, fmt.Errorf("audit: query %s: %w", writer, err)
				}
				res := Result{Writer: writer, Index: i, Time: time.Unix(0, r.ts).UTC(), Data: data,
					Model: ix.name(kindModel, r.model), User: ix.name(kindUser, r.user)}
				if set := ix.name(kindFindings, r.findings); set != "" {
					res.Findings = strings.Split(set, ",")
				}
				out = append(out, res)
				if limit > 0 && len(out) >= limit {
					return out, nil
				}
			}
			lo = hi
		}
	}
	return out, nil
}

// RebuildIndex recreates writer's query index from its segments. It must not run while a
// Store has the log open (ErrLocked).
func RebuildIndex(dataDir, writer string) error {
	dir := LogDir(dataDir, writer)
	lock, err := lockDir(dir)
	if err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	defer unlockDir(lock)
	hf, err := os.Open(filepath.Join(dir, hashesFile))
	if err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	st, err := hf.Stat()
	hf.Close()
	if err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	n := recordsForHashCount(st.Size() / 32)
	segs, err := listSegments(dir)
	if err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(dir, indexDir)); err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	ix, err := openIndex(filepath.Join(dir, indexDir), true)
	if err != nil {
		return fmt.Errorf("audit: rebuild index: %w", err)
	}
	err = catchUpIndex(ix, segs, n, maxFrameData)
	return errors.Join(err, ix.close())
}
