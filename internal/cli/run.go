package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
)

// Streams are the standard streams a command line runs with.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

// Main runs the command line args (without the program name) with the
// streams; version is what --version prints. It returns the process exit
// code.
func Main(ctx context.Context, args []string, s Streams, version string) int {
	return run(ctx, args, stdio{in: s.In, out: s.Out, err: s.Err}, version)
}

// stdio are a command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	trace    *traceOut // --trace of a command that talks to a provider
}

// run dispatches a command line; it returns the process exit code.
func run(ctx context.Context, args []string, s stdio, version string) int {
	name := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "" && slices.ContainsFunc(args, func(a string) bool { return a == "--version" || a == "-version" }) {
		fmt.Fprintln(s.out, version)
		return 0
	}
	var err error
	switch cmd, ok := findCommand(name); {
	case name == "help":
		return runHelp(ctx, args, s)
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
		if cmd.traces {
			ctx = startTrace(ctx, &s, version)
		}
		err = cmd.run(ctx, args, s)
		s.trace.write(s)
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

// runHelp is `help [COMMAND]`: the usage of every command, or COMMAND's
// own help, the same as `COMMAND --help`.
func runHelp(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		fmt.Fprint(s.out, usage())
		return 0
	}
	cmd, ok := findCommand(args[0])
	if !ok || cmd.name == "" || len(args) > 1 {
		fmt.Fprintf(s.err, "tokeninspector help: no command %q (see tokeninspector help)\n", strings.Join(args, " "))
		return 2
	}
	return run(ctx, []string{cmd.name, "--help"}, s, "")
}
