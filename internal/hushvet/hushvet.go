// Package hushvet is a go/analysis analyzer that finds logging which bypasses privlog.
//
// In packages that opt in — with a //hush:compliant comment above the package clause of any of
// their files, or for every package with the -compliant flag — it reports, outside _test.go
// and generated files:
//
//   - fmt.Print, fmt.Printf, fmt.Println, and fmt.Fprint* to os.Stdout or os.Stderr;
//   - the builtins print and println;
//   - every package-level function of the standard log package;
//   - the package-level slog logging functions (slog.Info, slog.Log, …), which write through
//     the default logger rather than a logger the code was given;
//   - slog.New and slog.NewLogLogger on a handler that was not built by privlog (for slog.New,
//     with a suggested fix that wraps the handler with privlog.NewHandler when the file
//     imports privlog).
//
// In every package it reports privlog.PublicAttr given a value whose static type implements
// error or whose key or expression has a sensitive name (password, token, secret, key, …),
// with a suggested fix that makes the attribute private (slog.Any) when the file imports slog.
package hushvet

import (
	"flag"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Directive is the comment that opts a package in.
const Directive = "//hush:compliant"

// PrivlogPath is the import path of package privlog.
const PrivlogPath = "github.com/hushlog/hush/privlog"

// Config holds the analyzer's flags.
type Config struct {
	// All (flag -compliant) treats every package as if it carried the directive.
	All bool
}

// New returns the hushvet analyzer. Each call returns an independent analyzer with its own
// flags (-compliant).
func New() *analysis.Analyzer {
	cfg := &Config{}
	fs := flag.NewFlagSet("hushvet", flag.ContinueOnError)
	fs.BoolVar(&cfg.All, "compliant", false, "check every package, not only those marked "+Directive)
	return &analysis.Analyzer{
		Name:     "hushvet",
		Doc:      "report logging that bypasses privlog and public attributes that hold errors or secrets",
		URL:      "https://github.com/hushlog/hush/tree/main/cmd/hushvet",
		Flags:    *fs,
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

// slogLoggingFuncs are slog's package-level logging functions.
var slogLoggingFuncs = map[string]bool{
	"Debug": true, "Info": true, "Warn": true, "Error": true, "Log": true, "LogAttrs": true,
	"DebugContext": true, "InfoContext": true, "WarnContext": true, "ErrorContext": true,
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	compliant := cfg.All
	for _, f := range pass.Files {
		if !compliant && hasDirective(f) {
			compliant = true
		}
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	defs := definitions(pass, ins)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		file, _ := stack[0].(*ast.File)
		obj := callee(pass.TypesInfo, call)
		if obj == nil {
			return true
		}
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == PrivlogPath && fn.Name() == "PublicAttr" {
			checkPublicAttr(pass, file, call)
		}
		if !compliant || file == nil || ast.IsGenerated(file) || isTestFile(pass, call.Pos()) {
			return true
		}
		checkBypass(pass, file, call, obj, defs)
		return true
	})
	return nil, nil
}

func hasDirective(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if c.Text == Directive || strings.HasPrefix(c.Text, Directive+" ") {
				return true
			}
		}
	}
	return false
}

func isTestFile(pass *analysis.Pass, pos token.Pos) bool {
	return strings.HasSuffix(pass.Fset.File(pos).Name(), "_test.go")
}

// callee returns the function or builtin a call calls, or nil.
func callee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[fun]; ok {
			return sel.Obj()
		}
		return info.Uses[fun.Sel]
	}
	return nil
}

func checkBypass(pass *analysis.Pass, file *ast.File, call *ast.CallExpr, obj types.Object, defs map[types.Object]ast.Expr) {
	if b, ok := obj.(*types.Builtin); ok {
		if b.Name() == "print" || b.Name() == "println" {
			pass.Reportf(call.Pos(), "builtin %s writes to stderr, bypassing privlog", b.Name())
		}
		return
	}
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "fmt":
		switch name {
		case "Print", "Printf", "Println":
			pass.Reportf(call.Pos(), "fmt.%s writes to stdout, bypassing privlog", name)
		case "Fprint", "Fprintf", "Fprintln":
			if len(call.Args) > 0 {
				if std := stdStream(pass.TypesInfo, call.Args[0]); std != "" {
					pass.Reportf(call.Pos(), "fmt.%s to os.%s bypasses privlog", name, std)
				}
			}
		}
	case "log":
		pass.Reportf(call.Pos(), "log.%s: the standard log package bypasses privlog; use a privlog logger (privlog.NewLogLogger bridges *log.Logger)", name)
	case "log/slog":
		switch {
		case slogLoggingFuncs[name]:
			pass.Reportf(call.Pos(), "slog.%s logs through the default logger; log through a *slog.Logger built on privlog", name)
		case name == "New" || name == "NewLogLogger":
			if len(call.Args) > 0 && !builtByPrivlog(pass.TypesInfo, call.Args[0], defs, 0) {
				reportUnwrapped(pass, file, call.Args[0], name)
			}
		}
	}
}

// reportUnwrapped reports a handler given to slog.New or slog.NewLogLogger that privlog did not
// build. When the file imports privlog, the suggested fix wraps it with privlog.NewHandler and
// default options; slog.NewLogLogger needs a *privlog.Handler, so it gets no fix.
func reportUnwrapped(pass *analysis.Pass, file *ast.File, h ast.Expr, fn string) {
	d := analysis.Diagnostic{
		Pos:     h.Pos(),
		End:     h.End(),
		Message: "slog." + fn + " on a handler not built by privlog; wrap it with privlog.NewHandler",
	}
	if p := importName(file, PrivlogPath); p != "" && fn == "New" {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message: "wrap the handler with privlog.NewHandler",
			TextEdits: []analysis.TextEdit{
				{Pos: h.Pos(), End: h.Pos(), NewText: []byte(p + ".NewHandler(")},
				{Pos: h.End(), End: h.End(), NewText: []byte(", " + p + ".Options{})")},
			},
		}}
	}
	pass.Report(d)
}

