package redact

import "sort"

// prefilter finds every occurrence of a set of ASCII keywords in one pass, folding ASCII case.
// It is an Aho-Corasick automaton compiled to a dense DFA over byte classes: the scan loop does
// two table loads and one comparison per input byte, allocates nothing and never backtracks.
type prefilter struct {
	classes       [256]uint8 // byte → class; class 0 is "no keyword uses this byte"
	nclass        int
	trans         []uint32 // state*nclass + class → next state*nclass (premultiplied)
	firstOut      uint32   // premultiplied states ≥ firstOut have outputs
	outIdx        []uint32 // per state (by state number - firstOutState): offsets into outs
	outs          []int32  // keyword indexes
	lens          []int32  // keyword lengths by index
	firstOutState int
	// digitOnly marks output states (by number - firstOutState) whose keywords are all single
	// digits: such a hit counts only at the first digit of a run, so next skips the rest of
	// the run without returning.
	digitOnly []bool
	maxLen    int // the longest keyword
}

func foldASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// newPrefilter compiles keywords (printable ASCII, matched case-insensitively).
func newPrefilter(keywords []string) *prefilter {
	p := &prefilter{lens: make([]int32, len(keywords))}
	// byte classes: one per distinct folded byte used by a keyword, 0 for the rest.
	var used [256]bool
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			used[foldASCII(k[i])] = true
		}
	}
	p.nclass = 1
	var classOf [256]uint8
	for c := 0; c < 256; c++ {
		if used[c] {
			classOf[c] = uint8(p.nclass)
			p.nclass++
		}
	}
	for c := 0; c < 256; c++ {
		p.classes[c] = classOf[foldASCII(byte(c))]
	}

	// trie
	type node struct {
		next map[uint8]int
		fail int
		out  []int32
	}
	nodes := []node{{next: map[uint8]int{}}}
	for ki, k := range keywords {
		p.lens[ki] = int32(len(k))
		p.maxLen = max(p.maxLen, len(k))
		s := 0
		for i := 0; i < len(k); i++ {
			c := p.classes[k[i]]
			n, ok := nodes[s].next[c]
			if !ok {
				nodes = append(nodes, node{next: map[uint8]int{}})
				n = len(nodes) - 1
				nodes[s].next[c] = n
			}
			s = n
		}
		nodes[s].out = append(nodes[s].out, int32(ki))
	}
	// failure links, breadth first; outputs inherit the failure state's outputs.
	order := []int{0}
	delta := make([][]int, len(nodes))
	for i := range delta {
		delta[i] = make([]int, p.nclass)
	}
	for q := 0; q < len(order); q++ {
		s := order[q]
		for c := 0; c < p.nclass; c++ {
			n, ok := nodes[s].next[uint8(c)]
			if !ok {
				if s == 0 {
					delta[s][c] = 0
				} else {
					delta[s][c] = delta[nodes[s].fail][c]
				}
				continue
			}
			delta[s][c] = n
			if s == 0 {
				nodes[n].fail = 0
			} else {
				nodes[n].fail = delta[nodes[s].fail][c]
			}
			nodes[n].out = append(nodes[n].out, nodes[nodes[n].fail].out...)
			order = append(order, n)
		}
	}
	// renumber: states without outputs first, so "has output" is one comparison.
	perm := make([]int, len(nodes))
	var plain, withOut []int
	for s := range nodes {
		if len(nodes[s].out) == 0 {
			plain = append(plain, s)
		} else {
			withOut = append(withOut, s)
		}
	}
	// the start state (plain: a keyword is never empty) must stay 0
	sort.Ints(plain)
	all := append(plain, withOut...)
	for newID, old := range all {
		perm[old] = newID
	}
	p.firstOutState = len(plain)
	p.firstOut = uint32(len(plain) * p.nclass)
	p.trans = make([]uint32, len(nodes)*p.nclass)
	for old := range nodes {
		for c := 0; c < p.nclass; c++ {
			p.trans[perm[old]*p.nclass+c] = uint32(perm[delta[old][c]] * p.nclass)
		}
	}
	p.outIdx = make([]uint32, len(withOut)+1)
	for i, old := range withOut {
		p.outIdx[i] = uint32(len(p.outs))
		p.outs = append(p.outs, nodes[old].out...)
	}
	p.outIdx[len(withOut)] = uint32(len(p.outs))
	p.digitOnly = make([]bool, len(withOut))
	for i, old := range withOut {
		only := true
		for _, k := range nodes[old].out {
			if kw := keywords[k]; len(kw) != 1 || kw[0] < '0' || kw[0] > '9' {
				only = false
			}
		}
		p.digitOnly[i] = only
	}
	return p
}

// next runs the automaton from state s over text[i:] and stops just after the first byte that
// completes a keyword, returning that position, the state and true; at the end of text it
// returns false. The loop holds no call, so its variables stay in registers.
func (p *prefilter) next(text []byte, i int, s uint32) (int, uint32, bool) {
	trans, classes, firstOut := p.trans, &p.classes, p.firstOut
	for ; i < len(text); i++ {
		s = trans[s+uint32(classes[text[i]])]
		if s >= firstOut && !p.inDigitRun(text, i, s) {
			return i + 1, s, true
		}
	}
	return i, s, false
}

// next2 runs two automata in lockstep, a over text[ia:] from state sa and b over text[ib:]
// from state sb, for at most n bytes each. Their table loads form two independent chains that
// the CPU overlaps (one automaton waits on the latency of its load at every byte): twice the
// bytes per second of next. It stops after the step on which either reaches a state with
// outputs, or after n steps, and returns both positions and states; the caller tells a hit
// by the state (≥ firstOut). The loop holds no call.
func (p *prefilter) next2(text []byte, ia int, sa uint32, ib int, sb uint32, n int) (int, uint32, int, uint32) {
	trans, classes, firstOut := p.trans, &p.classes, p.firstOut
	a, b := text[ia:ia+n], text[ib:ib+n]
	k := 0
	for k < len(a) && k < len(b) {
		sa = trans[sa+uint32(classes[a[k]])]
		sb = trans[sb+uint32(classes[b[k]])]
		k++
		if sa >= firstOut || sb >= firstOut {
			break
		}
	}
	return ia + k, sa, ib + k, sb
}

// isHit reports whether the automaton, in state s after reading text[end-1], has found a
// keyword (see inDigitRun).
func (p *prefilter) isHit(text []byte, end int, s uint32) bool {
	return s >= p.firstOut && !p.inDigitRun(text, end-1, s)
}

// inDigitRun reports whether output state s, reached at text[i], holds only digit keywords
// and text[i] continues a run of digits: such a hit counts only at the run's first digit.
func (p *prefilter) inDigitRun(text []byte, i int, s uint32) bool {
	return i > 0 && text[i-1] >= '0' && text[i-1] <= '9' && p.digitOnly[int(s)/p.nclass-p.firstOutState]
}

// outputs returns the keyword indexes that end in premultiplied state s (s ≥ firstOut).
func (p *prefilter) outputs(s uint32) []int32 {
	i := int(s)/p.nclass - p.firstOutState
	return p.outs[p.outIdx[i]:p.outIdx[i+1]]
}
