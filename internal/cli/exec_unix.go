//go:build unix

package cli

import (
	"fmt"
	"os"
	"syscall"
)

// execWindow replaces this process with the window program: same process
// id, same standard streams and signals, nothing left waiting.
func execWindow(path string, args []string) error {
	argv := append([]string{path}, args...)
	if err := syscall.Exec(path, argv, os.Environ()); err != nil {
		return fmt.Errorf("starting the window (%s): %w", path, err)
	}
	return nil // not reached: Exec does not return on success
}
