package egress

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hushlog/hush/redact"
)

// DefaultPrefix is the prefix of public lines when Options.Prefix is empty; it matches
// privlog's default.
const DefaultPrefix = "SystemLog:"

// DefaultMaxLineBytes is the longest line that is examined when Options.MaxLineBytes is 0.
const DefaultMaxLineBytes = 1 << 20

// Mode says what happens to private lines.
type Mode uint8

const (
	// Placeholder replaces a private line with "[private log line: N bytes]". It is the default.
	Placeholder Mode = iota
	// Drop leaves private lines out.
	Drop
	// Redact writes private lines redacted by the engine (JSON lines walked as JSON). Lines
	// that are too long, or JSON lines that fail to parse, become placeholders.
	Redact
)

// String returns "placeholder", "drop" or "redact".
func (m Mode) String() string {
	switch m {
	case Placeholder:
		return "placeholder"
	case Drop:
		return "drop"
	case Redact:
		return "redact"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode returns the Mode named s.
func ParseMode(s string) (Mode, error) {
	for m := Placeholder; m <= Redact; m++ {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("mode %q: want placeholder, drop or redact", s)
}

// Options configures Run. The zero value is valid.
type Options struct {
	// Prefix marks public lines. Empty means DefaultPrefix. It must be on one line.
	Prefix string
	// Mode is what happens to private lines.
	Mode Mode
	// Engine scans public lines (the second guard) and redacts private lines in Redact mode.
	// nil means an engine with the built-in rules, built by Run.
	Engine *redact.Engine
	// MaxLineBytes is the longest line examined, without its line ending; longer lines are
	// private and are never echoed, whatever the mode. 0 means DefaultMaxLineBytes.
	MaxLineBytes int
}

// Validate reports the first problem with o, naming the field.
func (o *Options) Validate() error {
	if strings.ContainsAny(o.Prefix, "\r\n") {
		return errors.New("egress: Prefix: must not contain a line break")
	}
	if o.Mode > Redact {
		return fmt.Errorf("egress: Mode: unknown mode %d", uint8(o.Mode))
	}
	if o.MaxLineBytes < 0 {
		return fmt.Errorf("egress: MaxLineBytes: %d is negative", o.MaxLineBytes)
	}
	return nil
}

// Summary counts what Run did. Lines = Public + Private + Quarantined.
type Summary struct {
	Lines       int64 // lines read
	Public      int64 // public lines written unchanged
	Private     int64 // private lines (replaced, dropped or redacted), oversize ones included
	Quarantined int64 // public lines in which the engine found something
	Oversize    int64 // lines longer than MaxLineBytes
	Bytes       int64 // bytes read
}

// Add adds the counts of t to s.
func (s *Summary) Add(t Summary) {
	s.Lines += t.Lines
	s.Public += t.Public
	s.Private += t.Private
	s.Quarantined += t.Quarantined
	s.Oversize += t.Oversize
	s.Bytes += t.Bytes
}

// String renders the summary on one line.
func (s Summary) String() string {
	return fmt.Sprintf("egress: %d lines (%d bytes): %d public, %d private, %d quarantined, %d oversize",
		s.Lines, s.Bytes, s.Public, s.Private, s.Quarantined, s.Oversize)
}

// ErrQuarantine is what Main's --fail-on-quarantine reports; Run itself does not fail for it.
var ErrQuarantine = errors.New("public lines were quarantined")

// Run copies the lines of in to out, keeping public lines and treating the others per
// opts.Mode. Every output line ends with '\n'. Each quarantined line is reported on errOut by
// line number and finding types, never by content. Memory stays bounded by MaxLineBytes plus
// buffers, whatever the input. Run stops at the first read or write error, or when ctx is
// done, and returns the counts so far with the error.
func Run(ctx context.Context, opts Options, in io.Reader, out, errOut io.Writer) (Summary, error) {
	var sum Summary
	if err := opts.Validate(); err != nil {
		return sum, err
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.MaxLineBytes == 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	if opts.Engine == nil {
		e, err := redact.New(redact.Config{})
		if err != nil {
			return sum, fmt.Errorf("egress: building the built-in redaction engine: %w", err)
		}
		opts.Engine = e
	}
	f := filter{opts: opts, prefix: []byte(opts.Prefix), errOut: errOut}
	br := bufio.NewReaderSize(in, 64<<10)
	bw := bufio.NewWriterSize(out, 64<<10)
	var line []byte
	for {
		if err := ctx.Err(); err != nil {
			_ = bw.Flush()
			return sum, err
		}
		var consumed, n int
		var over, ok bool
		var err error
		line, consumed, n, over, ok, err = readLine(br, line[:0], opts.MaxLineBytes)
		sum.Bytes += int64(consumed)
		if err != nil {
			_ = bw.Flush()
			return sum, fmt.Errorf("egress: reading line %d: %w", sum.Lines+1, err)
		}
		if !ok {
			break
		}
		if err := f.line(bw, &sum, line, n, over); err != nil {
			return sum, fmt.Errorf("egress: writing line %d: %w", sum.Lines, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("egress: writing: %w", err)
	}
	return sum, nil
}

// readLine reads one line into buf without its '\n', keeping at most max bytes. consumed is
// the number of bytes read, n the line's length without the '\n', over reports that n > max
// (buf is then empty). ok is false at the end of input.
func readLine(br *bufio.Reader, buf []byte, max int) (line []byte, consumed, n int, over, ok bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		consumed += len(chunk)
		last := err == nil
		if last {
			chunk = chunk[:len(chunk)-1]
		}
		n += len(chunk)
		if !over {
			if len(buf)+len(chunk) > max {
				over = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case last:
			return buf, consumed, n, over, true, nil
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			return buf, consumed, n, over, consumed > 0, nil
		default:
			return buf, consumed, n, over, false, err
		}
	}
}

type filter struct {
	opts   Options
	prefix []byte
	errOut io.Writer
	fs     []redact.Finding
}

// line handles one line; n is its full length, over whether it was cut.
func (f *filter) line(w *bufio.Writer, sum *Summary, line []byte, n int, over bool) error {
	sum.Lines++
	body := bytes.TrimSuffix(line, []byte{'\r'})
	if over {
		sum.Oversize++
		sum.Private++
		if f.opts.Mode == Drop {
			return nil
		}
		return placeholder(w, "[private log line: ", n)
	}
	if IsPublic(body, f.prefix) {
		f.fs = f.opts.Engine.Find(f.fs[:0], body)
		if len(f.fs) == 0 {
			sum.Public++
			if _, err := w.Write(line); err != nil {
				return err
			}
			return w.WriteByte('\n')
		}
		sum.Quarantined++
		if f.errOut != nil {
			fmt.Fprintf(f.errOut, "egress: line %d: public line quarantined: %s\n", sum.Lines, findingTypes(f.fs))
		}
		return placeholder(w, "[quarantined public log line: ", n)
	}
	sum.Private++
	switch f.opts.Mode {
	case Drop:
		return nil
	case Redact:
		var out []byte
		if looksJSONObject(body) {
			red, _, err := f.opts.Engine.RedactJSON(nil, body)
			if err != nil {
				return placeholder(w, "[private log line: ", n)
			}
			out = red
		} else {
			out, _ = f.opts.Engine.Redact(line)
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
		return w.WriteByte('\n')
	}
	return placeholder(w, "[private log line: ", n)
}

func placeholder(w *bufio.Writer, head string, n int) error {
	var b [64]byte
	out := append(b[:0], head...)
	out = strconv.AppendInt(out, int64(n), 10)
	out = append(out, " bytes]\n"...)
	_, err := w.Write(out)
	return err
}

// findingTypes lists the distinct types of fs, comma-separated, in order of appearance.
func findingTypes(fs []redact.Finding) string {
	var types []string
	for _, f := range fs {
		seen := false
		for _, t := range types {
			seen = seen || t == f.Type
		}
		if !seen {
			types = append(types, f.Type)
		}
	}
	return strings.Join(types, ", ")
}
