package serve

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestLowPriority runs lowPriority on a goroutine and reads its thread's nice value back
// from /proc; the test's own thread keeps its priority.
func TestLowPriority(t *testing.T) {
	nice := func(tid int) int {
		b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(tid) + "/stat")
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		n, err := strconv.Atoi(f[16]) // field 19 of stat: nice
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	got := make(chan int)
	go func() {
		lowPriority()
		got <- nice(syscall.Gettid())
	}()
	if n := <-got; n != backgroundNice {
		t.Fatalf("worker thread nice %d, want %d", n, backgroundNice)
	}
	if n := nice(syscall.Gettid()); n == backgroundNice {
		t.Fatal("the caller's thread was lowered too")
	}
}
