package synth

import (
	"crypto/sha256"
	"math/big"
	"strings"
	"testing"
)

func TestVerhoeff(t *testing.T) {
	tests := []struct {
		digits string
		check  byte
	}{
		{"236", '3'},
		{"12345", '1'},
		{"142857", '0'},
	}
	for _, tc := range tests {
		if got := Verhoeff(tc.digits); got != tc.check {
			t.Errorf("Verhoeff(%s) = %c, want %c", tc.digits, got, tc.check)
		}
		if !VerhoeffValid(tc.digits + string(tc.check)) {
			t.Errorf("VerhoeffValid(%s%c) = false", tc.digits, tc.check)
		}
		if VerhoeffValid(tc.digits + string('0'+(tc.check-'0'+1)%10)) {
			t.Errorf("VerhoeffValid accepts a wrong check digit for %s", tc.digits)
		}
	}
	g := New(7)
	for range 200 {
		a := strings.ReplaceAll(g.Aadhaar(), " ", "")
		if len(a) != 12 || a[0] < '2' || !VerhoeffValid(a) {
			t.Fatalf("Aadhaar: invalid number (length %d)", len(a))
		}
	}
}

func TestChecksummedIDs(t *testing.T) {
	g := New(9)
	for range 200 {
		for _, c := range []string{"GB", "NL", "ES", "FR", "DE"} {
			if iban := g.IBANOf(c); !ibanOK(iban) || iban[:2] != c {
				t.Fatalf("IBANOf(%s): mod-97 check fails", c)
			}
		}
		r := g.ABARouting()
		w := []int{3, 7, 1, 3, 7, 1, 3, 7, 1}
		s := 0
		for i := range 9 {
			s += int(r[i]-'0') * w[i]
		}
		if len(r) != 9 || s%10 != 0 {
			t.Fatalf("ABARouting: checksum fails")
		}
		if !btcOK(g.BitcoinAddress()) {
			t.Fatalf("BitcoinAddress: base58check fails")
		}
	}
}

func btcOK(addr string) bool {
	n := new(big.Int)
	for _, c := range addr {
		i := strings.IndexRune(base58, c)
		if i < 0 {
			return false
		}
		n.Mul(n, big.NewInt(58)).Add(n, big.NewInt(int64(i)))
	}
	b := n.Bytes()
	lead := len(addr) - len(strings.TrimLeft(addr, "1"))
	b = append(make([]byte, lead), b...)
	if len(b) != 25 {
		return false
	}
	h1 := sha256.Sum256(b[:21])
	h2 := sha256.Sum256(h1[:])
	return string(h2[:4]) == string(b[21:])
}

func TestShapes(t *testing.T) {
	g := New(11)
	tests := []struct {
		name   string
		make   func() string
		prefix string
		length int
	}{
		{"fine-grained", g.GitHubFineGrained, "github_pat_", 93},
		{"hf", g.HuggingFaceToken, "hf_", 37},
		{"sendgrid", g.SendGridKey, "SG.", 69},
		{"digitalocean", g.DigitalOceanToken, "dop_v1_", 71},
		{"azure", g.AzureStorageKey, "", 88},
		{"uuid", g.UUID, "", 36},
		{"nino", g.UKNINO, "", 13},
		{"pan", g.PAN, "", 10},
		{"mac", g.MAC, "", 17},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.make()
			if !strings.HasPrefix(v, tc.prefix) || len(v) != tc.length {
				t.Errorf("got prefix ok=%v length %d, want prefix %q length %d", strings.HasPrefix(v, tc.prefix), len(v), tc.prefix, tc.length)
			}
		})
	}
}
