package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"
)

// readToken reads one token from r (first non-empty line, trimmed).
func readToken(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			return s, nil
		}
	}
	return "", nil
}

// readAllLimited reads stdin whole (at most 1 MiB).
func readAllLimited(s stdio) ([]byte, error) {
	return io.ReadAll(io.LimitReader(s.in, 1<<20))
}

// tokenArg is the one token a command takes as its argument, or from stdin
// when the argument is - or missing; more than one is a usage error.
func tokenArg(fs *flag.FlagSet, command string, s stdio) (string, error) {
	switch {
	case fs.NArg() > 1:
		fmt.Fprintf(s.err, "tokeninspector %s: give one token, or - for stdin (flags go before the token)\n", command)
		return "", errUsage
	case fs.NArg() == 0 || fs.Arg(0) == "-":
		return readToken(s.in)
	}
	return fs.Arg(0), nil
}
