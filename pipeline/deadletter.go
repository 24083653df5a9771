package pipeline

import (
	"context"
	"errors"
	"io"
)

// ReadDeadLetters calls fn for every dead letter in dir (Config.DeadLetterDir), oldest
// first, until fn returns an error, which ReadDeadLetters returns. Each dead letter is a
// JSON envelope {"@timestamp","sink","error","permanent","attempts","record"} holding the
// redacted record; id is its record id. envelope is valid only during the call. It fails
// with ErrLocked while a pipeline has the directory open.
func ReadDeadLetters(dir string, fn func(id string, envelope []byte) error) error {
	s, _, err := OpenSpool(SpoolConfig{Dir: dir, Fsync: FsyncNever})
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.NewReader(0)
	if err != nil {
		return err
	}
	defer r.Close()
	var es []Entry
	for r.Pos() < s.End() {
		es, err = r.Read(context.Background(), es[:0], 256, 4<<20)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		for _, e := range es {
			if err := fn(e.ID, e.Data); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	return nil
}
