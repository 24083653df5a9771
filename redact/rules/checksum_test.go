package rules

import (
	"hash/crc32"
	"strconv"
	"strings"
	"testing"
)

// checksumBody returns 30 deterministic base62 characters.
func checksumBody(seed uint32) string {
	var b strings.Builder
	x := seed*2654435761 + 1
	for b.Len() < 30 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(credBase62[x%62])
	}
	return b.String()
}

// githubFor encodes the checksum independently of the validator: strconv-free repeated
// division, most significant digit first.
func githubFor(prefix, body string) string {
	sum := crc32.ChecksumIEEE([]byte(body))
	var digits []byte
	for sum > 0 {
		digits = append([]byte{credBase62[sum%62]}, digits...)
		sum /= 62
	}
	return prefix + body + strings.Repeat("0", 6-len(digits)) + string(digits)
}

// change returns s with byte i replaced by a different base62 character.
func change(s string, i int) string {
	b := []byte(s)
	if b[i] == 'a' {
		b[i] = 'b'
	} else {
		b[i] = 'a'
	}
	return string(b)
}

func TestGitHubChecksum(t *testing.T) {
	for seed := uint32(1); seed <= 200; seed++ {
		tok := githubFor("ghp_", checksumBody(seed))
		if !githubChecksumValid([]byte(tok)) {
			t.Fatalf("seed %d: valid token rejected", seed)
		}
		for _, i := range []int{4, 20, 33, 39} {
			if githubChecksumValid([]byte(change(tok, i))) {
				t.Fatalf("seed %d: token changed at offset %d accepted", seed, i)
			}
		}
	}
	for _, bad := range []string{"", "ghp_", "ghp_abc", githubFor("ghp_", checksumBody(7)) + "a", "ghp-" + githubFor("", checksumBody(9))} {
		if githubChecksumValid([]byte(bad)) {
			t.Errorf("malformed token of length %d accepted", len(bad))
		}
	}
}

func TestGitHubChecksumLeadingZero(t *testing.T) {
	// find a body whose checksum needs padding, so the '0' padding path is exercised
	for seed := uint32(1); seed < 1<<20; seed++ {
		body := checksumBody(seed)
		if crc32.ChecksumIEEE([]byte(body)) < 62*62*62*62*62 {
			tok := githubFor("gho_", body)
			if tok[34] != '0' || !githubChecksumValid([]byte(tok)) {
				t.Fatalf("seed %d: padded checksum rejected", seed)
			}
			return
		}
	}
	t.Skip("no body with a short checksum in range")
}

// routableFor builds a routable token with strconv, independently of the validator.
func routableFor(prefix, payload, version string) string {
	l := strconv.FormatInt(int64(len(payload)), 36)
	if len(l) < 2 {
		l = "0" + l
	}
	head := prefix + payload + "."
	if version != "" {
		head += version + "."
	}
	head += l
	crc := strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(head))), 36)
	return head + strings.Repeat("0", 7-len(crc)) + crc
}

func TestGitLabRoutable(t *testing.T) {
	payload := checksumBody(3) + "-_" + checksumBody(4)
	cases := []struct {
		name      string
		tok       string
		prefixLen int
		want      bool
	}{
		{"published fixture", "glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.0r03gxo7s", 6, true},
		{"unversioned", routableFor("glpat-", payload, ""), 6, true},
		{"versioned", routableFor("glpat-", payload, "01"), 6, true},
		{"runner", routableFor("glrt-t2_", payload, ""), 8, true},
		{"fixture with a changed crc", "glpat-bzox79Of-KE9FD2LjoXXF4CvyxA.0r03gxo7t", 6, false},
		{"fixture with a changed payload", "glpat-bzox79Of-KE9FD2LjoXXF4CvyxB.0r03gxo7s", 6, false},
		{"wrong length field", "glpat-" + payload + ".0a" + routableFor("", payload, "")[len(payload)+3:], 6, false},
		{"payload too short", routableFor("glpat-", payload[:26], ""), 6, false},
		{"no dot", strings.Replace(routableFor("glpat-", payload, ""), ".", "x", 1), 6, false},
		{"upper-case crc", upperTail(routableFor("glpat-", payload, ""), 7), 6, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := gitlabRoutableValid([]byte(c.tok), c.prefixLen); got != c.want {
				t.Errorf("got %v, want %v (token length %d)", got, c.want, len(c.tok))
			}
		})
	}
}

// upperTail returns s with its last n bytes in upper case.
func upperTail(s string, n int) string { return s[:len(s)-n] + strings.ToUpper(s[len(s)-n:]) }

func TestBase36Value(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"0r", 27}, {"0z", 35}, {"10", 36}, {"zz", 1295}, {"0A", -1}, {"-1", -1}} {
		if got := base36Value([]byte(c.in)); got != c.want {
			t.Errorf("base36Value(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// credentialRules are the rules of the cloud, vcs, llm and payment families.
func credentialRules() []Rule {
	var rs []Rule
	for _, f := range []func() []Rule{cloud, vcs, llm, payment} {
		rs = append(rs, f()...)
	}
	return rs
}

// runAtKeywords calls every rule's Match at every occurrence of its keywords in text
// (ASCII case folded, as the prefilter does) and checks the span it returns.
func runAtKeywords(t *testing.T, rs []Rule, text []byte) {
	low := make([]byte, len(text))
	for i, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	for _, r := range rs {
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			for i := 0; i+len(k) <= len(low); i++ {
				if string(low[i:i+len(k)]) != k {
					continue
				}
				s, e, ok := r.Match(text, i, i+len(k))
				if !ok {
					continue
				}
				if s < 0 || e > len(text) || s >= e || s > i+len(k)+1024 || e < i-1024 {
					t.Fatalf("%s at %d: span [%d,%d) out of bounds or far from its keyword (text %d bytes)", r.ID, i, s, e, len(text))
				}
			}
		}
	}
}

// credentialSeeds are keyword-bearing inputs: every keyword followed by a base64-ish run,
// cut short and at full length.
func credentialSeeds(rs []Rule) []string {
	tail := checksumBody(11) + "+/_-.~=" + checksumBody(12) + checksumBody(13) + checksumBody(14)
	var seeds []string
	for _, r := range rs {
		for _, k := range r.Keywords {
			seeds = append(seeds, k+tail, "x="+k+tail[:20], tail[:40]+" "+k)
		}
	}
	return seeds
}

func FuzzCredentialRules(f *testing.F) {
	rs := credentialRules()
	for _, s := range credentialSeeds(rs) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		runAtKeywords(t, rs, []byte(s))
	})
}

// TestCredentialMatchersNoAlloc checks the hot-path contract: a Match call allocates nothing,
// whether it finds something or not.
func TestCredentialMatchersNoAlloc(t *testing.T) {
	rs := credentialRules()
	seeds := credentialSeeds(rs)
	for _, r := range rs {
		for _, k := range r.Keywords {
			for _, s := range seeds {
				text := []byte(s)
				i := strings.Index(s, k)
				if i < 0 {
					continue
				}
				if n := testing.AllocsPerRun(5, func() { r.Match(text, i, i+len(k)) }); n != 0 {
					t.Fatalf("%s: %v allocations per Match", r.ID, n)
				}
			}
		}
	}
}
