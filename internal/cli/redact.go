package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hushlog/hush/redact"
)

// maxJSONDoc is the largest input "hush redact" walks as one JSON document; larger inputs are
// redacted as a text stream (every detector still runs; only key policies need the tree).
const maxJSONDoc = 8 << 20

// runRedact implements "hush redact [--json|--text] [--config F] [FILE]": redacted text on
// stdout and nothing else; diagnostics on stderr.
func runRedact(_ context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("redact", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "treat the input as JSON (a document or JSON lines)")
	asText := fs.Bool("text", false, "treat the input as plain text")
	config := fs.String("config", "", "YAML config with rules and operators")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: hush redact [--json|--text] [--config FILE] [FILE]\n\nReads FILE or stdin, writes the redacted form to stdout. Input that looks like JSON\nis walked as JSON unless --text is given.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *asJSON && *asText || fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	e, err := loadEngine(*config, env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush redact: %v\n", err)
		return 2
	}
	in := env.Stdin
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(env.Stderr, "hush redact: %v\n", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	mode := "auto"
	if *asJSON {
		mode = "json"
	} else if *asText {
		mode = "text"
	}
	if err := redactStream(e, in, out, mode); err != nil {
		fmt.Fprintf(env.Stderr, "hush redact: %v\n", err)
		return 1
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(env.Stderr, "hush redact: %v\n", err)
		return 1
	}
	return 0
}

// redactStream writes the redacted form of in to out. In auto mode, input whose first
// non-space byte opens a JSON object or array is tried as one JSON document when it fits in
// maxJSONDoc, else as JSON lines, streamed: each line that parses is walked as JSON, others
// (and lines over maxJSONLine) are redacted as text. Anything else is redacted as a text stream.
// Memory stays bounded whatever the input size. In json mode invalid JSON is an error and
// nothing more is written (fail closed).
func redactStream(e *redact.Engine, in io.Reader, out io.Writer, mode string) error {
	br := bufio.NewReaderSize(in, 64<<10)
	if mode != "text" {
		head, _ := br.Peek(512)
		t := bytes.TrimLeft(head, " \t\r\n\ufeff")
		looks := len(t) > 0 && (t[0] == '{' || t[0] == '[')
		if looks || mode == "json" {
			doc, err := io.ReadAll(io.LimitReader(br, maxJSONDoc+1))
			if err != nil {
				return err
			}
			if len(doc) <= maxJSONDoc {
				red, _, err := e.RedactJSON(nil, doc)
				if err == nil {
					_, err = out.Write(red)
					return err
				}
				if mode == "json" && bytes.Count(bytes.TrimSpace(doc), []byte{'\n'}) == 0 {
					return err
				}
			}
			return redactLines(e, io.MultiReader(bytes.NewReader(doc), br), out, mode == "json")
		}
	}
	w := e.NewWriter(out, 0)
	if _, err := io.Copy(w, br); err != nil {
		return err
	}
	return w.Close()
}

// maxJSONLine is the longest line walked as JSON in JSON-lines mode.
const maxJSONLine = 4 << 20

// redactLines redacts JSON lines one by one. A line that does not parse is redacted as text,
// or is an error when strict.
func redactLines(e *redact.Engine, in io.Reader, out io.Writer, strict bool) error {
	br := bufio.NewReaderSize(in, maxJSONLine)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if strict {
				return fmt.Errorf("line %d: longer than %d bytes", n, maxJSONLine)
			}
			// a huge line: stream it through the text redactor up to its newline
			w := e.NewWriter(out, 0)
			for errors.Is(err, bufio.ErrBufferFull) {
				if _, werr := w.Write(line); werr != nil {
					return werr
				}
				line, err = br.ReadSlice('\n')
			}
			if _, werr := w.Write(line); werr != nil {
				return werr
			}
			if werr := w.Close(); werr != nil {
				return werr
			}
		case len(line) > 0:
			body := bytes.TrimRight(line, "\r\n")
			if len(bytes.TrimSpace(body)) == 0 {
				if _, werr := out.Write(line); werr != nil {
					return werr
				}
				break
			}
			red, _, lerr := e.RedactJSON(nil, body)
			if lerr != nil {
				if strict {
					return fmt.Errorf("line %d: %w", n, lerr)
				}
				red, _ = e.Redact(body)
			}
			if _, werr := out.Write(red); werr != nil {
				return werr
			}
			if _, werr := out.Write(line[len(body):]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
