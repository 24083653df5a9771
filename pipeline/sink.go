package pipeline

import (
	"context"
	"errors"
	"fmt"
)

// Item is one redacted, encoded record on its way to a sink.
type Item struct {
	// ID is the record's unique, sortable id (record.id); sinks use it to deduplicate retries
	// (it is the Elasticsearch _id).
	ID string
	// Data is one JSON document without a trailing newline. Sinks must not modify or retain it
	// after Write returns.
	Data []byte
}

// Sink delivers redacted records to one destination. The router calls Write from one goroutine
// per sink, in spool order, and retries what fails; a Sink need not be safe for concurrent
// Write calls.
type Sink interface {
	// Write delivers items. nil means every item was durably accepted. A *PartialError (possibly
	// wrapped) says which items failed and why; items it does not list were accepted. Any other
	// error applies to the whole batch. Errors are retryable unless marked with Permanent.
	Write(ctx context.Context, items []Item) error
	// Close flushes and releases resources; Write is not called after Close.
	Close(ctx context.Context) error
}

// ErrPermanent marks errors that retrying cannot fix (a mapping conflict, a rejected document):
// the router sends such items to the dead-letter segment instead of retrying them.
var ErrPermanent = errors.New("permanent")

type permanentError struct{ err error }

func (e permanentError) Error() string        { return e.err.Error() }
func (e permanentError) Unwrap() []error      { return []error{e.err, ErrPermanent} }
func (e permanentError) Is(target error) bool { return target == ErrPermanent }

// Permanent wraps err so that IsPermanent reports true; nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err (or an error it wraps) was marked with Permanent.
func IsPermanent(err error) bool { return errors.Is(err, ErrPermanent) }

// PartialError reports per-item failures of one Write.
type PartialError struct {
	// Failed maps an index into the items passed to Write to the reason it failed.
	Failed map[int]error
}

// Error reports how many items failed and how many of those permanently; it never repeats
// the causes, which a sink may have built from a server's answer.
func (e *PartialError) Error() string {
	perm := 0
	for _, err := range e.Failed {
		if IsPermanent(err) {
			perm++
		}
	}
	return fmt.Sprintf("%d items failed (%d permanently)", len(e.Failed), perm)
}
