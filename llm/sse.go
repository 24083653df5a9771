package llm

import "bytes"

// Event is one Server-Sent Event. Its slices alias the parsed body (Data is a fresh slice only
// when the event had several data lines); they are valid until the body changes.
type Event struct {
	// Type is the event field ("" when absent: a "message" event).
	Type []byte
	// Data is the data lines joined by '\n'.
	Data []byte
	// Offset is the byte offset in the body where the event starts.
	Offset int
}

// ParseSSE calls fn for every complete event in body, in order, following the HTML Server-Sent
// Events grammar: lines end with "\n", "\r\n" or "\r"; "field: value" with one optional space
// after the colon; lines starting with ':' are comments; a blank line dispatches the event;
// events without data are not dispatched; a trailing event without its blank line (a stream cut
// short) is dispatched too, since its data is all there is. fn returning false stops parsing.
// ParseSSE never fails: any byte sequence is some sequence of events.
func ParseSSE(body []byte, fn func(Event) bool) {
	var ev Event
	var multi []byte
	lines := 0
	hasData := false
	start := 0
	dispatch := func() bool {
		ok := true
		if hasData {
			if lines > 1 {
				ev.Data = multi
			}
			ok = fn(ev)
		}
		ev, multi, lines, hasData = Event{}, nil, 0, false
		return ok
	}
	for i := 0; i <= len(body); {
		// find the end of the line
		j := i
		for j < len(body) && body[j] != '\n' && body[j] != '\r' {
			j++
		}
		line := body[i:j]
		next := j
		if j < len(body) {
			next = j + 1
			if body[j] == '\r' && j+1 < len(body) && body[j+1] == '\n' {
				next = j + 2
			}
		}
		if len(line) == 0 {
			if j >= len(body) {
				break
			}
			if !dispatch() {
				return
			}
			i = next
			start = i
			continue
		}
		if !hasData && ev.Type == nil {
			ev.Offset = start
		}
		if line[0] != ':' {
			field, value := line, []byte(nil)
			if k := bytes.IndexByte(line, ':'); k >= 0 {
				field, value = line[:k], line[k+1:]
				if len(value) > 0 && value[0] == ' ' {
					value = value[1:]
				}
			}
			switch string(field) {
			case "event":
				ev.Type = value
			case "data":
				lines++
				switch {
				case lines == 1:
					ev.Data = value
				case lines == 2:
					multi = append(append(append(multi, ev.Data...), '\n'), value...)
				default:
					multi = append(append(multi, '\n'), value...)
				}
				hasData = true
			}
		}
		if j >= len(body) {
			break
		}
		i = next
	}
	dispatch()
}
