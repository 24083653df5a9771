package audit

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

// benchRecord is a realistic redacted record of about 900 bytes.
func benchRecord(i int, at time.Time) []byte {
	return fmt.Appendf(nil, `{"@timestamp":%q,"record.id":"01JD%012d","message":"POST /v1/chat/completions 200","event.duration":812345678,`+
		`"http.request.method":"POST","url.path":"/v1/chat/completions","http.response.status_code":200,"client.address":"c-%08x",`+
		`"user.id":"u-%04x","gen_ai.provider.name":"openai","gen_ai.operation.name":"chat","gen_ai.request.model":"model-%d",`+
		`"gen_ai.response.model":"model-%d-2026-01","gen_ai.usage.input_tokens":%d,"gen_ai.usage.output_tokens":%d,`+
		`"gen_ai.input.messages":[{"role":"user","content":"Summarise the ticket from [REDACTED:EMAIL_ADDRESS] about invoice %d; the customer says the card ending 4242 was charged twice and asks for a refund before the end of the month."}],`+
		`"gen_ai.output.messages":[{"role":"assistant","content":"The customer reports a duplicate charge on invoice %d and requests a refund. Suggested action: verify both transactions and refund the duplicate."}],`+
		`"hush.findings":{%s},"hush.truncated":false,"hush.capture_mode":"full","trace.id":"%032x"}`,
		at.UTC().Format(time.RFC3339Nano), i, i*7919, i%5000, i%8, i%8, 100+i%900, 20+i%300, i, i, findings(i), i)
}

func benchItems(from, n int, at func(int) time.Time) []pipeline.Item {
	its := make([]pipeline.Item, n)
	for k := range its {
		i := from + k
		its[k] = pipeline.Item{ID: fmt.Sprintf("01JD%012d", i), Data: benchRecord(i, at(i))}
	}
	return its
}

// fillLog appends n records, batches of 256, dated evenly over span, and returns the bytes
// of record data written.
func fillLog(tb testing.TB, e *testEnv, n int, span time.Duration, interval time.Duration) int64 {
	tb.Helper()
	s := e.open(tb, func(c *Config) { c.CheckpointInterval = interval; c.Now = time.Now })
	at := func(i int) time.Time { return t0.Add(time.Duration(int64(span) / int64(n) * int64(i))) }
	var data int64
	for i := 0; i < n; i += 256 {
		its := benchItems(i, min(256, n-i), at)
		for _, it := range its {
			data += int64(len(it.Data))
		}
		mustWrite(tb, s, its)
	}
	mustClose(tb, s)
	return data
}

func dirSize(tb testing.TB, dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

// BenchmarkAppend measures Write of 256-record batches (about 900 bytes each) with a
// checkpoint every second, every batch synced.
func BenchmarkAppend(b *testing.B) {
	e := newEnv(b)
	s := e.open(b, func(c *Config) { c.CheckpointInterval = time.Second; c.Now = time.Now })
	defer mustClose(b, s)
	its := benchItems(0, 256, minutes)
	b.SetBytes(int64(len(its[0].Data)) * 256)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for k := range its {
			its[k].ID = fmt.Sprintf("%d-%d", i, k)
		}
		if err := s.Write(context.Background(), its); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*256)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkVerify measures Verify of a 50,000-record log.
func BenchmarkVerify(b *testing.B) {
	e := newEnv(b)
	data := fillLog(b, e, 50_000, 30*24*time.Hour, time.Second)
	b.SetBytes(data)
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.verify(b); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueryDay measures a one-day --since/--until query in a 100,000-record log spanning
// a year (about 274 records a day).
func BenchmarkQueryDay(b *testing.B) {
	e := newEnv(b)
	fillLog(b, e, 100_000, 365*24*time.Hour, time.Second)
	since := t0.Add(180 * 24 * time.Hour)
	b.ResetTimer()
	for b.Loop() {
		res, err := Query(e.dir, QueryOptions{Since: since, Until: since.Add(24*time.Hour - 1)})
		if err != nil || len(res) < 250 {
			b.Fatal(len(res), err)
		}
	}
}

// TestMillionRecords is the 1M-record measurement: set HUSH_AUDIT_1M=1 to run it (several
// minutes and about 1.1 GB of disk).
func TestMillionRecords(t *testing.T) {
	if os.Getenv("HUSH_AUDIT_1M") == "" || testing.Short() {
		t.Skip("set HUSH_AUDIT_1M=1 to run the 1M-record measurement")
	}
	const n = 1_000_000
	e := newEnv(t)
	start := time.Now()
	data := fillLog(t, e, n, 365*24*time.Hour, time.Second)
	appendDur := time.Since(start)
	disk := dirSize(t, e.logDir())
	t.Logf("append: %d records (%d MB data) in %v: %.0f records/s, %.1f MB/s, checkpoint every second",
		n, data>>20, appendDur.Round(time.Millisecond), n/appendDur.Seconds(), float64(data)/(1<<20)/appendDur.Seconds())
	t.Logf("disk: %d MB for %d MB of records: %.1f bytes/record overhead (segments %d, hashes %d, index %d, checkpoints %d)",
		disk>>20, data>>20, float64(disk-data)/n, sizeOf(e.logDir(), ".seg")-data, fileSize(e.logDir(), hashesFile),
		dirSize(t, filepath.Join(e.logDir(), indexDir)), fileSize(e.logDir(), checkpointsFile))

	start = time.Now()
	rep, err := e.verify(t)
	verifyDur := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("verify: %d records, %d checkpoints in %v: %.0f MB/s",
		rep.Records, rep.Checkpoints, verifyDur.Round(time.Millisecond), float64(rep.DataBytes)/(1<<20)/verifyDur.Seconds())

	var lat []time.Duration
	for d := range 20 {
		since := t0.Add(time.Duration(10+d*17) * 24 * time.Hour)
		start = time.Now()
		res, err := Query(e.dir, QueryOptions{Since: since, Until: since.Add(24*time.Hour - 1)})
		lat = append(lat, time.Since(start))
		if err != nil || len(res) < 2700 {
			t.Fatalf("day query: %d results, %v", len(res), err)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("query, one day (~2740 records) of 1M: median %v, max %v", lat[len(lat)/2], lat[len(lat)-1])
}

func fileSize(dir, name string) int64 {
	st, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		return 0
	}
	return st.Size()
}

func sizeOf(dir, suffix string) int64 {
	var total int64
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if filepath.Ext(e.Name()) == suffix {
			if info, err := e.Info(); err == nil {
				total += info.Size()
			}
		}
	}
	return total
}
