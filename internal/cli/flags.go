package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlagSet makes a FlagSet for the command called name; parse it with
// parseFlags, which prints its help and errors.
func newFlagSet(name string, s stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parseFlags says what went wrong, in one line
	fs.Usage = func() {}
	s.trace.register(fs)
	return fs
}

// parseFlags parses args: -h/--help prints the command's help on stdout
// (errHelp; the window's is the whole usage), a bad flag prints one line
// with the flag package's message and where the help is on stderr
// (errUsage).
func parseFlags(fs *flag.FlagSet, args []string, s stdio) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		if c, ok := findCommand(fs.Name()); ok && c.name != "" {
			fmt.Fprint(s.out, commandHelp(c, fs))
		} else {
			fmt.Fprint(s.out, usage())
		}
		return errHelp
	default:
		fmt.Fprintf(s.err, "%s: %v (see %s)\n", commandLabel(fs), err, helpHint(fs))
		return errUsage
	}
}

// commandLabel is how error lines of fs's command start: "tokeninspector
// login", or "tokeninspector" for the window.
func commandLabel(fs *flag.FlagSet) string {
	if c, ok := findCommand(fs.Name()); ok && c.name != "" {
		return "tokeninspector " + c.name
	}
	return "tokeninspector"
}
