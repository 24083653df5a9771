package audit

import (
	"fmt"
	"io"
	"os"
	"slices"

	"golang.org/x/mod/sumdb/tlog"
)

// The hash file holds every tree hash tlog stores for the log, in tlog.StoredHashIndex order,
// 32 bytes each: for n records it holds tlog.StoredHashCount(n) hashes. Proofs and tree heads
// read from it, so neither appends nor proofs ever rescan the records.

// recordsForHashCount returns the largest n with tlog.StoredHashCount(n) <= count.
func recordsForHashCount(count int64) int64 {
	lo, hi := int64(0), count // StoredHashCount(n) >= n
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if tlog.StoredHashCount(mid) <= count {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// hashWriter appends stored hashes to the hash file. Appended hashes are kept in pending
// until flush writes and syncs them; ReadHashes serves both.
type hashWriter struct {
	f       *os.File
	written int64 // hashes in the file
	pending []tlog.Hash
}

var _ tlog.HashReader = (*hashWriter)(nil)

func (w *hashWriter) count() int64 { return w.written + int64(len(w.pending)) }

// ReadHashes implements tlog.HashReader over the file and the pending hashes.
func (w *hashWriter) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		switch {
		case idx < 0 || idx >= w.count():
			return nil, fmt.Errorf("stored hash %d out of range (have %d)", idx, w.count())
		case idx >= w.written:
			out[i] = w.pending[idx-w.written]
		default:
			if _, err := w.f.ReadAt(out[i][:], idx*tlog.HashSize); err != nil {
				return nil, fmt.Errorf("read stored hash %d: %w", idx, err)
			}
		}
	}
	return out, nil
}

// matches reports whether the hashes stored from index base on equal hs.
func (w *hashWriter) matches(base int64, hs []tlog.Hash) (bool, error) {
	if base+int64(len(hs)) > w.count() {
		return false, nil
	}
	idx := make([]int64, len(hs))
	for k := range idx {
		idx[k] = base + int64(k)
	}
	got, err := w.ReadHashes(idx)
	if err != nil {
		return false, err
	}
	return slices.Equal(got, hs), nil
}

// flush writes pending hashes and syncs the file.
func (w *hashWriter) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	buf := make([]byte, 0, len(w.pending)*tlog.HashSize)
	for _, h := range w.pending {
		buf = append(buf, h[:]...)
	}
	if _, err := w.f.WriteAt(buf, w.written*tlog.HashSize); err != nil {
		return fmt.Errorf("write hash file: %w", err)
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("sync hash file: %w", err)
	}
	w.written += int64(len(w.pending))
	w.pending = w.pending[:0]
	return nil
}

// discard drops pending hashes (after a failed append).
func (w *hashWriter) discard() { w.pending = w.pending[:0] }

// hashCache is a read-only tlog.HashReader over a hash file with a small block cache, for
// sequential scans (verify, export) that mostly read recent hashes.
type hashCache struct {
	r      io.ReaderAt
	count  int64
	blocks map[int64][]byte
	order  []int64
}

const (
	hashBlockHashes = 2048 // 64 KiB blocks
	hashCacheBlocks = 64
)

var _ tlog.HashReader = (*hashCache)(nil)

func newHashCache(r io.ReaderAt, count int64) *hashCache {
	return &hashCache{r: r, count: count, blocks: make(map[int64][]byte)}
}

func (c *hashCache) hash(idx int64) (tlog.Hash, error) {
	var h tlog.Hash
	if idx < 0 || idx >= c.count {
		return h, fmt.Errorf("stored hash %d out of range (hash file holds %d)", idx, c.count)
	}
	b := idx / hashBlockHashes
	blk, ok := c.blocks[b]
	if !ok {
		n := min(hashBlockHashes, c.count-b*hashBlockHashes)
		blk = make([]byte, n*tlog.HashSize)
		if _, err := c.r.ReadAt(blk, b*hashBlockHashes*tlog.HashSize); err != nil {
			return h, fmt.Errorf("read hash file: %w", err)
		}
		if len(c.order) >= hashCacheBlocks {
			delete(c.blocks, c.order[0])
			c.order = c.order[1:]
		}
		c.blocks[b] = blk
		c.order = append(c.order, b)
	}
	o := (idx - b*hashBlockHashes) * tlog.HashSize
	copy(h[:], blk[o:])
	return h, nil
}

// ReadHashes implements tlog.HashReader.
func (c *hashCache) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		h, err := c.hash(idx)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// subtrees returns the maximal aligned complete subtrees covering records [0, n), left to
// right, as (level, index) pairs in tlog's addressing: the hashes that, with the records from
// n on, determine every later tree head. This is what a purge record keeps for the records it
// removes.
func subtrees(n int64) [][2]int64 {
	var out [][2]int64
	lo := int64(0)
	for lo < n {
		level := 0
		for int64(1)<<(level+1) <= n-lo {
			level++
		}
		out = append(out, [2]int64{int64(level), lo >> level})
		lo += int64(1) << level
	}
	return out
}
