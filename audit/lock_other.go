//go:build !unix

package audit

import (
	"fmt"
	"os"
)

// lockDir creates dir/lock exclusively; on these platforms a stale lock file left by a crash
// must be removed by hand.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(dir+string(os.PathSeparator)+"lock", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return nil, fmt.Errorf("lock %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("lock: %w", err)
	}
	return f, nil
}

func syncDir(string) error { return nil }

func unlockDir(f *os.File) error {
	name := f.Name()
	if err := f.Close(); err != nil {
		return err
	}
	return os.Remove(name)
}
