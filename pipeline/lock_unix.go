//go:build unix

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrLocked is returned by OpenSpool when another process (or Spool) has the directory open.
var ErrLocked = errors.New("spool directory is in use")

// lockDir takes an exclusive advisory lock on dir/LOCK; the lock ends when the returned file
// is closed or the process exits.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("spool: %w", ErrLocked)
		}
		return nil, fmt.Errorf("spool: lock: %w", err)
	}
	return f, nil
}
