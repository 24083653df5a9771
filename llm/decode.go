package llm

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
	"net/http"
	"strings"

	"github.com/hushlog/hush/record"
)

// MaxDecodedBytes caps a decompressed body.
const MaxDecodedBytes = 4 << 20

// Decode replaces compressed bodies (Content-Encoding gzip or deflate) with their decoded
// text, capped at MaxDecodedBytes, so that they can be parsed and redacted. A body it cannot
// decode (unknown encoding such as br, corrupt or cut-off data) is dropped and reported as
// false: compressed bytes would hide raw text from the redactor, so they are never kept (fail
// closed). It runs off the request path.
func Decode(x *record.Exchange) (ok bool) {
	ok = true
	if b, good := decode(x.RequestHeader, x.RequestBody); !good {
		x.RequestBody, ok = nil, false
	} else {
		x.RequestBody = b
	}
	if b, good := decode(x.ResponseHeader, x.ResponseBody); !good {
		x.ResponseBody, ok = nil, false
	} else {
		x.ResponseBody = b
	}
	return ok
}

func decode(h http.Header, body []byte) ([]byte, bool) {
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	if len(body) == 0 || enc == "" || enc == "identity" {
		return body, true
	}
	var r io.Reader
	switch enc {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, false
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxDecodedBytes))
	if err != nil && len(out) == 0 {
		return nil, false
	}
	// a truncated capture ends mid-stream: keep what decoded cleanly
	return out, true
}
