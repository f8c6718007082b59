package cli

import (
	"fmt"
	"os"
	"strings"
)

// writeKeyFile writes data to path with mode 0600 (also when the file
// already exists with another mode): it may hold a private key.
func writeKeyFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// readArg reads a flag's value: @FILE is the file's content, - is stdin,
// anything else is the value itself.
func readArg(v string, s stdio) ([]byte, error) {
	switch {
	case v == "-":
		b, err := readAllLimited(s)
		if err != nil {
			return nil, fmt.Errorf("reading stdin: %w", err)
		}
		return b, nil
	case strings.HasPrefix(v, "@"):
		return os.ReadFile(v[1:])
	}
	return []byte(v), nil
}
