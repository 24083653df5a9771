package audit

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

const day = 24 * time.Hour

// writeDays writes perDay records for each day in [from, to), dated that day, with the clock
// following along.
func writeDays(t *testing.T, e *testEnv, s *Store, from, to, perDay int) {
	t.Helper()
	for d := from; d < to; d++ {
		e.clock.t = t0.Add(time.Duration(d) * day)
		var its []pipeline.Item
		for k := range perDay {
			i := d*perDay + k
			its = append(its, pipeline.Item{ID: "", Data: record(i, e.clock.t.Add(time.Duration(k)*time.Minute))})
		}
		mustWrite(t, s, its)
	}
}

func TestRetention(t *testing.T) {
	for _, tc := range []struct {
		name             string
		ret              Retention
		days             int // days of records written, one clock day apart
		wantPurge        bool
		youngestPurgeAge time.Duration // purged records must all be older than this
	}{
		{name: "max days purges old segments", ret: Retention{MinDays: 30, MaxDays: 90}, days: 200, wantPurge: true, youngestPurgeAge: 90 * day},
		{name: "min days equal to max days", ret: Retention{MinDays: 150, MaxDays: 150}, days: 200, wantPurge: true, youngestPurgeAge: 150 * day},
		{name: "nothing old enough", ret: Retention{MinDays: 30, MaxDays: 365}, days: 200, wantPurge: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096; c.Retention = tc.ret })
			writeDays(t, e, s, 0, tc.days, 4)
			e.clock.t = t0.Add(time.Duration(tc.days) * day)
			p, err := s.Purge(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			mustClose(t, s)
			rep, err := e.verify(t)
			if err != nil {
				t.Fatalf("verify after purge: %v", err)
			}
			if !tc.wantPurge {
				if p != nil || rep.FirstRetained != 0 {
					t.Fatalf("unexpected purge %v", p)
				}
				return
			}
			if p == nil {
				t.Fatal("no purge")
			}
			// Segments rotate while the clock advances, so purges also happened during writes.
			covered := int64(0)
			for _, q := range rep.Purges {
				if age := q.At.Sub(q.To); age <= tc.youngestPurgeAge {
					t.Fatalf("purge %v removed a record aged %v, younger than %v", q, age, tc.youngestPurgeAge)
				}
				covered = max(covered, q.Last+1)
			}
			if rep.FirstRetained != covered || covered != p.Last+1 {
				t.Fatalf("first retained %d, purges cover %d, last purge %v", rep.FirstRetained, covered, p)
			}
			now := e.clock.t
			// Everything older than the limit plus one segment's span is gone.
			res, err := Query(e.dir, QueryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Index != p.Last+1 {
				t.Fatalf("first query result %d, want %d", res[0].Index, p.Last+1)
			}
			if age := now.Sub(res[0].Time); age > tc.youngestPurgeAge+10*day {
				t.Fatalf("oldest retained record is %v old", age)
			}
			if !strings.Contains(rep.Summary(), "purge explained: records ") {
				t.Fatalf("summary does not explain the purge: %s", rep.Summary())
			}
		})
	}
}

func TestRetentionRepeatedAndReopened(t *testing.T) {
	e := newEnv(t)
	cfg := func(c *Config) { c.SegmentMaxBytes = 4096; c.Retention = Retention{MinDays: 10, MaxDays: 30} }
	s := e.open(t, cfg)
	writeDays(t, e, s, 0, 60, 4)
	e.clock.t = t0.Add(60 * day)
	if p, err := s.Purge(context.Background()); err != nil || p == nil {
		t.Fatalf("first purge: %v, %v", p, err)
	}
	writeDays(t, e, s, 60, 90, 4)
	mustClose(t, s)

	// Open applies retention by itself.
	e.clock.t = t0.Add(120 * day)
	s = e.open(t, cfg)
	opened := e.clock.t
	writeDays(t, e, s, 120, 130, 4)
	mustClose(t, s)
	rep, err := e.verify(t)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Purges) < 2 {
		t.Fatalf("purges = %v", rep.Purges)
	}
	for k := 1; k < len(rep.Purges); k++ {
		if rep.Purges[k].First != rep.Purges[k-1].Last+1 {
			t.Fatalf("purges not contiguous: %v", rep.Purges)
		}
	}
	if !slices.ContainsFunc(rep.Purges, func(p *Purge) bool { return p.At.Equal(opened) }) {
		t.Fatalf("Open did not apply retention: purges %v", rep.Purges)
	}

	// Removing one more segment without a statement is caught.
	segs, _ := listSegments(e.logDir())
	os.Remove(segs[0].path)
	if _, err := e.verify(t); err == nil || !strings.Contains(err.Error(), "no purge statement explains") {
		t.Fatalf("unexplained removal: %v", err)
	}
}

func TestPurgeStatementTampering(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096; c.Retention = Retention{MaxDays: 30} })
	writeDays(t, e, s, 0, 60, 4)
	e.clock.t = t0.Add(60 * day)
	p, err := s.Purge(context.Background())
	if err != nil || p == nil {
		t.Fatalf("purge: %v, %v", p, err)
	}
	mustClose(t, s)
	// Widen the claimed range in the statement (and fix up its frame and the hash file, as an
	// attacker would): the signature no longer verifies.
	editSegment(t, e.logDir(), 0, func(d [][]byte) [][]byte {
		for k := range d {
			if isPurgeRecord(d[k]) {
				d[k] = []byte(strings.Replace(string(d[k]), "records 0 ", "records 0 9", 1))
			}
		}
		return d
	})
	rewriteHashes(t, e.logDir())
	if _, err := e.verify(t); err == nil {
		t.Fatal("altered purge statement not detected")
	}
}

// TestRetentionQuietLog: with few records a day, segments are sealed by age, so records do
// not outlive MaxDays by more than about a day.
func TestRetentionQuietLog(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.Retention = Retention{MinDays: 7, MaxDays: 30} })
	writeDays(t, e, s, 0, 100, 1)
	mustClose(t, s)
	e.clock.t = t0.Add(100 * day)
	s = e.open(t) // Open applies retention
	mustClose(t, s)
	if _, err := e.verify(t); err != nil {
		t.Fatal(err)
	}
	res, err := Query(e.dir, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if oldest := e.clock.t.Sub(res[0].Time); oldest > 31*day || oldest < 29*day {
		t.Fatalf("oldest retained record is %v old, want about 30 days", oldest)
	}
}
