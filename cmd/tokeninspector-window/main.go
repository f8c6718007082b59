// Command tokeninspector-window is Token Inspector's window. It links the
// Fyne GUI toolkit (cgo, OpenGL); the tokeninspector command line starts it
// when run without a subcommand, and the desktop menu entry runs it directly.
// Usage: tokeninspector-window [profile flags]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/pkg/browser"

	"github.com/tokeninspector/tokeninspector/internal/glwindow"
)

func main() {
	// The window sits idle beside an IDE all day and allocates little once
	// it shows (a countdown tick: a few strings). Collecting at 1.5× the
	// live heap instead of Go's 2× keeps about 15 MiB off its memory at the
	// price of more frequent, small collections while logging in. GOGC in
	// the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	glwindow.NoDepthBuffer()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// pkg/browser copies the browser's output to stdout: keep it off the
	// terminal's output channel, like the CLI does.
	browser.Stdout = os.Stderr
	err := runWindow(ctx, os.Args[1:], os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintf(os.Stderr, "tokeninspector: %v\n", err)
		os.Exit(1)
	}
}

// errUsage means the flags were wrong; the flag package said why.
var errUsage = errors.New("usage")
