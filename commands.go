package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
)

// command is one subcommand. Each lives in its own cmd_NAME.go file; add a
// new one to commands() and it is dispatched and listed in the usage text.
type command struct {
	name     string // "" is the window
	synopsis string // how to call it, without the leading "tokeninspector "
	summary  string // what it does, in a few words
	// quick commands are short and offline: no Ctrl+C handler, whose
	// set-up (a signal goroutine and thread) costs about a tenth of a
	// minimal Go program's start.
	quick bool
	run   func(ctx context.Context, args []string, s stdio) error
}

// commands lists the subcommands in the order the usage text shows them.
func commands() []command {
	return []command{
		windowCommand(),
		loginCommand(),
		refreshCommand(),
		exchangeCommand(),
		userinfoCommand(),
		introspectCommand(),
		revokeCommand(),
		logoutCommand(),
		tokenCommand(),
		exportCommand(),
		decodeCommand(),
		demoIDPCommand(),
	}
}

// findCommand returns the command called name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// errUsage means the flags were wrong and usage was already printed.
var errUsage = errors.New("usage")

// errHelp means help was asked for and printed: exit 0.
var errHelp = errors.New("help shown")

// exitCode is an error that only carries a process exit code (the window's).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usageProfileFlags = `
Profile flags:
  --profile NAME        a built-in (demo, decathlon-eu) or config-file profile
  --issuer URL          OIDC issuer (endpoints by discovery)
  --auth-url, --token-url, --jwks-url URL
  --client-id ID, --client-secret S (safer: $TOKENINSPECTOR_CLIENT_SECRET)
  --scope "openid profile"  --redirect-port N[,N…]
  --auth-method post|basic|none|private_key_jwt|client_secret_jwt  --client-key FILE (PEM or JWK)
  --config FILE         config file (default: the user config dir)
  --timeout DURATION    HTTP timeout (default 30s)   --ca-file PEM   extra CA bundle
`

// usage is the help text, built from the command list.
func usage() string {
	var b strings.Builder
	b.WriteString("Token Inspector — log in, look inside tokens, keep them fresh.\n\nUsage:\n")
	const column = 35 // where summaries start, after "  tokeninspector "
	for _, c := range commands() {
		b.WriteString("  tokeninspector " + c.synopsis)
		if len(c.synopsis) < column {
			b.WriteString(strings.Repeat(" ", column-len(c.synopsis)))
		} else {
			b.WriteString("\n" + strings.Repeat(" ", len("  tokeninspector ")+column))
		}
		b.WriteString(c.summary + "\n")
	}
	b.WriteString("  tokeninspector --version\n")
	b.WriteString(usageProfileFlags)
	return b.String()
}

// newFlagSet makes a FlagSet that reports errors to stderr; parse it with
// parseFlags.
func newFlagSet(name string, s stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.Usage = func() {} // parseFlags prints it, on the stream that fits
	return fs
}

// parseFlags parses args: -h/--help prints the usage on stdout (errHelp),
// a bad flag prints the flag package's message and the usage on stderr
// (errUsage).
func parseFlags(fs *flag.FlagSet, args []string, s stdio) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(s.out, usage())
		return errHelp
	default:
		fmt.Fprint(s.err, usage())
		return errUsage
	}
}
