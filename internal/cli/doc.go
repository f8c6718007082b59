// Package cli is the tokeninspector command line: it parses a command line,
// runs the subcommand it names and returns the process exit code.
package cli
