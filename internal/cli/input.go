package cli

import (
	"bufio"
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
