package pipeline

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// Batch collects framed records for one Spool.AppendBatch call. Frames are built and
// checksummed by the caller, outside the spool's lock, and written with as few writes as
// the segment size allows. The zero value is ready; a Batch is not safe for concurrent use
// and may be reused after Reset.
type Batch struct {
	buf  []byte
	ends []int // end offset of each frame in buf
}

// Add frames one record (copying id and data).
func (b *Batch) Add(id string, data []byte) error {
	if len(id) > 255 {
		return fmt.Errorf("spool: id is %d bytes, limit 255", len(id))
	}
	payload := 1 + len(id) + len(data)
	if payload > MaxRecordBytes {
		return fmt.Errorf("spool: record is %d bytes, limit %d", payload, MaxRecordBytes)
	}
	start := len(b.buf)
	b.buf = binary.LittleEndian.AppendUint32(b.buf, uint32(payload))
	b.buf = binary.LittleEndian.AppendUint32(b.buf, 0)
	b.buf = append(b.buf, byte(len(id)))
	b.buf = append(b.buf, id...)
	b.buf = append(b.buf, data...)
	binary.LittleEndian.PutUint32(b.buf[start+4:], crc32.Checksum(b.buf[start+frameHeader:], castagnoli))
	b.ends = append(b.ends, len(b.buf))
	return nil
}

// Len returns the number of records in the batch.
func (b *Batch) Len() int { return len(b.ends) }

// Reset empties the batch, keeping its memory.
func (b *Batch) Reset() {
	b.buf, b.ends = b.buf[:0], b.ends[:0]
}

func (b *Batch) frame(i int) []byte {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.buf[start:b.ends[i]]
}

// AppendBatch writes the records of b in order and returns how many were written: all of
// them and nil, or the first n and the error that stopped the rest (ErrSpoolFull at the
// size cap, ErrClosed, or an I/O error). Records written are acknowledged as with Append.
func (s *Spool) AppendBatch(b *Batch) (int, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return 0, ErrClosed
	}
	written := 0
	var err error
	for written < b.Len() {
		first := b.frame(written)
		if err = s.makeRoom(int64(len(first))); err != nil {
			break
		}
		act := &s.segs[len(s.segs)-1]
		// extend the chunk while it fits the segment and the cap
		chunk, k := int64(len(first)), written+1
		for ; k < b.Len(); k++ {
			n := int64(len(b.frame(k)))
			if act.size+chunk+n > s.cfg.SegmentBytes || s.total+chunk+n > s.cfg.MaxBytes {
				break
			}
			chunk += n
		}
		start := 0
		if written > 0 {
			start = b.ends[written-1]
		}
		if _, werr := s.active.Write(b.buf[start:b.ends[k-1]]); werr != nil {
			_ = s.active.Truncate(int64(segHeader) + act.size) // see Append
			err = fmt.Errorf("spool: append: %w", werr)
			break
		}
		act.size += chunk
		s.total += chunk
		written = k
	}
	end := s.segs[len(s.segs)-1].end()
	if written > 0 {
		for _, c := range s.notify {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	s.mu.Unlock()
	if written > 0 && s.cfg.Fsync == FsyncAlways {
		if serr := s.syncTo(end); serr != nil {
			return 0, serr
		}
	}
	return written, err
}
