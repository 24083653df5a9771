//go:build !unix

package pipeline

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrLocked is returned by OpenSpool when another process (or Spool) has the directory open.
var ErrLocked = errors.New("spool directory is in use")

// lockDir creates dir/LOCK exclusively; without advisory locks a stale file after a crash
// must be removed by hand.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, ErrLocked
	}
	return f, err
}
