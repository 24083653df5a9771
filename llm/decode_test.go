package llm

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"testing"

	"github.com/hushlog/hush/record"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	body := `{"model":"m","choices":[{"message":{"content":"hello"}}]}`
	x := &record.Exchange{ResponseHeader: http.Header{"Content-Encoding": {"gzip"}}, ResponseBody: gz(body),
		RequestBody: []byte(`{"plain":true}`), RequestHeader: http.Header{}}
	if !Decode(x) || string(x.ResponseBody) != body || string(x.RequestBody) != `{"plain":true}` {
		t.Fatal("gzip body not decoded")
	}
	cut := gz(body)
	x = &record.Exchange{ResponseHeader: http.Header{"Content-Encoding": {"gzip"}}, ResponseBody: cut[:len(cut)-12]}
	Decode(x)
	if !bytes.HasPrefix([]byte(body), x.ResponseBody) {
		t.Fatal("a cut-off gzip body must keep only what decoded cleanly")
	}
	for _, c := range []struct{ enc, body string }{{"br", "\x1b\x03"}, {"gzip", "not gzip"}} {
		x = &record.Exchange{ResponseHeader: http.Header{"Content-Encoding": {c.enc}}, ResponseBody: []byte(c.body)}
		if Decode(x) || x.ResponseBody != nil {
			t.Fatalf("%s: undecodable body kept", c.enc)
		}
	}
}