// stdStream returns "Stdout" or "Stderr" when e is os.Stdout or os.Stderr.
func stdStream(info *types.Info, e ast.Expr) string {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != "os" {
		return ""
	}
	if v.Name() == "Stdout" || v.Name() == "Stderr" {
		return v.Name()
	}
	return ""
}

// definitions maps each variable defined once, with a single value, to that value, so that
// builtByPrivlog can follow h := privlog.NewHandler(…); slog.New(h).
func definitions(pass *analysis.Pass, ins *inspector.Inspector) map[types.Object]ast.Expr {
	defs := map[types.Object]ast.Expr{}
	assigned := map[types.Object]int{}
	note := func(id *ast.Ident, rhs ast.Expr) {
		obj := pass.TypesInfo.ObjectOf(id)
		if obj == nil {
			return
		}
		assigned[obj]++
		defs[obj] = rhs
	}
	ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					note(id, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return
			}
			for i, id := range n.Names {
				note(id, n.Values[i])
			}
		}
	})
	for obj, n := range assigned {
		if n > 1 {
			delete(defs, obj)
		}
	}
	return defs
}

// builtByPrivlog reports whether e is a handler made by privlog: a call of a privlog function,
// a value of a privlog type, a WithAttrs/WithGroup of such a handler, or a variable defined
// once as one of these.
func builtByPrivlog(info *types.Info, e ast.Expr, defs map[types.Object]ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	e = ast.Unparen(e)
	if t := info.TypeOf(e); t != nil && fromPrivlog(t) {
		return true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		obj := callee(info, e)
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == PrivlogPath {
			return true
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && (fn.Name() == "WithAttrs" || fn.Name() == "WithGroup") {
			return builtByPrivlog(info, sel.X, defs, depth+1)
		}
	case *ast.Ident:
		if rhs, ok := defs[info.ObjectOf(e)]; ok {
			return builtByPrivlog(info, rhs, defs, depth+1)
		}
	}
	return false
}

func fromPrivlog(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == PrivlogPath
}

// sensitiveWords are the parts of a name that make it sensitive.
var sensitiveWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "passphrase": true, "token": true,
	"secret": true, "key": true, "apikey": true, "credential": true, "credentials": true,
	"cookie": true, "authorization": true, "auth": true, "bearer": true, "pin": true, "ssn": true,
}

// sensitiveName reports whether a name's words (split at case changes, '_', '-', '.', ' ')
// include a sensitive word, or the lower-cased name contains an unambiguous one (password,
// secret, apikey…). "token" and "key" count only as whole words: tokenizer and keyboard are
// fine.
func sensitiveName(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range []string{"password", "passwd", "secret", "apikey", "credential", "privatekey"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	words := splitWords(name)
	for i, w := range words {
		if !sensitiveWords[w] {
			continue
		}
		if w == "token" && i+1 < len(words) && tokenMetric[words[i+1]] {
			continue // token_count, tokenLimit: model usage figures, not credentials
		}
		return true
	}
	return false
}

// tokenMetric are words that, after "token", make it a model usage figure.
var tokenMetric = map[string]bool{"count": true, "counts": true, "usage": true, "limit": true, "budget": true}

func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// exprName is the name an expression shows: an identifier, a selector's field, a called
// function's name.
func exprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.CallExpr:
		return exprName(e.Fun)
	case *ast.StarExpr:
		return exprName(e.X)
	case *ast.UnaryExpr:
		return exprName(e.X)
	case *ast.IndexExpr:
		return exprName(e.X)
	}
	return ""
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func checkPublicAttr(pass *analysis.Pass, file *ast.File, call *ast.CallExpr) {
	if len(call.Args) != 2 {
		return
	}
	key, val := call.Args[0], call.Args[1]
	var why string
	if t := pass.TypesInfo.TypeOf(val); t != nil && types.Implements(t, errorType) {
		why = "an error (its message may hold private data; use privlog.Error)"
	} else if tv, ok := pass.TypesInfo.Types[key]; ok && tv.Value != nil && tv.Value.Kind() == constant.String &&
		sensitiveName(constant.StringVal(tv.Value)) {
		why = "a value under a sensitive key"
	} else if n := exprName(val); n != "" && sensitiveName(n) {
		why = "a value with a sensitive name"
	}
	if why == "" {
		return
	}
	d := analysis.Diagnostic{
		Pos:     call.Pos(),
		End:     call.End(),
		Message: "privlog.PublicAttr given " + why + "; it would be logged unredacted",
	}
	if slogName := importName(file, "log/slog"); slogName != "" {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "log it as a private attribute",
			TextEdits: []analysis.TextEdit{{Pos: call.Fun.Pos(), End: call.Fun.End(), NewText: []byte(slogName + ".Any")}},
		}}
	}
	pass.Report(d)
}

// importName returns the name under which file imports path, or "".
func importName(file *ast.File, path string) string {
	if file == nil {
		return ""
	}
	for _, imp := range file.Imports {
		if imp.Path.Value != `"`+path+`"` {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				return ""
			}
			return imp.Name.Name
		}
		return path[strings.LastIndex(path, "/")+1:]
	}
	return ""
}
