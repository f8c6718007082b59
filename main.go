// Command tokeninspector logs in through an OAuth 2.0 / OpenID Connect
// provider, shows the tokens decoded and keeps them fresh. With no
// subcommand it opens the window; the subcommands are a headless CLI.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"

	"github.com/pkg/browser"
)

const usage = `Token Inspector — log in, look inside tokens, keep them fresh.

Usage:
  tokeninspector [profile flags]                    open the window
  tokeninspector login [profile flags]              browser login, print the token set as JSON
  tokeninspector refresh --refresh-token T|- [profile flags]
                                                    one refresh_token grant, print the new token set
  tokeninspector decode [TOKEN|-]                   decode a token (JWT or opaque) as JSON
  tokeninspector demo-idp [--port N] [--auto-approve]
                                                    run the built-in demo provider standalone
  tokeninspector --version

Profile flags:
  --profile NAME        a built-in (demo, decathlon-eu) or config-file profile
  --issuer URL          OIDC issuer (endpoints by discovery)
  --auth-url, --token-url, --jwks-url URL
  --client-id ID, --client-secret S (safer: $TOKENINSPECTOR_CLIENT_SECRET)
  --scope "openid profile"  --auth-method post|basic|none  --redirect-port N[,N…]
  --config FILE         config file (default: the user config dir)
  --timeout DURATION    HTTP timeout (default 30s)   --ca-file PEM   extra CA bundle
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// pkg/browser copies the browser's output to stdout, which is the
	// CLI's JSON channel: send it to stderr instead.
	browser.Stdout = os.Stderr
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a command line; it returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if cmd == "" && slices.ContainsFunc(args, func(a string) bool { return a == "--version" || a == "-version" }) {
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	var err error
	switch cmd {
	case "":
		err = runWindow(ctx, args, stderr)
	case "login":
		err = runLogin(ctx, args, stdout, stderr)
	case "refresh":
		err = runRefresh(ctx, args, stdin, stdout, stderr)
	case "decode":
		err = runDecode(args, stdin, stdout, stderr)
	case "demo-idp":
		err = runDemoIDP(ctx, args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "tokeninspector: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err == errUsage {
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "tokeninspector: %v\n", err)
		return 1
	}
	return 0
}
