package audit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A checkpoint is a note signed with the store's key whose text is tlog.FormatTree of the tree
// head followed by lines naming the log and the signing time:
//
//	go.sum database tree
//	1042
//	nND/nri/U0xuHUrYSy0HtMeal2vzD9V4k/BO79C+QeI=
//	hush audit checkpoint
//	writer gateway-1
//	time 2026-11-23T21:00:00.000000001Z
//
//	— hush-audit-prod Az3grlgt…
//
// tlog.ParseTree reads the first three lines and ignores the rest.

const checkpointMarker = "hush audit checkpoint"

// Checkpoint is a verified, parsed checkpoint.
type Checkpoint struct {
	Tree   tlog.Tree `json:"tree"`
	Writer string    `json:"writer"`
	Time   time.Time `json:"time"`
	// Note is the signed note exactly as stored.
	Note []byte `json:"-"`
}

func formatCheckpoint(t tlog.Tree, writer string, at time.Time) []byte {
	var b bytes.Buffer
	b.Write(tlog.FormatTree(t))
	fmt.Fprintf(&b, "%s\nwriter %s\ntime %s\n", checkpointMarker, writer, at.UTC().Format(time.RFC3339Nano))
	return b.Bytes()
}

// OpenCheckpoint verifies msg's signature against known and parses it.
func OpenCheckpoint(msg []byte, known note.Verifiers) (*Checkpoint, error) {
	n, err := note.Open(msg, known)
	if err != nil {
		return nil, fmt.Errorf("checkpoint signature: %w", err)
	}
	return parseCheckpointText(n.Text, msg)
}

func parseCheckpointText(text string, msg []byte) (*Checkpoint, error) {
	tree, err := tlog.ParseTree([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	lines := strings.Split(text, "\n")
	if len(lines) < 7 || lines[3] != checkpointMarker || !strings.HasPrefix(lines[4], "writer ") || !strings.HasPrefix(lines[5], "time ") {
		return nil, errors.New("checkpoint: not a hush audit checkpoint")
	}
	at, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(lines[5], "time "))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: time: %w", err)
	}
	return &Checkpoint{Tree: tree, Writer: strings.TrimPrefix(lines[4], "writer "), Time: at, Note: msg}, nil
}

// splitNotes splits a file of concatenated signed notes. Each note is its text, a blank line
// and one or more signature lines starting with "— ". rest is a trailing incomplete note
// (an interrupted append), empty when the file ends cleanly.
func splitNotes(b []byte) (notes [][]byte, rest []byte) {
	for len(b) > 0 {
		i := bytes.Index(b, []byte("\n\n"))
		if i < 0 {
			return notes, b
		}
		end := i + 2
		sigs := 0
		for end < len(b) && bytes.HasPrefix(b[end:], []byte("— ")) {
			nl := bytes.IndexByte(b[end:], '\n')
			if nl < 0 {
				return notes, b
			}
			end += nl + 1
			sigs++
		}
		if sigs == 0 {
			if end >= len(b) {
				return notes, b
			}
			// A blank line inside a text that is not followed by a signature: not a note
			// boundary we wrote. Treat everything left as one (invalid) note so that
			// verification reports it rather than skipping it.
			return append(notes, b), nil
		}
		notes = append(notes, b[:end])
		b = b[end:]
	}
	return notes, nil
}

// noteText returns the unverified text of a signed note (through the line before the blank
// line that precedes the signatures).
func noteText(msg []byte) string {
	i := bytes.LastIndex(msg, []byte("\n\n— "))
	if i < 0 {
		return ""
	}
	return string(msg[:i+1])
}

// SplitCheckpoints splits a file holding one or more signed checkpoints (as written to a
// log's checkpoints file or printed by "hush audit checkpoint"). Signatures are not checked.
func SplitCheckpoints(b []byte) ([][]byte, error) {
	notes, rest := splitNotes(b)
	if len(rest) > 0 || len(notes) == 0 {
		return nil, errors.New("not a sequence of signed checkpoints")
	}
	return notes, nil
}

// LatestCheckpoint returns writer's latest checkpoint, verified with the keys recorded in the
// log directory.
func LatestCheckpoint(dataDir, writer string) (*Checkpoint, error) {
	v, _, err := LogVerifiers(dataDir, writer)
	if err != nil {
		return nil, err
	}
	var problems []string
	cks := readCheckpoints(LogDir(dataDir, writer), writer, v, func(_ int64, f string, a ...any) {
		problems = append(problems, fmt.Sprintf(f, a...))
	})
	if len(problems) > 0 {
		return nil, fmt.Errorf("audit: %s: %s (run verify)", writer, problems[0])
	}
	if len(cks) == 0 {
		return nil, fmt.Errorf("audit: %s: no checkpoint yet", writer)
	}
	return cks[len(cks)-1], nil
}
