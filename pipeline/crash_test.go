package pipeline_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

const crashEnv = "HUSH_PIPELINE_CRASH_DIR"

// crashChild runs a pipeline under load and prints the id of every record once it is
// acknowledged as spooled, until it is killed.
func crashChild(dir string) {
	var mu sync.Mutex
	p, err := pipeline.New(pipeline.Config{
		Engine:      engine(),
		Spool:       pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool"), SegmentBytes: 256 << 10, Fsync: pipeline.FsyncNever},
		Sinks:       []pipeline.NamedSink{{Name: "files", Sink: fileSink(filepath.Join(dir, "logs"))}},
		QueuePolicy: pipeline.BlockWhenFull,
		OnSpooled: func(id string) {
			mu.Lock()
			os.Stdout.Write([]byte(id + "\n"))
			mu.Unlock()
		},
	})
	if err != nil {
		panic(err)
	}
	c := newCanaries(1)
	for {
		p.Offer(exchange(c, 2048))
	}
}

// TestCrashRecovery kills a process that spools and delivers under load, tears the tail of
// its last segment as a power loss would, restarts the pipeline on the same directory and
// checks that every record acknowledged as spooled reaches the sink, that the torn tail is
// reported and that nothing corrupt is delivered.
func TestCrashRecovery(t *testing.T) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 3000 {
		if id := sc.Text(); len(id) == 26 {
			acked[id] = true
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	for sc.Scan() { // ids printed before the kill are acknowledged too
		if id := sc.Text(); len(id) == 26 {
			acked[id] = true
		}
	}
	cmd.Wait()
	if len(acked) < 3000 {
		t.Fatalf("child acknowledged only %d records", len(acked))
	}

	// a power loss mid-append leaves half a frame: write one
	segs, _ := filepath.Glob(filepath.Join(dir, "spool", "*.seg"))
	last := segs[len(segs)-1]
	f, err := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{0x00, 0x10, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 26, '0', '1'})
	f.Close()

	p, err := pipeline.New(pipeline.Config{
		Engine: engine(),
		Spool:  pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool"), SegmentBytes: 256 << 10},
		Sinks:  []pipeline.NamedSink{{Name: "files", Sink: fileSink(filepath.Join(dir, "logs"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// the kill itself may have cut a batch write short too (the kernel stops copying at a
	// fatal signal), so at least our 11 bytes are torn off
	rec := p.Recovery()
	if rec.TornSegment != filepath.Base(last) || rec.TornBytes < 11 {
		t.Fatalf("torn tail not reported: %+v", rec)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := jsonlIDs(filepath.Join(dir, "logs"))
	if err != nil {
		t.Fatalf("corrupt output: %v", err)
	}
	missing, dups := 0, 0
	for id := range acked {
		if got[id] == 0 {
			missing++
		}
	}
	for _, n := range got {
		dups += n - 1
	}
	t.Logf("acknowledged %d, delivered %d distinct, %d duplicates (redelivered after the crash), spool recovery %+v",
		len(acked), len(got), dups, rec)
	if missing > 0 {
		t.Fatalf("%d acknowledged records missing after the crash", missing)
	}
}
