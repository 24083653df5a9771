package serve

import (
	"os"
	"runtime"
	"sync"
	"syscall"
)

// backgroundNice is the nice value of the threads that run the pipeline's redaction: the
// kernel then gives them what CPU time the request path leaves.
const backgroundNice = 10

// lowPriority locks the calling goroutine to its thread and lowers that thread's priority.
// The goroutine never unlocks: when it exits, the runtime ends the thread instead of reusing
// it, so the priority never reaches other goroutines.
func lowPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), backgroundNice) // best effort
}

// The low-priority worker threads hold a P while the kernel leaves them waiting for a core;
// so that requests never wait for a P behind them, a running server adds one P per worker
// (unless GOMAXPROCS is set in the environment) and gives them back at shutdown.
var procs struct {
	sync.Mutex
	base, extra int
}

func addProcs(n int) (release func()) {
	if os.Getenv("GOMAXPROCS") != "" || n <= 0 {
		return func() {}
	}
	procs.Lock()
	defer procs.Unlock()
	if procs.extra == 0 {
		procs.base = runtime.GOMAXPROCS(0)
	}
	procs.extra += n
	runtime.GOMAXPROCS(procs.base + procs.extra)
	var once sync.Once
	return func() {
		once.Do(func() {
			procs.Lock()
			defer procs.Unlock()
			procs.extra -= n
			runtime.GOMAXPROCS(procs.base + procs.extra)
		})
	}
}
