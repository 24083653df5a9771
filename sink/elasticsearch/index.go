package elasticsearch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// indexPattern is a parsed Config.Index: prefix, optional date format, suffix.
type indexPattern struct {
	prefix, suffix string
	date           []datePiece // nil when the name is static
	hourly         bool        // the format uses HH, so a cache key is per hour, not per day
}

type dateToken uint8

const (
	tokLiteral dateToken = iota
	tokYear4
	tokYear2
	tokMonth
	tokDay
	tokHour
	tokWeekYear
	tokWeek
)

type datePiece struct {
	tok dateToken
	lit string
}

var dateTokens = map[string]dateToken{
	"yyyy": tokYear4, "yy": tokYear2, "MM": tokMonth, "dd": tokDay, "HH": tokHour,
	"xxxx": tokWeekYear, "ww": tokWeek,
}

// parseIndex parses an index name with at most one %{+FORMAT} date pattern and checks that
// the literal parts are a legal Elasticsearch index name.
func parseIndex(s string) (indexPattern, error) {
	var p indexPattern
	start := strings.Index(s, "%{")
	if start < 0 {
		p.prefix = s
	} else {
		end := strings.IndexByte(s[start:], '}')
		if end < 0 {
			return p, errors.New("unterminated date pattern, want %{+FORMAT}")
		}
		end += start
		format := s[start+2 : end]
		if !strings.HasPrefix(format, "+") || len(format) == 1 {
			return p, fmt.Errorf("date pattern %q must look like %%{+yyyy.MM.dd}", s[start:end+1])
		}
		p.prefix, p.suffix = s[:start], s[end+1:]
		if strings.Contains(p.suffix, "%{") {
			return p, errors.New("at most one date pattern is allowed")
		}
		pieces, err := parseDateFormat(format[1:])
		if err != nil {
			return p, err
		}
		p.date = pieces
		for _, pc := range pieces {
			if pc.tok == tokHour {
				p.hourly = true
			}
		}
	}
	// Check the name as it would be rendered, with a neutral date.
	name := p.render(nil, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := validIndexName(string(name)); err != nil {
		return p, err
	}
	return p, nil
}

func parseDateFormat(f string) ([]datePiece, error) {
	var pieces []datePiece
	for i := 0; i < len(f); {
		c := f[i]
		if !isLetter(c) {
			j := i
			for j < len(f) && !isLetter(f[j]) {
				j++
			}
			pieces = append(pieces, datePiece{tok: tokLiteral, lit: f[i:j]})
			i = j
			continue
		}
		j := i
		for j < len(f) && f[j] == c {
			j++
		}
		tok, ok := dateTokens[f[i:j]]
		if !ok {
			return nil, fmt.Errorf("unsupported date token %q (supported: yyyy yy MM dd HH xxxx ww)", f[i:j])
		}
		pieces = append(pieces, datePiece{tok: tok})
		i = j
	}
	return pieces, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// validIndexName applies Elasticsearch's rules for index and data stream names.
func validIndexName(s string) error {
	switch {
	case s == "":
		return errors.New("must not be empty")
	case s == "." || s == "..":
		return fmt.Errorf("%q is not allowed", s)
	case len(s) > 255:
		return errors.New("longer than 255 bytes")
	case strings.ContainsAny(s[:1], "-_+"):
		return errors.New("must not start with '-', '_' or '+'")
	case strings.ContainsAny(s, "\\/*?\"<>| ,#:"):
		return errors.New(`must not contain any of \ / * ? " < > | , # : or a space`)
	case strings.ToLower(s) != s:
		return errors.New("must be lowercase")
	}
	return nil
}

// render appends the index name for time t (in UTC) to dst.
func (p *indexPattern) render(dst []byte, t time.Time) []byte {
	dst = append(dst, p.prefix...)
	if p.date == nil {
		return dst
	}
	t = t.UTC()
	for _, pc := range p.date {
		switch pc.tok {
		case tokLiteral:
			dst = append(dst, pc.lit...)
		case tokYear4:
			dst = appendInt(dst, t.Year(), 4)
		case tokYear2:
			dst = appendInt(dst, t.Year()%100, 2)
		case tokMonth:
			dst = appendInt(dst, int(t.Month()), 2)
		case tokDay:
			dst = appendInt(dst, t.Day(), 2)
		case tokHour:
			dst = appendInt(dst, t.Hour(), 2)
		case tokWeekYear:
			y, _ := t.ISOWeek()
			dst = appendInt(dst, y, 4)
		case tokWeek:
			_, w := t.ISOWeek()
			dst = appendInt(dst, w, 2)
		}
	}
	return append(dst, p.suffix...)
}

func appendInt(dst []byte, v, width int) []byte {
	if v < 0 {
		v = 0
	}
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// indexCache renders index names for one Write call, reusing the last name while the time
// bucket (day or hour) is unchanged. Not safe for concurrent use.
type indexCache struct {
	p       *indexPattern
	now     time.Time // fallback time of the Write call
	haveKey bool
	key     int64
	name    []byte
}

func (c *indexCache) lookup(doc []byte) []byte {
	if c.p.date == nil {
		if c.name == nil {
			c.name = c.p.render(nil, time.Time{})
		}
		return c.name
	}
	t, ok := docTimestamp(doc)
	if !ok {
		t = c.now
	}
	t = t.UTC()
	bucket := t.Truncate(24 * time.Hour)
	if c.p.hourly {
		bucket = t.Truncate(time.Hour)
	}
	key := bucket.Unix()
	if !c.haveKey || key != c.key {
		c.name = c.p.render(c.name[:0], t)
		c.key, c.haveKey = key, true
	}
	return c.name
}

var timestampPrefix = []byte(`{"@timestamp":"`)

// docTimestamp returns the top-level "@timestamp" of a JSON document as RFC 3339. Documents
// that start with it (as hush records do) are read without a JSON parse.
func docTimestamp(doc []byte) (time.Time, bool) {
	if bytes.HasPrefix(doc, timestampPrefix) {
		rest := doc[len(timestampPrefix):]
		if end := bytes.IndexByte(rest, '"'); end > 0 && bytes.IndexByte(rest[:end], '\\') < 0 {
			t, err := time.Parse(time.RFC3339Nano, string(rest[:end]))
			return t, err == nil
		}
	}
	if !bytes.Contains(doc, []byte(`"@timestamp"`)) {
		return time.Time{}, false
	}
	var v struct {
		Timestamp string `json:"@timestamp"`
	}
	if json.Unmarshal(doc, &v) != nil || v.Timestamp == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v.Timestamp)
	return t, err == nil
}
