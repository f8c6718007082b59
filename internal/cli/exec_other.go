//go:build !unix

package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
)

// execWindow runs the window program with this process's streams and waits
// for it (Windows has no exec that keeps the process), passing its exit code on.
// Ctrl+C reaches both processes (the console sends it to the whole group):
// this one ignores it and exits when the window has.
func execWindow(path string, args []string) error {
	signal.Ignore(os.Interrupt)
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return exitCode(ee.ExitCode())
	}
	if err != nil {
		return fmt.Errorf("starting the window (%s): %w", path, err)
	}
	return nil
}
