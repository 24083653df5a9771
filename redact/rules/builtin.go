package rules

// Builtin returns hush's built-in rules, freshly allocated, in a stable order: secrets first,
// then personal data. Callers may filter or extend the slice.
func Builtin() []Rule {
	families := []func() []Rule{
		cloud,
		vcs,
		llm,
		payment,
		messaging,
		infra,
		generic,
		contact,
		finance,
		national,
		network,
		person,
	}
	var rs []Rule
	for _, f := range families {
		rs = append(rs, f()...)
	}
	return rs
}
