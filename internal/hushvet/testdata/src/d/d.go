// Package d carries no directive; the -compliant flag checks it anyway.
package d

import "fmt"

func f() {
	fmt.Print("x") // want `fmt.Print writes to stdout`
}
