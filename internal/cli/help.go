package cli

import (
	"flag"
	"fmt"
	"strings"
)

// commandHelp is the --help text of command c: its synopsis and summary,
// then every flag of fs (its own, the profile and login flags it takes,
// and any added later) with its default, the exit codes and an example.
// The flag list comes from fs itself, so it never falls behind the code.
func commandHelp(c command, fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage:\n  tokeninspector %s\n\n%s.\n", c.synopsis, upperFirst(c.summary))
	if flags := flagHelp(fs); flags != "" {
		b.WriteString("\nFlags:\n" + flags)
	}
	b.WriteString("\nExit codes:\n  0  done\n  1  error\n  2  bad usage\n")
	for _, e := range c.exits {
		b.WriteString("  " + e + "\n")
	}
	if c.example != "" {
		b.WriteString("\nExample:\n  " + c.example + "\n")
	}
	b.WriteString("\nAll commands: tokeninspector help\n")
	return b.String()
}

// flagHelp lists fs's flags, sorted by name: "--name TYPE", then the
// usage with the default when it is not the zero value (as the flag
// package's PrintDefaults, but with the double dash this command line's
// help uses everywhere).
func flagHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		typ, use := flag.UnquoteUsage(f)
		b.WriteString("  --" + f.Name)
		if typ != "" {
			b.WriteString(" " + typ)
		}
		b.WriteString("\n        " + strings.ReplaceAll(use, "\n", "\n        "))
		if !zeroDefault(f) {
			if typ == "string" {
				fmt.Fprintf(&b, " (default %q)", f.DefValue)
			} else {
				fmt.Fprintf(&b, " (default %s)", f.DefValue)
			}
		}
		b.WriteString("\n")
	})
	return b.String()
}

// zeroDefault says whether f's default is its type's zero value, which
// help leaves out.
func zeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]", "<nil>":
		return true
	}
	return false
}

// upperFirst is s with its first letter in upper case.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// helpHint is the one line after a bad flag: where the command's help is.
func helpHint(fs *flag.FlagSet) string {
	if _, ok := findCommand(fs.Name()); !ok {
		return "tokeninspector --help"
	}
	return "tokeninspector " + fs.Name() + " --help"
}
