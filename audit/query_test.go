package audit

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestQuery(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096 })
	mustWrite(t, s, items(0, 3000, minutes)) // 3 blocks of index rows, many segments
	mustClose(t, s)
	for _, tc := range []struct {
		name string
		q    QueryOptions
		want func(i int) bool
	}{
		{"all", QueryOptions{}, func(int) bool { return true }},
		{"time range", QueryOptions{Since: minutes(1000), Until: minutes(2100)}, func(i int) bool { return i >= 1000 && i <= 2100 }},
		{"model", QueryOptions{Model: "model-2"}, func(i int) bool { return i%3 == 2 }},
		{"user and time", QueryOptions{User: "u4", Since: minutes(2990)}, func(i int) bool { return i%5 == 4 && i >= 2990 }},
		{"finding type", QueryOptions{Type: "AWS_ACCESS_KEY"}, func(i int) bool { return i%4 == 2 }},
		{"finding type in several sets", QueryOptions{Type: "EMAIL_ADDRESS", Until: minutes(99)}, func(i int) bool { return i < 100 && (i%4 == 1 || i%4 == 2) }},
		{"unknown model", QueryOptions{Model: "nope"}, func(int) bool { return false }},
		{"limit", QueryOptions{Limit: 7}, func(i int) bool { return i < 7 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Query(e.dir, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []int64
			for _, r := range res {
				got = append(got, r.Index)
				if string(r.Data) != string(record(int(r.Index), minutes(int(r.Index)))) {
					t.Fatalf("record %d data differs", r.Index)
				}
			}
			for i := range 3000 {
				if tc.want(i) {
					want = append(want, int64(i))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got %d results, want %d", len(got), len(want))
			}
		})
	}
}

func TestRebuildIndex(t *testing.T) {
	e := newEnv(t)
	cfg := func(c *Config) { c.SegmentMaxBytes = 4096; c.Retention = Retention{MaxDays: 30} }
	s := e.open(t, cfg)
	writeDays(t, e, s, 0, 60, 4)
	mustClose(t, s)
	before, err := Query(e.dir, QueryOptions{})
	if err != nil || len(before) == 0 || before[0].Index == 0 {
		t.Fatalf("expected a purged log: %d results, %v", len(before), err)
	}
	s = e.open(t, cfg)
	if err := RebuildIndex(e.dir, "w1"); err == nil {
		t.Fatal("RebuildIndex ran while the store was open")
	}
	mustClose(t, s)

	check := func(what string) {
		t.Helper()
		after, err := Query(e.dir, QueryOptions{})
		if err != nil || len(after) != len(before) {
			t.Fatalf("%s: %d results, want %d (%v)", what, len(after), len(before), err)
		}
		for k := range after {
			if after[k].Index != before[k].Index || !after[k].Time.Equal(before[k].Time) || after[k].Model != before[k].Model {
				t.Fatalf("%s: result %d = %+v, want %+v", what, k, after[k], before[k])
			}
		}
	}
	if err := RebuildIndex(e.dir, "w1"); err != nil {
		t.Fatal(err)
	}
	check("rebuilt")
	// A lost index is rebuilt by Open.
	os.RemoveAll(filepath.Join(e.logDir(), indexDir))
	e.clock.t = e.clock.t.Add(time.Minute)
	s = e.open(t, cfg)
	mustClose(t, s)
	check("reopened")
}
