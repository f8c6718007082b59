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

	"github.com/pkg/browser"

	// Before Fyne reads the locale: no "Error parsing user locale C" line
	// in a C.UTF-8 locale.
	_ "github.com/tokeninspector/tokeninspector/internal/fynelocale"
)

func main() {
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
