package eval_test

import (
	"fmt"
	"strings"

	"github.com/hushlog/hush/eval"
)

// Score a hand-made prediction against a presidio-format sample: the e-mail is found
// exactly, the person only in part (which overlap matching counts and the leak rate shows).
func ExampleScore() {
	ds, err := eval.ReadPresidio(strings.NewReader(`[{"full_text": "Zoë Müller <zoe@example.com> works at Acme",
		"spans": [{"entity_type": "PERSON", "start_position": 0, "end_position": 10},
		          {"entity_type": "EMAIL_ADDRESS", "start_position": 12, "end_position": 27},
		          {"entity_type": "ORGANIZATION", "start_position": 38, "end_position": 42}]}]`), "example", eval.PresidioMapping())
	if err != nil {
		fmt.Println(err)
		return
	}
	preds := [][]eval.Prediction{{
		{Start: 0, End: 4, Type: "PERSON"},          // "Zoë": 4 bytes of 12
		{Start: 14, End: 29, Type: "EMAIL_ADDRESS"}, // byte offsets of the e-mail
	}}
	per, overall, _ := eval.Score(ds, preds)
	for _, t := range []string{"EMAIL_ADDRESS", "PERSON"} {
		r := per[t]
		fmt.Printf("%s: recall %.2f, exact recall %.2f, leak %.0f%%\n", t, r.Overlap.Recall, r.Exact.Recall, 100*r.LeakRate)
	}
	fmt.Printf("unsupported labels: %v\n", eval.UnsupportedCounts(ds))
	fmt.Printf("keep rate %.2f\n", overall.KeepRate)
	// Output:
	// EMAIL_ADDRESS: recall 1.00, exact recall 1.00, leak 0%
	// PERSON: recall 1.00, exact recall 0.00, leak 70%
	// unsupported labels: map[ORGANIZATION:1]
	// keep rate 1.00
}
