//go:build !linux

package serve

// lowPriority does nothing where thread priorities are not set (see prio_linux.go).
func lowPriority() {}

// addProcs adds no P where worker threads keep their priority.
func addProcs(int) (release func()) { return func() {} }
