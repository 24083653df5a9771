package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Error is a configuration error tied to a key. Its message names the key path (and the line
// when known); it never repeats the value, which may be a credential.
type Error struct {
	// Key is the dotted key path, e.g. "pipeline.queue.max_bytes".
	Key string
	// Line is the 1-based line in the file, 0 if unknown.
	Line int
	// Msg says what is wrong.
	Msg string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s (line %d): %s", e.Key, e.Line, e.Msg)
	}
	return e.Key + ": " + e.Msg
}

func errAt(key string, n *yaml.Node, format string, args ...any) *Error {
	e := &Error{Key: key, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line = n.Line
	}
	return e
}

var (
	durationType = reflect.TypeFor[time.Duration]()
	unmarshaler  = reflect.TypeFor[yaml.Unmarshaler]()
)

// decoder walks a YAML node tree alongside a struct, field by field, so that every error
// names its key: unknown keys, duplicate keys and values of the wrong type. It records the
// line of every key for validation errors found later.
type decoder struct {
	lines map[string]int
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, key string) error {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return d.decode(n.Content[0], v, key)
	}
	if n.Kind == yaml.AliasNode {
		return errAt(key, n, "aliases are not supported")
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // an empty value keeps the default
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return d.decode(n, v.Elem(), key)
	}
	if t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshaler) {
		return d.decodeStruct(n, v, key)
	}
	if t == durationType && n.Tag != "!!str" { // a bare 5 would mean 5ns
		return errAt(key, n, "%s", want(t, nil))
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		return errAt(key, n, "%s", want(t, err))
	}
	return nil
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, key string) error {
	if n.Kind != yaml.MappingNode {
		return errAt(orRoot(key), n, "want a mapping")
	}
	fields := map[string]int{}
	var names []string
	t := v.Type()
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = i
		names = append(names, tag)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		k := kn.Value
		path := join(key, k)
		if seen[k] {
			return errAt(path, kn, "duplicate key")
		}
		seen[k] = true
		fi, ok := fields[k]
		if !ok {
			msg := "unknown key"
			if s := suggest(k, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return errAt(path, kn, "%s", msg)
		}
		d.lines[path] = kn.Line
		if err := d.decode(vn, v.Field(fi), path); err != nil {
			return err
		}
	}
	return nil
}

func orRoot(key string) string {
	if key == "" {
		return "(top level)"
	}
	return key
}

func join(key, k string) string {
	if key == "" {
		return k
	}
	return key + "." + k
}

// want describes the expected type without echoing the value.
func want(t reflect.Type, err error) string {
	switch {
	case t == reflect.TypeFor[ByteSize]():
		return "want a byte size such as 4096 or 64MiB"
	case t == durationType:
		return "want a duration such as 500ms, 5s or 24h"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "want true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "want an integer"
	case reflect.Float64:
		return "want a number"
	case reflect.String:
		return "want a string"
	case reflect.Map:
		return "want a mapping"
	case reflect.Slice:
		return "want a list"
	case reflect.Pointer:
		return want(t.Elem(), err)
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return "value has the wrong type"
	}
	return "invalid value"
}

// suggest returns the known key closest to k (edit distance ≤ 2), or "".
func suggest(k string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(k, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
