package cli

import "context"

// command is one subcommand. Each lives in its own NAME.go file; add a
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
	// exits are the exit codes this command adds to 0, 1 and 2, one line
	// each ("3  a login is needed"), for its --help.
	exits []string
	// example is one command line showing the command in use, for its
	// --help.
	example string
	// traces is set on commands that talk to a provider: they take
	// --trace FILE (trace.go).
	traces bool
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
		callCommand(),
		gitCredentialCommand(),
		exportCommand(),
		decodeCommand(),
		keygenCommand(),
		signCommand(),
		mutateCommand(),
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
