package remembered

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/gofrs/flock"
)

// lockRetry is how often a waiting process tries the lock again.
const lockRetry = 20 * time.Millisecond

// Locks are the per-profile lock files and change markers, in one folder,
// and the session cache that is valid against those markers.
type Locks struct {
	Dir string
	// Cache, when set, keeps a copy of each fresh remembered access token
	// for Store.Cached (see cache.go); nil => none.
	Cache keyring.ExpiringStore
}

// DefaultLocks puts the lock files in the user's runtime directory
// ($XDG_RUNTIME_DIR, private to the user and emptied at logout) or, where
// there is none, in the user cache directory. The session cache is the
// kernel's user keyring on Linux, none elsewhere.
func DefaultLocks() (*Locks, error) {
	base := os.Getenv("XDG_RUNTIME_DIR")
	if base == "" {
		var err error
		if base, err = os.UserCacheDir(); err != nil {
			return nil, fmt.Errorf("session locks: %w", err)
		}
	}
	return &Locks{Dir: filepath.Join(base, "tokeninspector", "locks"), Cache: keyring.NewKernelKeyring()}, nil
}

// fileName is a profile's file stem: a hash, so any profile name (slashes,
// dots, another script) makes a safe file name.
func (l *Locks) fileName(profile string) string {
	return filepath.Join(l.Dir, fileStem(profile))
}

// fileStem is the hash that names a profile's files and cache entry.
func fileStem(profile string) string {
	sum := sha256.Sum256([]byte(profile))
	return hex.EncodeToString(sum[:8])
}

// Lock takes the profile's refresh lock, waiting until ctx ends: held from
// reading the session to saving its refreshed successor. The returned
// function releases it; a process that dies releases it too.
func (l *Locks) Lock(ctx context.Context, profile string) (unlock func(), err error) {
	return l.lockFile(ctx, profile, ".lock")
}

// lockWrite takes the profile's write lock, held only around one
// read-and-write of its keyring entry.
func (l *Locks) lockWrite(ctx context.Context, profile string) (unlock func(), err error) {
	return l.lockFile(ctx, profile, ".write")
}

func (l *Locks) lockFile(ctx context.Context, profile, suffix string) (unlock func(), err error) {
	if err := os.MkdirAll(l.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("session lock: %w", err)
	}
	f := flock.New(l.fileName(profile)+suffix, flock.SetPermissions(0o600))
	ok, err := f.TryLockContext(ctx, lockRetry)
	switch {
	case err != nil && errors.Is(err, ctx.Err()):
		return nil, fmt.Errorf("session lock of %s: another Token Inspector process held it too long: %w", profile, err)
	case err != nil:
		return nil, fmt.Errorf("session lock of %s: %w", profile, err)
	case !ok:
		return nil, fmt.Errorf("session lock of %s: not acquired", profile)
	}
	return func() { _ = f.Unlock() }, nil
}

// touch records that the profile's remembered session changed and returns
// the stamp it wrote.
func (l *Locks) touch(profile string) (string, error) {
	if err := os.MkdirAll(l.Dir, 0o700); err != nil {
		return "", fmt.Errorf("session marker: %w", err)
	}
	// The marker holds no secret: only the time, which makes its content
	// change even where the file system's clock is coarse.
	stamp := time.Now().UTC().Format(time.RFC3339Nano)
	if err := os.WriteFile(l.fileName(profile)+".changed", []byte(stamp), 0o600); err != nil {
		return "", fmt.Errorf("session marker: %w", err)
	}
	return stamp, nil
}

// Stamp names the last change of the profile's remembered session ("" when
// none was ever recorded); compare two stamps to see a change.
func (l *Locks) Stamp(profile string) string {
	b, err := os.ReadFile(l.fileName(profile) + ".changed")
	if err != nil {
		return ""
	}
	return string(b)
}
