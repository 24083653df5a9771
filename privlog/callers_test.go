package privlog_test

import "runtime"

func callers(pcs []uintptr) int { return runtime.Callers(2, pcs) }
