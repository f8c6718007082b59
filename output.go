package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

// setup parses profile flags (and the command's own, added by extra) and
// returns the resolved provider. Close both when done.
func setup(ctx context.Context, name string, args []string, s stdio, extra func(fs *flag.FlagSet)) (*oidc.Provider, *profiles.Providers, error) {
	var pf profiles.Flags
	fs := newFlagSet(name, s)
	pf.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args, s); err != nil {
		return nil, nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "tokeninspector %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, nil, errUsage
	}
	_, p, ps, err := pf.Open(s.err)
	if err != nil {
		return nil, nil, err
	}
	pr, err := ps.New(ctx, p)
	if err != nil {
		ps.Close()
		return nil, nil, err
	}
	for _, note := range pr.Endpoints().Notes { // e.g. endpoints on another host
		fmt.Fprintf(s.err, "tokeninspector: discovery: %s\n", note)
	}
	return pr, ps, nil
}

// printSet writes a token set report as indented JSON, each token with its
// signature result and validation checks.
func printSet(ctx context.Context, w io.Writer, pr *oidc.Provider, ts *auth.TokenSet) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v := pr.ValidateSet(ctx, ts)
	return writeJSON(w, check.SetReport{Set: ts, Now: pr.Now(), Validation: &v})
}

// writeJSON writes v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

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
