package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// windowProgram is the window's executable: it links the GUI toolkit, which
// this command line must not (its start-up cost and its locale warnings).
const windowProgram = "tokeninspector-window"

func windowCommand() command {
	return command{
		name:     "",
		synopsis: "[--auto-refresh LEAD] [login flags] [profile flags]",
		summary:  "open the window (" + windowProgram + ")",
		quick:    true, // the window program handles Ctrl+C itself
		run:      runWindow,
		exits:    nil,
		example:  `tokeninspector --profile demo --auto-refresh 20s`,
	}
}

// runWindow checks the profile flags, then replaces this process with the
// window program (or, where a process cannot be replaced, runs it and
// returns its exit code). The window reads the flags again itself.
func runWindow(_ context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var lo profiles.LoginFlags
	fs := newFlagSet("tokeninspector", s)
	pf.Register(fs)
	lo.Register(fs)
	fs.Duration("auto-refresh", 0, "start with auto-refresh on for the selected profile, this long before expiry (e.g. 20s)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "tokeninspector: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	path, err := findWindow()
	if err != nil {
		return err
	}
	return execWindow(path, args)
}

// findWindow looks for the window program next to this executable (how
// make build, make install and the packages lay them out), then on PATH.
func findWindow() (string, error) {
	name := windowProgram
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	self, err := os.Executable()
	if err == nil {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		next := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(next); err == nil && st.Mode().IsRegular() {
			return next, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("the window program: %w", err)
		}
	}
	path, err := exec.LookPath(windowProgram)
	if err != nil {
		where := "on PATH"
		if self != "" {
			where = "next to " + self + " or on PATH"
		}
		return "", fmt.Errorf("the window is a separate program, %s, and it is not %s: "+
			"build it with `make build` or install the package (the subcommands work without it)", name, where)
	}
	return path, nil
}
