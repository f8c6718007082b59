// Command tokeninspector is Token Inspector's command line: it logs in
// through an OAuth 2.0 / OpenID Connect provider, refreshes and decodes
// tokens, and prints JSON for scripts. It does not link the GUI toolkit, so
// it starts fast and prints nothing but its own output in any locale. With no
// subcommand it starts the window, a separate program (tokeninspector-window).
// The command line itself is internal/cli; this is its wiring.
package main

import (
	"context"
	"os"

	"github.com/pkg/browser"

	"github.com/tokeninspector/tokeninspector/internal/cli"
	"github.com/tokeninspector/tokeninspector/internal/version"
)

func main() {
	// pkg/browser copies the browser's output to stdout, which is the
	// CLI's JSON channel: send it to stderr instead.
	browser.Stdout = os.Stderr
	streams := cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	os.Exit(cli.Main(context.Background(), os.Args[1:], streams, version.String()))
}
