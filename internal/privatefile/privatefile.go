// Package privatefile writes files only their owner may read or write (mode
// 0600): the config file, history files, exports and DPoP keys, which hold
// secrets or name people.
//
// No library fits: github.com/google/renameio/v2, the kept library for
// atomic replacement, builds none of its functions on Windows (its
// "maybe" fallback there writes in place, not atomically), and it keeps an
// existing file's mode where this package must tighten it to 0600. os.Rename
// replaces a file atomically on Windows too, so the few lines below serve
// every platform the CLI and the window build for.
package privatefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
)

// Mode is the mode of every file this package writes.
const Mode = 0o600

// Write writes data to path with mode 0600, replacing the file's content;
// an existing file's looser mode is tightened before the data lands.
func Write(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, Mode)
	if err != nil {
		return err
	}
	if err := f.Chmod(Mode); err != nil { // an existing file keeps its mode otherwise
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Replace replaces the file at path atomically with what write writes:
// readers see the old file or the new one, never a part. It creates path's
// folder (mode 0700) when missing, has write fill a temporary file named
// after pattern (as in os.CreateTemp) in the same folder with mode 0600, runs
// beforeRename (when not nil) once that file is complete, and renames it
// over path. On any error the temporary file is removed and path is left
// as it was.
func Replace(path, pattern string, write func(io.Writer) error, beforeRename func() error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return err
	}
	werr := tmp.Chmod(Mode)
	if werr == nil {
		werr = write(tmp)
	}
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if beforeRename != nil {
		if err := beforeRename(); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
