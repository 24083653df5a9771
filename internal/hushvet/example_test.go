package hushvet_test

import (
	"fmt"

	"github.com/hushlog/hush/internal/hushvet"
)

func ExampleNew() {
	a := hushvet.New()
	fmt.Println(a.Name, a.Flags.Lookup("compliant").DefValue)
	// Output:
	// hushvet false
}
