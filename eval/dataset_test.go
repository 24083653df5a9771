package eval

import (
	"strings"
	"testing"
)

func TestReadPresidio(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Span // of the first case
		wantErr string
	}{
		{
			name: "code points converted to bytes",
			in:   `[{"full_text": "Zoë Müller: zoe@example.com", "spans": [{"entity_type": "EMAIL_ADDRESS", "start_position": 12, "end_position": 27}, {"entity_type": "PERSON", "start_position": 0, "end_position": 10}]}]`,
			want: []Span{{Type: "PERSON", Start: 0, End: 12}, {Type: "EMAIL_ADDRESS", Start: 14, End: 29}},
		},
		{
			name: "unsupported label kept aside",
			in:   `[{"full_text": "Acme Corp hired me", "spans": [{"entity_type": "ORGANIZATION", "start_position": 0, "end_position": 9}]}]`,
			want: []Span{{Type: "ORGANIZATION", Start: 0, End: 9, Unsupported: true}},
		},
		{name: "offset past the end", in: `[{"full_text": "abc", "spans": [{"entity_type": "PERSON", "start_position": 1, "end_position": 9}]}]`, wantErr: "sample 0"},
		{name: "empty span", in: `[{"full_text": "abc", "spans": [{"entity_type": "PERSON", "start_position": 2, "end_position": 2}]}]`, wantErr: "out of range"},
		{name: "missing text", in: `[{"spans": []}]`, wantErr: "missing full_text"},
		{name: "not an array", in: `{"full_text": "x"}`, wantErr: "presidio dataset"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := ReadPresidio(strings.NewReader(tc.in), "p", PresidioMapping())
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ds.Cases[0].Spans
			if len(got) != len(tc.want) {
				t.Fatalf("got %d spans, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("span %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		off     Offsets
		want    Span
		secrets bool
		wantErr string
	}{
		{name: "bytes by flag", in: `{"text": "é a@b.co", "spans": [{"type": "EMAIL_ADDRESS", "start": 3, "end": 9}]}`, off: Bytes, want: Span{Type: "EMAIL_ADDRESS", Start: 3, End: 9}},
		{name: "runes by flag", in: `{"text": "é a@b.co", "spans": [{"type": "EMAIL_ADDRESS", "start": 2, "end": 8}]}`, off: Runes, want: Span{Type: "EMAIL_ADDRESS", Start: 3, End: 9}},
		{name: "header wins over flag", in: "{\"hush_corpus\": \"x\", \"offsets\": \"runes\", \"secrets\": true}\n\n{\"text\": \"é a@b.co\", \"spans\": [{\"type\": \"EMAIL_ADDRESS\", \"start\": 2, \"end\": 8}]}\n", off: Bytes, want: Span{Type: "EMAIL_ADDRESS", Start: 3, End: 9}, secrets: true},
		{name: "inside a character", in: `{"text": "é", "spans": [{"type": "PERSON", "start": 1, "end": 2}]}`, off: Bytes, wantErr: "character boundaries"},
		{name: "bad header offsets", in: `{"hush_corpus": "x", "offsets": "words"}`, wantErr: "line 1: header"},
		{name: "bad line", in: "{\"text\": \"a\", \"spans\": []}\n{\"text\": 3}", wantErr: "line 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := ReadJSONL(strings.NewReader(tc.in), "c", tc.off, Identity())
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Cases) != 1 || len(ds.Cases[0].Spans) != 1 {
				t.Fatalf("got %d cases, want 1 with 1 span", len(ds.Cases))
			}
			if got := ds.Cases[0].Spans[0]; got != tc.want {
				t.Errorf("span = %+v, want %+v", got, tc.want)
			}
			if ds.Secrets != tc.secrets || !ds.Labels[tc.want.Type] {
				t.Errorf("secrets = %v, labels = %v", ds.Secrets, ds.Labels)
			}
		})
	}
}

func TestParseLeakyCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]LineCount
		wantErr string
	}{
		{name: "comments and blanks", in: "# name,num_risk,num_informative\n.bashrc,3,3\n\n# note\ncloud/.s3cfg, 1 ,2\n", want: map[string]LineCount{".bashrc": {3, 3}, "cloud/.s3cfg": {1, 2}}},
		{name: "too few fields", in: "a,1\n", wantErr: "line 1: want 3 fields"},
		{name: "negative", in: "a,-1,0\n", wantErr: "non-negative"},
		{name: "not a number", in: "a,x,0\n", wantErr: "non-negative"},
		{name: "escaping path", in: "../etc/passwd,1,0\n", wantErr: "bad file name"},
		{name: "duplicate", in: "a,1,0\na,2,0\n", wantErr: "duplicate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseLeakyCSV(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d files, want %d", len(got), len(tc.want))
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %+v, want %+v", k, got[k], v)
				}
			}
		})
	}
}

func FuzzReadPresidio(f *testing.F) {
	f.Add(`[{"full_text": "Zoë: z@e.co", "spans": [{"entity_type": "EMAIL_ADDRESS", "start_position": 5, "end_position": 11}]}]`)
	f.Add(`[{"full_text": "", "spans": [{"entity_type": "X", "start_position": -1, "end_position": 0}]}]`)
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := ReadPresidio(strings.NewReader(in), "f", PresidioMapping())
		if err != nil {
			return
		}
		checkSpans(t, ds)
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add("{\"hush_corpus\": \"x\", \"offsets\": \"runes\"}\n{\"text\": \"é a\", \"spans\": [{\"type\": \"T\", \"start\": 2, \"end\": 3}]}\n", true)
	f.Add(`{"text": "abc", "spans": [{"type": "T", "start": 0, "end": 3}]}`, false)
	f.Fuzz(func(t *testing.T, in string, runes bool) {
		off := Bytes
		if runes {
			off = Runes
		}
		ds, err := ReadJSONL(strings.NewReader(in), "f", off, Identity())
		if err != nil {
			return
		}
		checkSpans(t, ds)
	})
}

func FuzzParseLeakyCSV(f *testing.F) {
	f.Add("# c\n.bashrc,3,3\n\nx/y,0,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ParseLeakyCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		for name, lc := range m {
			if name == "" || lc.Risk < 0 || lc.Informative < 0 {
				t.Fatalf("accepted a bad row: empty name %v, risk %d, informative %d", name == "", lc.Risk, lc.Informative)
			}
		}
	})
}

// checkSpans asserts the reader's guarantees: spans sorted, non-empty, inside the text.
func checkSpans(t *testing.T, ds *Dataset) {
	t.Helper()
	for ci, c := range ds.Cases {
		for i, s := range c.Spans {
			if s.Start < 0 || s.End > len(c.Text) || s.Start >= s.End {
				t.Fatalf("case %d span %d [%d,%d) outside a text of %d bytes", ci, i, s.Start, s.End, len(c.Text))
			}
			if i > 0 && s.Start < c.Spans[i-1].Start {
				t.Fatalf("case %d: spans not sorted", ci)
			}
		}
	}
}
