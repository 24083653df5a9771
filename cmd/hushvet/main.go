// Command hushvet reports logging that bypasses privlog, and public attributes that hold
// errors or secrets. It runs on its own (hushvet ./...) or under go vet:
//
//	go vet -vettool=$(which hushvet) ./...
//
// Packages opt in with a //hush:compliant comment above their package clause; -compliant checks
// every package. See package internal/hushvet for the rules.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/hushlog/hush/internal/hushvet"
)

func main() { singlechecker.Main(hushvet.New()) }
