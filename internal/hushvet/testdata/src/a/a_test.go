package a

import "fmt"

func helperInTest() { fmt.Println("tests may print") }
