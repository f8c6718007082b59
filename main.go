// Command tokeninspector is Token Inspector's command line: it logs in
// through an OAuth 2.0 / OpenID Connect provider, refreshes and decodes
// tokens, and prints JSON for scripts. It does not link the GUI toolkit, so
// it starts fast and prints nothing but its own output in any locale. With no
// subcommand it starts the window, a separate program (tokeninspector-window).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"

	"github.com/pkg/browser"
)

func main() {
	// pkg/browser copies the browser's output to stdout, which is the
	// CLI's JSON channel: send it to stderr instead.
	browser.Stdout = os.Stderr
	os.Exit(run(context.Background(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

// stdio are a command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// run dispatches a command line; it returns the process exit code.
func run(ctx context.Context, args []string, s stdio) int {
	name := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "" && slices.ContainsFunc(args, func(a string) bool { return a == "--version" || a == "-version" }) {
		fmt.Fprintln(s.out, versionString())
		return 0
	}
	var err error
	switch cmd, ok := findCommand(name); {
	case name == "help":
		fmt.Fprint(s.out, usage())
	case !ok:
		fmt.Fprintf(s.err, "tokeninspector: unknown command %q\n\n%s", name, usage())
		return 2
	default:
		if !cmd.quick {
			// Ctrl+C cancels ctx: a login or a server stops cleanly.
			var stop context.CancelFunc
			ctx, stop = signal.NotifyContext(ctx, os.Interrupt)
			defer stop()
		}
		err = cmd.run(ctx, args, s)
	}
	var exit exitCode
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &exit):
		return int(exit)
	default:
		fmt.Fprintf(s.err, "tokeninspector: %v\n", err)
		return 1
	}
}
