package rules_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// piiProseWords is the vocabulary of the generated prose: common English words, a few
// capitalised place and product names, numbers and punctuation as real prose has them.
var piiProseWords = strings.Fields(`the of and to a in is it you that he was for on are with as I his
they be at one have this from or had by hot word but what some we can out other were all there
when up use your how said an each she which do their time if will way about many then them write
would like so these her long make thing see him two has look more day could go come did number
sound no most people my over know water than call first who may down side been now find any new
work part take get place made live where after back little only round man year came show every
good me give our under name very through just form sentence great think say help low line differ
turn cause much mean before move right boy old too same tell does set three want air well also
play small end put home read hand port large spell add even land here must big high such follow
act why ask men change went light kind off need house picture try us again animal point mother
world near build self earth father head stand own page should country found answer school grow
study still learn plant cover food sun four between state keep eye never last let thought city
tree cross farm hard start might story saw far sea draw left late run don't while press close
night real life few north open seem together next white children begin got walk example ease
paper group always music those both mark often letter until mile river car feet care second book
carry took science eat room friend began idea fish mountain stop once base hear horse cut sure
watch color face wood main enough plain girl usual young ready above ever red list though feel
talk bird soon body dog family direct pose leave song measure door product black short numeral
class wind question happen complete ship area half rock order fire south problem piece told knew
pass since top whole king space heard best hour better true during hundred five remember step
early hold west ground interest reach fast verb sing listen six table travel less morning ten
simple several vowel toward war lay against pattern slow center love person money serve appear
road map rain rule govern pull cold notice voice unit power town fine certain fly fall lead cry
dark machine note wait plan figure star box noun field rest correct able pound done beauty drive
stood contain front teach week final gave green oh quick develop ocean warm free minute strong
special mind behind clear tail produce fact street inch multiply nothing course stay wheel full
force blue object decide surface deep moon island foot system busy test record boat common gold
possible plane stead dry wonder laugh thousand ago ran check game shape equate miss brought heat
snow tire bring yes distant fill east paint language among London Europe Monday Tuesday Google
Kubernetes Python GPT-4 Claude API JSON HTTP 2019 2024 3 12 45 100 1,200 v2 e.g. i.e. Dr. Mr.`)

// piiProse returns n bytes of deterministic English prose.
func piiProse(n int) []byte {
	r := rand.New(rand.NewPCG(7, 11))
	var b strings.Builder
	for b.Len() < n {
		words := 6 + r.IntN(14)
		for w := 0; w < words; w++ {
			word := piiProseWords[r.IntN(len(piiProseWords))]
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(word)
			if w < words-1 && r.IntN(12) == 0 {
				b.WriteByte(',')
			}
		}
		switch r.IntN(10) {
		case 0:
			b.WriteString("? ")
		case 1:
			b.WriteString(".\n\n")
		default:
			b.WriteString(". ")
		}
	}
	return []byte(b.String()[:n])
}

// e164Prefix finds numbers dialled with the "00" international prefix.
var e164Prefix = regexp.MustCompile(`(^|[^0-9])00[1-9]`)

func withoutPII() []rules.Rule {
	var rs []rules.Rule
	for _, r := range rules.Builtin() {
		if r.Category != rules.PII {
			rs = append(rs, r)
		}
	}
	return rs
}

// BenchmarkPIIProse measures the engine on 256 KB of clean English prose with all built-in
// rules and with the personal-data rules left out, so the cost of the PII rules shows as the
// difference between the two.
func BenchmarkPIIProse(b *testing.B) {
	text := piiProse(256 << 10)
	for _, c := range []struct {
		name  string
		rules []rules.Rule
	}{{"all", nil}, {"secrets-only", withoutPII()}} {
		e, err := redact.New(redact.Config{Rules: c.rules})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var dst []redact.Finding
			for b.Loop() {
				dst = e.Find(dst[:0], text)
			}
		})
	}
}

// TestPIIProseClean checks that the personal-data rules find nothing in generated prose and
// allocate nothing there.
func TestPIIProseClean(t *testing.T) {
	var pii []rules.Rule
	for _, r := range rules.Builtin() {
		if r.Category == rules.PII {
			pii = append(pii, r)
		}
	}
	e, err := redact.New(redact.Config{Rules: pii})
	if err != nil {
		t.Fatal(err)
	}
	text := piiProse(64 << 10)
	if fs := e.Find(nil, text); len(fs) != 0 {
		for i, f := range fs {
			if i < 10 {
				t.Errorf("finding %s %s at [%d,%d)", f.Rule, f.Type, f.Start, f.End)
			}
		}
		t.Fatalf("%d findings in clean prose", len(fs))
	}
	if allocs := testing.AllocsPerRun(5, func() { e.Find(nil, text) }); allocs != 0 {
		t.Fatalf("Find allocated %v times on clean prose", allocs)
	}
}

// TestPIIFindNoAlloc checks that the personal-data matchers allocate nothing when they find
// something: only international numbers ("+…", "00…"), which go through the numbering plan
// library, may allocate, and this text has none.
func TestPIIFindNoAlloc(t *testing.T) {
	e, err := redact.New(redact.Config{Rules: piiRules()})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range piiSeeds() {
		if !strings.Contains(s, "+") && !e164Prefix.MatchString(s) {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	text := []byte(b.String())
	dst := e.Find(nil, text)
	if len(dst) == 0 {
		t.Fatal("no findings in the examples")
	}
	if allocs := testing.AllocsPerRun(5, func() { dst = e.Find(dst[:0], text) }); allocs != 0 {
		t.Fatalf("Find allocated %v times with a large enough findings slice", allocs)
	}
}
