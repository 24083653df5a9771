package rules

import (
	"math"
	"math/rand/v2"

	"bytes"
	"encoding/hex"
	"github.com/nyaruka/phonenumbers"
	"testing"
)

func TestPIIChecksums(t *testing.T) {
	cases := []struct {
		name string
		f    func([]byte) bool
		ok   []string
		bad  []string
	}{
		{"luhn", piiLuhn, []string{"4526018159083012", "378194821993511", "0"}, []string{"4526018159083013", "378194821993512", ""}},
		{"mod97", piiMod97, []string{"DE14370400441234567890", "GB29NWBK60161331926819", "FR1420041010050500013M02606"}, []string{"DE14370400441234567891", "GB29NWBK6016133192681", "GB2"}},
		{"verhoeff", piiVerhoeff, []string{"370342366710", "476842684653", "2363"}, []string{"370342366711", "476842684635", ""}},
		{"aba", piiAbaChecksum, []string{"304352056", "213878375"}, []string{"304352057", "30435205"}},
		{"bech32", piiBech32Valid, []string{
			"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
			"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
			"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		}, []string{
			"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
			"bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
			"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", // v1 with a bech32 (not bech32m) checksum
			"bc1",
		}},
		{"eip55", piiEip55Valid, []string{
			"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
			"fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
			"dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
			"D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
		}, []string{
			"5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
			"5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
			"5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
		}},
	}
	for _, c := range cases {
		for i, s := range c.ok {
			if !c.f([]byte(s)) {
				t.Errorf("%s: valid case %d rejected", c.name, i)
			}
		}
		for i, s := range c.bad {
			if c.f([]byte(s)) {
				t.Errorf("%s: invalid case %d accepted", c.name, i)
			}
		}
	}
}

func TestPIIBase58Check(t *testing.T) {
	for i, c := range []struct {
		s       string
		version byte
		ok      bool
	}{
		{"1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW5", 0, true},
		{"3P19uoCjU7TWheNd3LMYv9oviV2S8kXXRd", 5, true},
		{"1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW6", 0, false},
		{"11JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW5", 0, false},
		{"1JjDowfBmDu3Rdz873NsXM9RfUcJ3pnjW0", 0, false},
	} {
		v, ok := piiBase58Check([]byte(c.s))
		if ok != c.ok || (ok && v != c.version) {
			t.Errorf("case %d: got version %d ok %v, want %d %v", i, v, ok, c.version, c.ok)
		}
	}
}

func TestPIIKeccak256(t *testing.T) {
	// Keccak-256 of the empty string and of "abc" (original padding, as Ethereum uses it).
	for _, c := range []struct{ in, want string }{
		{"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
		{"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
	} {
		got := piiKeccak256([]byte(c.in))
		if hex.EncodeToString(got[:]) != c.want {
			t.Errorf("keccak256 of a %d-byte input: wrong digest", len(c.in))
		}
	}
}

func TestPIIParseDate(t *testing.T) {
	for i, c := range []struct {
		s  string
		ok bool
	}{
		{"1984-04-27", true}, {"2/8/1935", true}, {"17.05.1990", true}, {"6/24/1991", true},
		{"12 March 1985", true}, {"12th of March, 1985", true}, {"March 3, 1985", true},
		{"Sept 9 2001", true}, {"2/30/1935", false}, {"1984-13-01", false}, {"12 Marchy 1985", false},
		{"1984-04-27-1", false}, {"3 May", false}, {"1800-01-01", false},
	} {
		end, ok := piiParseDate([]byte(c.s), 0)
		if ok != c.ok || (ok && end != len(c.s)) {
			t.Errorf("case %d: got end %d ok %v, want ok %v", i, end, ok, c.ok)
		}
	}
}

// TestPIIListsSorted checks that the word lists searched by halves are sorted and lower case.
func TestPIIListsSorted(t *testing.T) {
	for name, l := range map[string][]string{
		"piiFirstNames": piiFirstNames, "piiStreetSuffixes": piiStreetSuffixes,
		"piiStreetPrefixes": piiStreetPrefixes, "piiLowerStreetTypes": piiLowerStreetTypes, "piiCalendarWords": piiCalendarWords, "piiLowerStreetPrefixes": piiLowerStreetPrefixes, "piiNameParticles": piiNameParticles,
		"piiUnitWords": piiUnitWords, "piiNotNames": piiNotNames, "piiNameKeys": piiNameKeys, "piiWeakIntro": piiWeakIntro, "piiNamingIntro": piiNamingIntro, "piiOrgWords": piiOrgWords, "piiDOBFillers": piiDOBFillers,
		"piiABALabel": piiABALabel, "piiSSNLabel": piiSSNLabel, "piiLicenseLabel": piiLicenseLabel,
	} {
		for i, w := range l {
			if !bytes.Equal(bytes.ToLower([]byte(w)), []byte(w)) {
				t.Errorf("%s[%d] is not lower case", name, i)
			}
			if i > 0 && l[i-1] >= w {
				t.Errorf("%s[%d] is out of order or repeated", name, i)
			}
			if !piiInList([]byte(w), l) {
				t.Errorf("%s[%d] is not found by piiInList", name, i)
			}
		}
	}
}

// TestPhoneLengthTable checks the length-table shortcut of piiPossibleE164 against the full
// libphonenumber parse on random international numbers of every length and calling code
// prefix: both must agree on every number.
func TestPhoneLengthTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	fast := 0
	for i := range 200000 {
		var p piiPhone
		p.plus = true
		n := 8 + i%8
		for j := range n {
			p.digits[j] = byte('0' + rng.IntN(10))
		}
		if rng.IntN(4) == 0 { // a national trunk prefix after a 2-digit code
			p.digits[2] = '0'
		}
		p.nd = n
		d := p.digits[:n]
		want := false
		if d[0] != '0' {
			if num, err := phonenumbers.Parse("+"+string(d), ""); err == nil {
				want = phonenumbers.IsPossibleNumber(num)
			}
		}
		if got := piiPossibleE164(&p); got != want {
			t.Fatalf("number %d (%d digits, calling code prefix %s): table says %v, parse says %v", i, n, d[:3], got, want)
		}
		if want {
			fast++
		}
	}
	if fast == 0 {
		t.Fatal("no possible number generated")
	}
}

// TestEntropyTable compares the table form of Entropy with the definition on random inputs
// of every length up to 600 and on the edge shapes (one symbol, all distinct, powers of two).
func TestEntropyTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		n := 1 + i%600
		alpha := 1 + rng.IntN(256)
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(rng.IntN(alpha))
		}
		if got, want := Entropy(b), entropyLong(b); math.Abs(got-want) > 1e-9 {
			t.Fatalf("length %d, alphabet %d: %v, by definition %v", n, alpha, got, want)
		}
	}
	for _, b := range [][]byte{[]byte("aaaa"), []byte("abcdefgh"), []byte("aabbccddeeffgghh"), []byte("x")} {
		if got, want := Entropy(b), entropyLong(b); got != want {
			t.Fatalf("%d bytes: %v, by definition %v (exact shapes must stay exact)", len(b), got, want)
		}
	}
}
