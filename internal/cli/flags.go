package cli

import (
	"errors"
	"flag"
	"fmt"
)

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
