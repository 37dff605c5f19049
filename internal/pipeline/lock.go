package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = errors.New("locked")

// ErrBusy is returned when another sync holds the data directory's lock.
var ErrBusy = errors.New("another sync is running")

// LockSync takes the data directory's sync lock, so two runs never
// overlap. The lock is the kernel's (flock): a run that is killed lets go
// of it with its process, so a crash never leaves a stale lock behind.
func LockSync(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	path := filepath.Join(dir, "sync.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w (%s): try again when it has finished", ErrBusy, strings.TrimSpace(string(holder)))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d, since %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))), 0)
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
